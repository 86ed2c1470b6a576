/**
 * Debugging at the device's speed (issue 14), as ratios from one run:
 *  - step over / step out of a call that runs >= 5 ms: time of the step / time of the plain call
 *    (continue from a breakpoint on the call to a breakpoint after it: the same round trips);
 *  - a watchpoint on an address never written: a store-heavy loop and a loop without stores,
 *    each against the same loop without the watchpoint;
 *  - a conditional breakpoint that stays false in a 100,000-iteration loop: frames on the wire
 *    while it runs, and the loop's time against the loop without the breakpoint;
 *  - a logpoint in a 1,000-iteration loop: output events, stopped events, requests sent.
 * On the firmware host build (agent + patched WAMR; needs WAMR_ROOT) and on the simulator where
 * it applies (it has no data breakpoints: V8 cannot watch linear memory).
 *
 *   npm run bench -- debug-speed
 */
import { performance } from 'node:perf_hooks';
import { compileCondition, compileLogMessage } from '../src/debug-adapter/device-condition';
import { Capability, type Message } from '../src/protocol';
import { buildHost, Client, find, install, startHost, wamrRoot, wat } from '../test/firmware/host-device';
import { startSimulator, stopAllSimulators } from '../test/simulator/helpers';

const WORK_N = 400_000; // iterations of $work: well over 5 ms in WAMR's classic interpreter
const LOOP_N = 2_000_000;

const MODULE = `
(module
  (import "env" "log_i32" (func $log_i32 (param i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func $work (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.xor (local.get $i) (i32.mul (local.get $i) (i32.const 3)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  (func (export "stepover") (result i32)
    (global.set $g (call $work (i32.const ${WORK_N})))
    (i32.const 0))
  (func (export "stores") (param $n i32) (result i32) (local $i i32) (local $a i32)
    (local.set $n (i32.const ${LOOP_N}))
    (loop $l
      (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 0xffc)))
      (i32.store (local.get $a) (local.get $i))
      (i32.store offset=4096 (local.get $a) (local.get $i))
      (i32.store8 offset=8192 (local.get $a) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func (export "nostores") (result i32)
    (call $work (i32.const ${LOOP_N})))
  (func (export "cond") (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.const 77777)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 100000))))
    (local.get $acc))
  (func (export "logloop") (result i32) (local $i i32)
    (loop $l
      (global.set $g (i32.add (local.get $i) (i32.const 55555)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 1000))))
    (local.get $i)))
`;

const best = (xs: number[]) => Math.min(...xs);
const r2 = (x: number) => x.toFixed(2);

/** A protocol client that counts what crosses the link. */
class Counted {
  constructor(readonly c: Client) {}
  async run(entry: string): Promise<number> {
    const t = performance.now();
    await this.c.ok('run', { flags: 0, entry });
    await this.c.event('exited', 120_000);
    return performance.now() - t;
  }
}

interface Offsets {
  call: number; // `call $work` in stepover
  after: number; // the instruction after it
  workFirst: number; // first instruction of $work's loop body
  condAt: number; // i32.const 77777 in cond
  logAt: number; // i32.const 55555 in logloop
}

function offsets(wasm: Uint8Array): Offsets {
  const leb = (n: number) => {
    const out: number[] = [];
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
      out.push(b | 0x80);
    }
  };
  const call = find(wasm, [0x41, ...leb(WORK_N), 0x10]) + 1 + leb(WORK_N).length;
  return {
    call,
    after: call + 2,
    workFirst: find(wasm, [0x03, 0x40, 0x20, 0x02]) + 2,
    condAt: find(wasm, [0x41, ...leb(77777)]),
    logAt: find(wasm, [0x41, ...leb(55555)]),
  };
}

async function stopAt(c: Client, off: number, entry: string): Promise<void> {
  await c.ok('bpSet', { offsets: [off] });
  await c.ok('run', { flags: 0, entry });
  const s = await c.event('stopped', 60_000);
  if (s.pc !== off) throw new Error(`stopped at ${s.pc}, not ${off}`);
}

async function stepFigures(c: Client, o: Offsets): Promise<{ plain: number; over: number; out: number }> {
  const plain: number[] = [];
  const over: number[] = [];
  const out: number[] = [];
  for (let k = 0; k < 5; k++) {
    // plain: continue from the call to a breakpoint after it
    await stopAt(c, o.call, 'stepover');
    await c.ok('bpSet', { offsets: [o.after] });
    let t = performance.now();
    await c.ok('continue', {});
    await c.event('stopped', 60_000);
    plain.push(performance.now() - t);
    await c.ok('bpClear', { offsets: [] });
    await c.ok('stop', {});
    await c.event('exited');
    // step over the call (a line step: the call instruction is the range)
    await stopAt(c, o.call, 'stepover');
    await c.ok('bpClear', { offsets: [] });
    t = performance.now();
    await c.ok('step', { kind: 1, ranges: [{ start: o.call, end: o.after }] });
    const s = await c.event('stopped', 60_000);
    over.push(performance.now() - t);
    if (s.pc !== o.after) throw new Error(`step over stopped at ${s.pc}, not ${o.after}`);
    await c.ok('stop', {});
    await c.event('exited');
    // step out of $work from its first loop instruction
    await stopAt(c, o.workFirst, 'stepover');
    await c.ok('bpClear', { offsets: [] });
    t = performance.now();
    await c.ok('step', { kind: 2, ranges: [] });
    const s2 = await c.event('stopped', 60_000);
    out.push(performance.now() - t);
    if (s2.pc !== o.after) throw new Error(`step out stopped at ${s2.pc}, not ${o.after}`);
    await c.ok('stop', {});
    await c.event('exited');
  }
  return { plain: best(plain), over: best(over), out: best(out) };
}

async function watchFigures(c: Client): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of ['stores', 'nostores']) {
    const without: number[] = [];
    const withW: number[] = [];
    // Alternating runs, best of 5 each: the machine's load hits both alike.
    for (let k = 0; k < 5; k++) {
      without.push(await new Counted(c).run(entry));
      const w = await c.ok('dataBpSet', { address: 60_000, length: 4, access: 1 });
      withW.push(await new Counted(c).run(entry));
      if (w.name === 'dataBpSetOk') await c.ok('dataBpClear', { watchId: 0xff });
    }
    const label = entry === 'stores' ? 'store-heavy loop (3 stores in 23 instructions), goal <= 1.5' : 'loop without stores, goal <= 1.05';
    lines.push(`  watchpoint on a never-written address, ${label}: ${r2(best(withW))} ms / ${r2(best(without))} ms = ${(best(withW) / best(without)).toFixed(3)}x`);
  }
  return lines;
}

/** Frames seen from the device while `fn` runs. */
async function counting(c: Client, fn: () => Promise<void>): Promise<Message[]> {
  const seen: Message[] = [];
  c.onMessage = (m) => seen.push(m);
  try {
    await fn();
  } finally {
    c.onMessage = undefined;
  }
  return seen;
}

async function conditionFigures(c: Client, o: Offsets, caps: number, small: boolean): Promise<string[]> {
  if (!(caps & Capability.deviceConditions)) return ['  conditions and logpoints on the device: skipped: the device does not advertise deviceConditions'];
  const lines: string[] = [];
  const plain: number[] = [];
  const cond: number[] = [];
  let wire = 0;
  const prog = compileCondition('local[0] > 200000');
  if (!prog.ok) throw new Error(prog.message);
  // The simulator pauses V8 at each hit to decide: a 1,000-iteration loop (logloop) there.
  const [entry, at, n] = small ? ['logloop', o.logAt, '1,000'] : ['cond', o.condAt, '100,000'];
  for (let k = 0; k < (small ? 1 : 3); k++) {
    plain.push(await new Counted(c).run(entry));
    await c.ok('bpSetCond', { offset: at, flags: 0, hitOp: 0, hitCount: 0, condLength: prog.code.length, program: prog.code });
    const t = performance.now();
    const sent = c.sent;
    const seen = await counting(c, async () => {
      await c.ok('run', { flags: 0, entry });
      await c.event('exited', 120_000);
    });
    cond.push(performance.now() - t);
    // the run request and its answer, the exited event: anything else crossed while it ran
    wire = Math.max(wire, seen.length - 2 + (c.sent - sent - 1));
    await c.ok('bpClear', { offsets: [] });
  }
  lines.push(`  conditional breakpoint (local[0] > 200000, never true) in a ${n}-iteration loop: ${wire} frames on the wire while it runs (goal 0); loop ${r2(best(cond))} ms / ${r2(best(plain))} ms without = ${(best(cond) / best(plain)).toFixed(2)}x (goal <= 3)`);
  const log = compileLogMessage('i = {local[0]}, g = {global[0]}');
  if (!log.ok) throw new Error(log.message);
  await c.ok('bpSetCond', { offset: o.logAt, flags: 1, hitOp: 0, hitCount: 0, condLength: 0, program: log.code });
  const sent = c.sent;
  const seen = await counting(c, async () => {
    await c.ok('run', { flags: 0, entry: 'logloop' });
    await c.event('exited', 120_000);
  });
  const requests = c.sent - sent - 1; // beside the run itself
  lines.push(`  logpoint in a 1,000-iteration loop: ${seen.filter((m) => m.name === 'logHit').length} logHit events (one Debug Console line each), ${seen.filter((m) => m.name === 'stopped').length} stopped events, ${requests} requests from the host while it ran`);
  await c.ok('bpClear', { offsets: [] });
  return lines;
}

async function device(label: string, address: { port: number }, wasm: Uint8Array, o: Offsets, watch: boolean): Promise<void> {
  const c = await Client.connect(address.port);
  try {
    await install(c, wasm);
    const hello = await c.ok('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 });
    const caps = hello.name === 'helloOk' ? hello.capabilities : 0;
    console.log(`${label}:`);
    const s = await stepFigures(c, o);
    console.log(`  step over a call of ${r2(s.plain)} ms (plain call: continue from the call to a breakpoint after it, best of 5): step over ${r2(s.over)} ms = ${(s.over / s.plain).toFixed(3)}x, step out ${r2(s.out)} ms = ${(s.out / s.plain).toFixed(3)}x (goal <= 1.10)`);
    if (watch) for (const l of await watchFigures(c)) console.log(l);
    else console.log('  watchpoints: not applicable: the simulator has no data breakpoints (V8 cannot watch linear memory)');
    for (const l of await conditionFigures(c, o, caps, !watch)) console.log(l);
  } finally {
    c.close();
  }
}

export async function main(): Promise<void> {
  const wasm = await wat(MODULE);
  const o = offsets(wasm);
  if (!wamrRoot()) console.log('host build: skipped: WAMR_ROOT not set');
  else {
    const dev = await startHost(buildHost(true));
    try {
      await device('host build (agent + WAMR 2.4.5 classic interpreter, loopback TCP)', dev, wasm, o, true);
    } finally {
      await dev.stop();
    }
  }
  const sim = await startSimulator(['--port', '0', '--quiet']);
  try {
    const port = Number(/:(\d+)$/.exec(sim.url!)![1]);
    await device('simulator (V8, TCP)', { port }, wasm, o, false);
  } finally {
    await sim.stop();
    await stopAllSimulators();
  }
}
