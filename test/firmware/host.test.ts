/**
 * The firmware's host build (agent + patched WAMR + TCP) as a real device: upload, run,
 * breakpoints patched into WAMR's code, device-side stepping, traps, pause, memory, reset.
 * Needs WAMR_ROOT (a WAMR 2.4.5 source tree); skipped without it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encode } from '../../src/protocol';
import { buildHost, Client, find, install, startHost, wamrRoot, wat, type HostDevice } from './host-device';

const MODULE = `
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "sleep_ms" (func $sleep (param i32)))
  (import "env" "log_i32" (func $log_i32 (param i32)))
  (import "env" "uptime_ms" (func $uptime (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hi")
  (global $g (mut i32) (i32.const 7))
  (func $add (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (i32.add (local.get $b) (i32.const 1111))))
  (func $div (param i32) (result i32) (i32.div_s (i32.const 100) (local.get 0)))
  (func (export "main") (result i32)
    (call $log (i32.const 16) (i32.const 2))
    (i32.add (call $add (i32.const 40) (i32.const 2)) (i32.const -1111)))
  (func (export "crash") (result i32) (call $div (i32.const 0)))
  (func (export "spin") (result i32) (local i32)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (global.set $g (local.get 0))
      (br $l))
    (i32.const 0))
  (func (export "nap") (result i32) (call $sleep (i32.const 60000)) (i32.const 5))
  (func (export "nums") (result i32)
    (call $log_i32 (i32.const -123))
    (i32.wrap_i64 (i64.shr_u (call $uptime) (i64.const 63))))
  (func $rec (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (i32.add (call $rec (i32.sub (local.get $n) (i32.const 1))) (i32.const 3)))))
  (func (export "recur") (result i32) (call $rec (i32.const 5))))
`;

const root = wamrRoot();

if (!root) {
  test('firmware host build', (t) => {
    console.log('skipped: WAMR_ROOT not set');
    t.skip('WAMR_ROOT not set');
  });
} else describe('firmware host build', () => {
  let bin = '';
  let dev: HostDevice;
  let c: Client;
  let wasm: Uint8Array;

  before(async () => {
    bin = buildHost(true);
    wasm = await wat(MODULE);
    dev = await startHost(bin);
    c = await Client.connect(dev.port);
    await install(c, wasm);
  });

  after(async () => {
    c?.close();
    await dev?.stop();
  });

  test('hello names the runtime and reports the stored module', async () => {
    const r = await c.ok('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 });
    assert.equal(r.name, 'helloOk');
    if (r.name !== 'helloOk') return;
    assert.equal(r.runtime, 'wamr');
    assert.equal(r.runtimeVersion, '2.4.5');
    assert.equal(r.board, 'host');
    assert.equal(r.state, 0);
    assert.equal(r.moduleSize, wasm.length);
  });

  test('run: log output and the entry result', async () => {
    await c.ok('run', { flags: 0, entry: 'main' });
    const out = await c.event('output');
    assert.equal(out.text, 'hi');
    const ex = await c.event('exited');
    assert.deepEqual([ex.reason, ex.code], [0, 42]);
  });

  test('natives: log_i32 and uptime_ms', async () => {
    await c.ok('run', { flags: 0, entry: 'nums' });
    assert.equal((await c.event('output')).text, '-123');
    const ex = await c.event('exited');
    assert.deepEqual([ex.reason, ex.code], [0, 0]);
  });

  test('breakpoint in a callee, frames, locals, step over, step out', async () => {
    const k1111 = find(wasm, [0x41, 0xd7, 0x08]);
    const kMinus = find(wasm, [0x41, 0xa9, 0x77]);
    const set = await c.ok('bpSet', { offsets: [k1111 + 1] }); // mid-instruction: snaps forward
    assert.equal(set.name, 'bpSetOk');
    if (set.name !== 'bpSetOk') return;
    assert.equal(set.resolved[0], k1111 + 3);
    await c.ok('bpClear', { offsets: [] });
    await c.ok('bpSet', { offsets: [k1111] });
    await c.ok('run', { flags: 0, entry: 'main' });
    await c.event('output');
    const s = await c.event('stopped');
    assert.deepEqual([s.reason, s.hit, s.pc, s.depth, s.func], [1, k1111, k1111, 2, 4]);
    assert.deepEqual(s.locals, [{ type: 'i32', value: 40 }, { type: 'i32', value: 2 }]);
    const fr = await c.ok('frames', { start: 0, count: 8 });
    assert.equal(fr.name, 'framesOk');
    if (fr.name !== 'framesOk') return;
    assert.equal(fr.total, 2);
    assert.equal(fr.frames[1].func, 6);
    assert.equal(wasm[fr.frames[1].pc], 0x10, 'the caller frame points at its call instruction');
    await c.ok('step', { kind: 1, ranges: [] });
    const s2 = await c.event('stopped');
    assert.deepEqual([s2.reason, s2.pc, s2.depth], [2, k1111 + 3, 2]);
    await c.ok('step', { kind: 2, ranges: [] });
    const s3 = await c.event('stopped');
    assert.deepEqual([s3.reason, s3.pc, s3.depth], [2, kMinus, 1]);
    await c.ok('bpClear', { offsets: [] });
    await c.ok('continue', {});
    const ex = await c.event('exited');
    assert.deepEqual([ex.reason, ex.code], [0, 42]);
  });

  test('step over and step out of recursive calls stop in the right frame (the callee runs without the hook)', async () => {
    const call = find(wasm, [0x6b, 0x10, 0x0b]) + 1; // call $rec, inside $rec
    await c.ok('bpSet', { offsets: [call] });
    await c.ok('run', { flags: 0, entry: 'recur' });
    let s = await c.event('stopped');
    assert.deepEqual([s.pc, s.depth], [call, 2]);
    await c.ok('bpClear', { offsets: [] });
    // Deeper calls return to the same offset first: the step waits for its own frame.
    await c.ok('step', { kind: 1, ranges: [] });
    s = await c.event('stopped');
    assert.deepEqual([s.reason, s.pc, s.depth], [2, call + 2, 2]);
    await c.ok('step', { kind: 2, ranges: [] });
    s = await c.event('stopped');
    assert.deepEqual([s.reason, s.depth], [2, 1]);
    await c.ok('continue', {});
    assert.equal((await c.event('exited')).code, 15);
    // Step out from the third level: the fourth returns into it first, then it returns into the second.
    await c.ok('bpSet', { offsets: [call] });
    await c.ok('run', { flags: 0, entry: 'recur' });
    for (const depth of [2, 3]) {
      s = await c.event('stopped');
      assert.deepEqual([s.pc, s.depth], [call, depth]);
      if (depth === 2) await c.ok('continue', {});
    }
    await c.ok('bpClear', { offsets: [] });
    await c.ok('step', { kind: 2, ranges: [] });
    s = await c.event('stopped');
    assert.deepEqual([s.reason, s.pc, s.depth], [2, call + 2, 2]);
    assert.deepEqual((await c.ok('values', { scope: 0, frame: 0, start: 0 })).name === 'valuesOk', true);
    await c.ok('continue', {});
    assert.equal((await c.event('exited')).code, 15);
  });

  test('a breakpoint hit twice stops twice (the opcode goes back after each resume)', async () => {
    const k1111 = find(wasm, [0x41, 0xd7, 0x08]);
    await c.ok('bpSet', { offsets: [k1111] });
    for (let round = 0; round < 2; round++) {
      await c.ok('run', { flags: 0, entry: 'main' });
      await c.event('output');
      const s = await c.event('stopped');
      assert.equal(s.pc, k1111);
      await c.ok('continue', {});
      assert.equal((await c.event('exited')).code, 42);
    }
    await c.ok('bpClear', { offsets: [] });
  });

  test('stop on entry, then a line step over a call', async () => {
    const callAdd = find(wasm, [0x41, 0x28, 0x41, 0x02, 0x10]); // i32.const 40, i32.const 2, call
    const kMinus = find(wasm, [0x41, 0xa9, 0x77]);
    await c.ok('run', { flags: 1, entry: 'main' });
    const s = await c.event('stopped');
    assert.equal(s.reason, 0);
    assert.equal(s.depth, 1);
    await c.ok('step', { kind: 1, ranges: [{ start: s.pc, end: kMinus }] });
    await c.event('output'); // the log call runs within the line
    const s2 = await c.event('stopped');
    assert.deepEqual([s2.reason, s2.pc, s2.depth], [2, kMinus, 1]);
    assert.ok(callAdd < kMinus);
    await c.ok('continue', {});
    assert.equal((await c.event('exited')).code, 42);
  });

  test('trap: location, stop on trap, inspection, then exited', async () => {
    const div = find(wasm, [0x41, 0xe4, 0x00, 0x20, 0x00, 0x6d]) + 5;
    await c.ok('options', { flags: 1 });
    await c.ok('run', { flags: 0, entry: 'crash' });
    const t = await c.event('trap');
    assert.deepEqual([t.func, t.pc], [5, div]);
    assert.match(t.message, /divide by zero/);
    const s = await c.event('stopped');
    assert.deepEqual([s.reason, s.pc, s.depth], [4, div, 2]);
    const pause = await c.request('pause', {});
    assert.equal(pause.name, 'error');
    const ops = await c.ok('values', { scope: 1, frame: 0, start: 0 });
    assert.ok(ops.name === 'valuesOk');
    if (ops.name === 'valuesOk') assert.deepEqual(ops.values, [{ type: 'i32', value: 100 }, { type: 'i32', value: 0 }], 'the trapping div_s operands');
    const v = await c.ok('values', { scope: 0, frame: 0, start: 0 });
    assert.ok(v.name === 'valuesOk' && v.values.length === 1);
    await c.ok('stop', {});
    assert.equal((await c.event('exited')).reason, 3, 'ended by the stop request');
    await c.ok('options', { flags: 0 });
  });

  test('pause a spinning module, read memory and globals, stop it', async () => {
    await c.ok('run', { flags: 0, entry: 'spin' });
    await new Promise((r) => setTimeout(r, 50));
    await c.ok('pause', {});
    const s = await c.event('stopped');
    assert.equal(s.reason, 3);
    assert.equal(s.depth, 1);
    const m = await c.ok('memRead', { address: 16, length: 2 });
    assert.ok(m.name === 'memReadOk');
    if (m.name !== 'memReadOk') return;
    assert.equal(Buffer.from(m.data).toString(), 'hi');
    assert.equal(m.memorySize, 65536);
    const end = await c.ok('memRead', { address: 65530, length: 100 });
    assert.ok(end.name === 'memReadOk' && end.data.length === 6);
    const oob = await c.request('memRead', { address: 70000, length: 4 });
    assert.ok(oob.name === 'error' && oob.code === 12);
    const g = await c.ok('values', { scope: 2, frame: 0, start: 0 });
    assert.ok(g.name === 'valuesOk' && g.values[0].type === 'i32' && (g.values[0].value as number) > 0);
    await c.ok('stop', {});
    assert.equal((await c.event('exited')).reason, 3);
  });

  test('stop while the module sleeps in a native', async () => {
    await c.ok('run', { flags: 0, entry: 'nap' });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await c.ok('stop', {});
    assert.equal((await c.event('exited')).reason, 3);
    assert.ok(Date.now() - t0 < 5000);
  });

  test('10,000 pipelined pings are all answered: a full receive ring holds the sender back, nothing is dropped', async () => {
    const N = 10_000;
    const payload = new Uint8Array(24).fill(0x5a);
    const ids = new Set<number>();
    // One write of every frame (about 370 KB, several times the 64 KiB ring).
    const frames: Uint8Array[] = [];
    for (let i = 0; i < N; i++) {
      const id = 0x8000 + (i % 0x7000);
      frames.push(encode('ping', id, { data: payload }));
    }
    c.raw(Buffer.concat(frames));
    let answered = 0;
    while (answered < N) {
      const m = await c.take((x) => x.name === 'pingOk' || x.name === 'error' || x.name === 'linkError', 30_000, `pingOk #${answered + 1}`);
      assert.equal(m.name, 'pingOk', JSON.stringify(m));
      ids.add(m.id);
      answered++;
    }
    assert.equal(answered, N);
    const h = await c.ok('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 });
    assert.equal(h.name, 'helloOk', 'the link still works');
  });

  test('reset: resetOk, then deviceReset on the same connection, module kept', async () => {
    await c.ok('reset', {});
    const r = await c.event('deviceReset');
    assert.equal(r.cause, 1);
    const h = await c.ok('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 });
    assert.ok(h.name === 'helloOk' && h.moduleSize === wasm.length);
  });
});

