/** The step decisions (pure): which V8 pause ends a protocol step, and with which reason. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pause } from '../../src/simulator/engine/cpu-run';
import { type DecideContext, type Drive, decide, firstStep, trapMessage } from '../../src/simulator/stepping';

const frame = (pc: number, func = 1) => ({ callFrameId: `f${pc}`, func, pc });
const pause = (pcs: number[], o: Partial<Pause> = {}): Pause => ({ reason: 'other', hitBreakpointIds: [], frames: pcs.map((pc) => frame(pc)), inHost: false, ...o });
const ctx = (o: Partial<DecideContext> = {}): DecideContext => ({ breakpointOffset: () => undefined, entryOffset: null, pauseRequested: false, ...o });
const drive = (kind: Drive['kind'], startDepth = 1, ranges: Drive['ranges'] = []): Drive => ({ kind, ranges, startDepth });

test('a single step stops at the next pause in wasm', () => {
  assert.deepEqual(decide(drive('into'), pause([12]), ctx()), { stop: 'step' });
  assert.deepEqual(decide(drive('over'), pause([12]), ctx()), { stop: 'step' });
});

test('a step that entered a native function comes back out', () => {
  assert.deepEqual(decide(drive('into'), pause([12], { inHost: true }), ctx()), { v8: 'out' });
  assert.equal(firstStep('over', pause([12], { inHost: true })), 'out');
  assert.equal(firstStep('into', pause([12])), 'into');
});

test('step out continues until the frame returned', () => {
  assert.deepEqual(decide(drive('out', 2), pause([30, 10]), ctx()), { v8: 'out' });
  assert.deepEqual(decide(drive('out', 2), pause([11]), ctx()), { stop: 'step' });
});

test('ranges: keep stepping inside, stop outside, on return, or in a callee', () => {
  const r = [{ start: 10, end: 20 }];
  assert.deepEqual(decide(drive('over', 1, r), pause([15]), ctx()), { v8: 'over' });
  assert.deepEqual(decide(drive('into', 1, r), pause([15]), ctx()), { v8: 'into' });
  assert.deepEqual(decide(drive('over', 1, r), pause([20]), ctx()), { stop: 'step' });
  assert.deepEqual(decide(drive('into', 1, r), pause([50, 15]), ctx()), { stop: 'step' });
  assert.deepEqual(decide(drive('over', 2, r), pause([15]), ctx()), { stop: 'step' });
});

test('breakpoints, entry and pause requests win over stepping', () => {
  const c = ctx({ breakpointOffset: (id) => (id === 'bp' ? 15 : undefined) });
  assert.deepEqual(decide(drive('over', 1, [{ start: 10, end: 20 }]), pause([15], { hitBreakpointIds: ['bp'] }), c), { stop: 'breakpoint', hit: 15 });
  assert.deepEqual(decide(drive('run'), pause([15], { hitBreakpointIds: ['bp'] }), c), { stop: 'breakpoint', hit: 15 });
  assert.deepEqual(decide(drive('run'), pause([15], { hitBreakpointIds: ['other'] }), c), { v8: 'run' });
  assert.deepEqual(decide(drive('run'), pause([7]), ctx({ entryOffset: 7 })), { stop: 'entry' });
  assert.deepEqual(decide(drive('over', 1, [{ start: 0, end: 99 }]), pause([15]), ctx({ pauseRequested: true })), { stop: 'pause' });
  assert.deepEqual(decide(drive('run'), pause([15], { inHost: true }), ctx({ pauseRequested: true })), { stop: 'pause' });
});

test('traps stop; other exceptions (exit, halts) and pauses outside wasm run on', () => {
  const trap = pause([15], { reason: 'exception', exception: { className: 'RuntimeError', description: 'RuntimeError: divide by zero\n    at x' } });
  assert.equal(trapMessage(trap), 'divide by zero');
  assert.deepEqual(decide(drive('over'), trap, ctx()), { trap: 'divide by zero' });
  const exit = pause([15], { reason: 'exception', inHost: true, exception: { className: 'ExitSignal', description: 'ExitSignal' } });
  assert.deepEqual(decide(drive('over'), exit, ctx()), { v8: 'run' });
  assert.deepEqual(decide(drive('into'), pause([]), ctx()), { v8: 'run' });
});
