/**
 * Simulator figures: speed of a tight wasm loop in the simulator (debugger attached, no
 * breakpoints; both debugger policies) against the same module run plainly in Node; round trip of
 * a device-side step; deploy of a 64 KiB module over TCP and over a pseudo-terminal.
 *
 *   node --import tsx bench/simulator.ts        (or: npm run bench -- simulator)
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { uploadModule } from '../src/device';
import { RunFlag, StepKind } from '../src/protocol';
import { WA } from '../src/simulator/wasm/js-api';
import { conformanceModule } from '../test/conformance/modules';
import { Peer } from '../test/conformance/peer';
import { withPadding } from '../test/conformance/scenarios';
import { assemble, startSimulator, stopAllSimulators } from '../test/simulator/helpers';

/** 7 instructions per iteration: local.get, i32.const, i32.add, local.tee, local.get, i32.lt_u, br_if. */
const LOOP_WAT = `(module
  (func $loop (param $n i32) (result i32) (local $i i32)
    (loop $l
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $i))
  (func (export "main") (result i32) (call $loop (global.get $n)))
  (global $n (export "n") (mut i32) (i32.const 0)))`;
const PER_ITER = 7;
const N = 1_500_000_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => (x >= 1e9 ? `${(x / 1e9).toFixed(2)} G` : `${(x / 1e6).toFixed(1)} M`);

/** The loop module with its count (the initial value of global $n) set to `n`. */
const loopWat = (n: number) => LOOP_WAT.replace('(i32.const 0)))', `(i32.const ${n})))`);

/** Plain Node (best of 3): `warm` = the loop already ran once (optimised code); cold = a first call, as a run is. */
async function plainNode(bytes: Uint8Array, warm: boolean): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    // Unique bytes (a random custom section): V8 would otherwise reuse code compiled before.
    const unique = withPadding(bytes, 8);
    unique.set(randomBytes(8), unique.length - 8);
    const inst = new WA.Instance(new WA.Module(unique), {});
    const main = inst.exports.main as () => number;
    if (warm) main();
    const t = performance.now();
    main();
    runs.push(performance.now() - t);
  }
  return Math.min(...runs);
}

async function simRun(p: Peer): Promise<number> {
  const t = performance.now();
  await p.request('run', { flags: 0, entry: 'main' });
  await p.take('exited', () => true, 120000);
  return performance.now() - t;
}

async function loopIps(policy: 'always' | 'on-demand', big: Uint8Array, empty: Uint8Array): Promise<number> {
  const sim = await startSimulator(['--port', '0', '--quiet', '--debug', policy]);
  try {
    const p = await Peer.open(sim.url!, { timeoutMs: 120000 });
    await p.deploy(empty);
    // Best of three: a run is the loop plus a fixed cost (the base) that varies with the machine's load.
    const base = Math.min(await simRun(p), await simRun(p), await simRun(p));
    await p.deploy(big);
    const full = Math.min(await simRun(p), await simRun(p), await simRun(p));
    await p.close();
    return (N * PER_ITER) / ((full - base) / 1000);
  } finally {
    await sim.stop();
  }
}

async function stepRoundTrip(): Promise<{ single: number; ranged: number; perV8Step: number }> {
  const m = await conformanceModule();
  const sim = await startSimulator(['--port', '0', '--quiet']);
  try {
    const p = await Peer.open(sim.url!);
    await p.deploy(m.bytes);
    const single: number[] = [];
    const ranged: number[] = [];
    for (let k = 0; k < 25; k++) {
      await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'main' });
      await p.take('stopped');
      for (let i = 0; i < 4; i++) {
        const t = performance.now();
        await p.request('step', { kind: StepKind.into, ranges: [] });
        await p.take('stopped');
        single.push(performance.now() - t);
      }
      // Instructions 4..9 of $main as one "line": 6 instructions over a call ($twice -> $add).
      const t = performance.now();
      await p.request('step', { kind: StepKind.over, ranges: [{ start: m.at('main', 4), end: m.at('main', 10) }] });
      await p.take('stopped');
      ranged.push(performance.now() - t);
      await p.request('stop', {});
      await p.take('exited');
    }
    await p.close();
    return { single: median(single), ranged: median(ranged), perV8Step: median(ranged) / 6 };
  } finally {
    await sim.stop();
  }
}

async function deploy(address: string, bytes: Uint8Array) {
  const p = await Peer.open(address, { timeoutMs: 30000 });
  await p.idle();
  const r = await uploadModule(p.client, bytes);
  await p.close();
  return r;
}

export async function main(): Promise<void> {
  const big = await assemble(loopWat(N));
  const empty = await assemble(loopWat(0));

  const warmIps = (N * PER_ITER) / ((await plainNode(big, true)) / 1000);
  const coldIps = (N * PER_ITER) / ((await plainNode(big, false)) / 1000);
  console.log(`tight loop: ${N / 1e6} M iterations x ${PER_ITER} instructions, one call`);
  console.log(`  plain Node, first call (as a run is):    ${fmt(coldIps)} instructions/s`);
  console.log(`  plain Node, warmed up (optimised):       ${fmt(warmIps)} instructions/s`);
  const always = await loopIps('always', big, empty);
  console.log(`  simulator, debugger on (default):        ${fmt(always)} instructions/s  (${(coldIps / always).toFixed(2)}x slower than a plain first call, ${(warmIps / always).toFixed(2)}x slower than optimised)`);
  const lazy = await loopIps('on-demand', big, empty);
  console.log(`  simulator, --debug on-demand, no bps:    ${fmt(lazy)} instructions/s  (${(warmIps / lazy).toFixed(2)}x the optimised time; best of 3 runs: later runs reuse V8's optimised code)`);

  const s = await stepRoundTrip();
  console.log(`step round trip (step request -> stopped event, TCP, median of 100): ${s.single.toFixed(2)} ms`);
  console.log(`line step over a call (6 instructions + call, one request, median of 25): ${s.ranged.toFixed(2)} ms`);

  const m = await conformanceModule();
  const mod64 = withPadding(m.bytes, 64 * 1024 - m.bytes.length - 6);
  const sim = await startSimulator(['--port', '0', '--pty', '--quiet']);
  try {
    for (const [label, address] of [['TCP', sim.url!], ['pty + serialport', sim.ptyPath!]] as const) {
      const r = await deploy(address, mod64);
      const kbs = mod64.length / 1024 / (r.ms / 1000);
      console.log(`deploy 64 KiB over ${label}: payload ${mod64.length} B, wire ${r.wireBytes} B (${((r.wireBytes / mod64.length - 1) * 100).toFixed(1)}% overhead), ${r.chunks} chunks, ${r.ms.toFixed(0)} ms, ${kbs.toFixed(0)} KB/s`);
    }
  } finally {
    await sim.stop();
    await stopAllSimulators();
  }
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
