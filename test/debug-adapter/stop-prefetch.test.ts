/**
 * The stop's prefetch (src/debug-adapter/stop-prefetch.ts) and the StoppedState caches it fills,
 * against the real simulator over TCP: one round trip for the plan, a scope longer than the
 * prefetch's bound completed when shown, nothing asked twice, a failed prefetch asked again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Capability, RunFlag, Scope } from '../../src/protocol';
import { StoppedState } from '../../src/debug-adapter/inspection';
import type { ProgramIndex } from '../../src/debug-adapter/program/index';
import { PREFETCH_BOUND, PREFETCH_MAX_VALUES, prefetchPlan, prefetchStop } from '../../src/debug-adapter/stop-prefetch';
import { Peer } from '../conformance/peer';
import { assemble, startSimulator, stopAllSimulators, type Simulator } from '../simulator/helpers';

// $deep has 20 locals (more than one prefetch answer holds) and calls $leaf: a stop two frames deep.
const WAT = `(module
  (global $g (mut i32) (i32.const 7))
  (func $leaf (param $x i32) (result i32) (i32.add (local.get $x) (global.get $g)))
  (func $deep (export "deep") (result i32) (local i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)
    (local.set 19 (i32.const 19))
    (call $leaf (local.get 19))))`;

describe('stop prefetch on the simulator', () => {
  let sim: Simulator;
  let p: Peer;
  before(async () => {
    sim = await startSimulator(['--port', '0', '--quiet']);
    p = await Peer.open(sim.url!);
    await p.deploy(await assemble(WAT, 'deep.wat'));
  });
  after(async () => {
    await p?.close();
    await stopAllSimulators();
  });

  test('one round trip for frames and the scopes of two frames; a 20-value scope is completed when shown', async () => {
    assert.ok(p.info.capabilities & Capability.pipelining);
    await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'deep' });
    await p.take('stopped');
    // Into $leaf: two steps (local.set's operand, local.set), then into the call.
    for (let i = 0; i < 4; i++) {
      await p.request('step', { kind: 0, ranges: [] });
      await p.take('stopped');
    }
    await p.request('step', { kind: 0, ranges: [] });
    const e = await p.take('stopped');
    assert.equal(e.depth, 2, 'stopped in $leaf, called from $deep');
    const s = new StoppedState(p.client, {} as ProgramIndex, e);
    const plan = prefetchPlan(s, 1);
    assert.deepEqual(plan.scopes.map((x) => `${x.scope}:${x.frame}`), [`${Scope.operandStack}:0`, `${Scope.locals}:1`, `${Scope.operandStack}:1`, `${Scope.globals}:0`]);
    const rt = p.client.stats.roundTrips;
    const before = { count: rt.count, requests: p.client.requestCount(), bytesIn: p.client.stats.bytesIn };
    prefetchStop(s, p.client, 1);
    assert.equal(rt.count - before.count, 1, 'the prefetch is one round trip');
    assert.equal(p.client.requestCount() - before.requests, 5);
    const frames = await s.frameRange(0, 20);
    assert.equal(frames.length, 2);
    const globals = await s.scope(Scope.globals, 0);
    assert.deepEqual(globals, [{ type: 'i32', value: 7 }]);
    assert.equal(rt.count - before.count, 1, 'frames and globals came with the prefetch');
    assert.ok(p.client.stats.bytesIn - before.bytesIn <= PREFETCH_BOUND.answerBytes);
    // $deep's 20 locals: 16 came with the prefetch, the rest is one more request when shown.
    const locals = await s.scope(Scope.locals, 1);
    assert.equal(locals.length, 20);
    assert.equal(PREFETCH_MAX_VALUES, 16);
    assert.deepEqual(locals[19], { type: 'i32', value: 19 });
    assert.equal(p.client.requestCount() - before.requests, 6);
    assert.equal(rt.count - before.count, 2);
    // Asked again: the cache answers.
    await s.scope(Scope.locals, 1);
    await s.scope(Scope.operandStack, 0);
    await s.frameRange(1, 19);
    assert.equal(p.client.requestCount() - before.requests, 6);
    await p.request('continue', {});
    await p.take('exited');
  });

  test('a prefetch the device refuses (the run went on) is asked again when shown, and its error said then', async () => {
    await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'deep' });
    const e = await p.take('stopped');
    await p.request('continue', {});
    await p.take('exited');
    // A stale stop: the device is idle now, so every request is refused.
    const s = new StoppedState(p.client, {} as ProgramIndex, { ...e, depth: 2 });
    prefetchStop(s, p.client, 1);
    await assert.rejects(s.scope(Scope.locals, 1), /invalid|state|not paused/i);
    await assert.rejects(s.scope(Scope.locals, 1), /invalid|state|not paused/i);
  });
});
