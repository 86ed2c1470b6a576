/**
 * On-target figures of the emulated Cortex-M33 board (firmware/qemu-m33), for bench/firmware.ts:
 *  1. the linked image's text / data / bss by part (from the linker map) and the RAM left for a
 *     module (WAMR's pool free at idle, as helloOk reports it);
 *  2. the debug hook's overhead as an instruction-count ratio, stock WAMR vs hooked, under QEMU's
 *     -icount (deterministic: virtual time advances one nanosecond per instruction, and SysTick
 *     counts it), on three workloads;
 *  3. a step and a breakpoint round trip over the serial link (host request to `stopped` event).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunFlag, StepKind } from '../src/protocol';
import { Peer } from '../test/conformance/peer';
import { find, wat } from '../test/firmware/host-device';
import { buildQemuImage, qemuSkipReason, startQemu } from '../test/firmware/qemu-device';

const RAM = 512 * 1024; // mps2_an505.ld: sized like the nRF5340 application core
const NS_PER_TICK = 50; // SysTick at 20 MHz; -icount shift=0: 1 ns per instruction

type Part = 'WAMR' | 'agent' | 'codec' | 'VM glue' | 'natives' | 'platform' | 'C library' | 'WAMR pool' | 'stack';
const PARTS: Part[] = ['WAMR', 'agent', 'codec', 'VM glue', 'natives', 'platform', 'C library'];

function partOf(file: string, section: string): Part {
  if (section === '.bss.wamr_heap') return 'WAMR pool';
  if (/libnrfw_wamr\.a\(baremetal_platform/.test(file)) return 'platform';
  if (/libnrfw_wamr\.a/.test(file)) return 'WAMR';
  if (/libnrfw_agent\.a/.test(file)) return 'agent';
  if (/libnrf_wasm_protocol\.a/.test(file)) return 'codec';
  if (/libnrfw_vm_glue\.a/.test(file)) return 'VM glue';
  if (/libnrfw_natives\.a/.test(file)) return 'natives';
  if (/nrfw-qemu-m33\.elf\.dir/.test(file)) return 'platform';
  return 'C library';
}

/** text / data / bss per part, from the GNU ld map (input sections placed in the image). */
export function sizesFromMap(map: string): Record<string, { text: number; data: number; bss: number }> {
  const out: Record<string, { text: number; data: number; bss: number }> = {};
  const add = (part: string, kind: 'text' | 'data' | 'bss', n: number) => {
    out[part] ??= { text: 0, data: 0, bss: 0 };
    out[part][kind] += n;
  };
  const lines = map.slice(map.indexOf('Linker script and memory map')).split('\n');
  let outSec = '';
  let pending = '';
  for (const line of lines) {
    const o = /^(\.[\w.]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)/.exec(line) ?? /^(\.[\w.]+)\s*$/.exec(line);
    if (o) {
      outSec = o[1];
      // The stack is reserved space, no input section: its output section's size.
      if (outSec === '.stack' && o[2]) add('stack', 'bss', parseInt(o[2], 16));
      continue;
    }
    const kind = outSec === '.data' ? 'data' : outSec === '.bss' || outSec === '.noinit' ? 'bss'
      : ['.text', '.ARM.exidx', '.init_array'].includes(outSec) ? 'text' : undefined;
    const one = /^ ([.\w*][^\s]*)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$/.exec(line);
    const name = /^ ([.\w][^\s]*)$/.exec(line);
    const cont = /^\s{10,}0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S.*)$/.exec(line);
    let sec: string | undefined, size = 0, file = '';
    if (one) [sec, size, file] = [one[1], parseInt(one[3], 16), one[4]];
    else if (name) {
      pending = name[1];
      continue;
    } else if (cont && pending) [sec, size, file] = [pending, parseInt(cont[2], 16), cont[3]];
    pending = '';
    if (!sec || !kind || !size || sec === '*fill*') continue;
    add(partOf(file, sec), kind, size);
  }
  return out;
}

function footprint(image: string, freeMemory: number): void {
  const map = readFileSync(image.replace(/\.elf$/, '.map'), 'utf8');
  const s = sizesFromMap(map);
  const sz = spawnSync('arm-none-eabi-size', [image], { encoding: 'utf8' }).stdout.trim().split('\n').pop()!.trim().split(/\s+/).map(Number);
  console.log('emulated Cortex-M33 (MPS2-AN505 under QEMU), linked image (-Os, newlib-nano, classic interpreter + debug hook):');
  console.log(`  image: text ${sz[0]} B, data ${sz[1]} B, bss ${sz[2]} B (arm-none-eabi-size)`);
  for (const p of PARTS) {
    const v = s[p] ?? { text: 0, data: 0, bss: 0 };
    console.log(`  ${p.padEnd(9)}: text ${String(v.text).padStart(6)} B, data ${String(v.data).padStart(5)} B, bss ${String(v.bss).padStart(6)} B`);
  }
  const pool = s['WAMR pool']?.bss ?? 0;
  const stack = s.stack?.bss ?? 0;
  const ram = sz[1] + sz[2];
  console.log(`  RAM (${RAM / 1024} KiB, as the nRF5340 app core): static ${ram} B = WAMR pool ${pool} B + main stack ${stack} B + the rest ${ram - pool - stack} B; unused ${RAM - ram} B`);
  console.log(`  RAM left for a module: ${freeMemory} B of WAMR's pool free at idle (helloOk.freeMemory): module copy, instance, linear memory (64 KiB a page), 8 KiB wasm stack`);
}

const WORKLOADS: { name: string; what: string; wat: string }[] = [
  {
    name: 'loop', what: 'arithmetic loop, 200k iterations',
    wat: `(module (func (export "main") (result i32) (local i32 i32)
      (loop $l
        (local.set 0 (i32.add (local.get 0) (i32.xor (local.get 1) (i32.mul (local.get 1) (i32.const 3)))))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 1) (i32.const 200000))))
      (local.get 0)))`,
  },
  {
    name: 'calls', what: 'recursive fib(20), 22k calls',
    wat: `(module
      (func $fib (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
          (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "main") (result i32) (call $fib (i32.const 20))))`,
  },
  {
    name: 'memory', what: 'load/add/store over 16 KiB, 100k iterations',
    wat: `(module (memory 1) (func (export "main") (result i32) (local i32 i32)
      (loop $l
        (local.set 1 (i32.shl (i32.and (local.get 0) (i32.const 4095)) (i32.const 2)))
        (i32.store (local.get 1) (i32.add (i32.load (local.get 1)) (local.get 0)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 0) (i32.const 100000))))
      (i32.load (i32.const 400))))`,
  },
];

/** SysTick ticks of one run of `wasm`'s main under -icount (the second of two: warm). */
function ticks(image: string, wasm: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-qemu-bench-'));
  const r = spawnSync('qemu-system-arm', ['-M', 'mps2-an505', '-nographic', '-monitor', 'none', '-semihosting', '-icount', 'shift=0',
    '-kernel', image, '-append', `--bench ${wasm} --entry main --repeat 2 --store ${join(dir, 'store.bin')}`], { encoding: 'utf8', timeout: 300_000 });
  const runs = [...`${r.stdout}${r.stderr}`.matchAll(/result end=0 code=-?\d+ ticks=(\d+)/g)].map((m) => Number(m[1]));
  if (runs.length !== 2) throw new Error(`the bench run on QEMU failed:\n${r.stdout}\n${r.stderr}`);
  return runs[1];
}

async function overhead(hooked: string, plain: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-qemu-wl-'));
  console.log('debug hook overhead on the Cortex-M33 (QEMU -icount shift=0: instructions, deterministic; no breakpoint, debugger attachable):');
  for (const w of WORKLOADS) {
    const file = join(dir, `${w.name}.wasm`);
    writeFileSync(file, await wat(w.wat));
    const p = ticks(plain, file) * NS_PER_TICK;
    const h = ticks(hooked, file) * NS_PER_TICK;
    console.log(`  ${w.name.padEnd(6)} (${w.what}): stock WAMR ${p} instructions, with debug hook ${h}, ratio ${(h / p).toFixed(3)}x`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const RT_WAT = `(module
  (global $g (mut i32) (i32.const 0))
  (func (export "main") (local i32)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (global.set $g (local.get 0))
      (br $l))))`;

/** Step and breakpoint round trips over the board's UART (real serialport on QEMU's pty). */
async function roundTrips(p: Peer): Promise<void> {
  const wasm = await wat(RT_WAT);
  await p.deploy(wasm);
  await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'main' });
  await p.take('stopped');
  const N = 40;
  const steps: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await p.request('step', { kind: StepKind.into, ranges: [] });
    await p.take('stopped');
    steps.push(performance.now() - t0);
  }
  const at = find(wasm, [0x24, 0x00]); // global.set 0: once round the loop
  await p.request('bpSet', { offsets: [at] });
  const bps: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await p.request('continue', {});
    await p.take('stopped');
    bps.push(performance.now() - t0);
  }
  await p.request('stop', {});
  await p.take('exited');
  console.log(`round trips over the serial link (host request to stopped event, median of ${N}, wall time, QEMU without -icount):`);
  console.log(`  step into: ${median(steps).toFixed(2)} ms; continue to a breakpoint once round a loop: ${median(bps).toFixed(2)} ms`);
}

export async function qemuFigures(): Promise<void> {
  const skip = qemuSkipReason();
  if (skip) {
    console.log(`emulated Cortex-M33: skipped: ${skip}`);
    return;
  }
  const hooked = buildQemuImage(true);
  const plain = buildQemuImage(false);
  let stack = 0;
  const dev = await startQemu(hooked, {
    noAutorun: true,
    onOutput: (l) => {
      const m = /stack high water (\d+) of (\d+)/.exec(l);
      if (m) stack = Math.max(stack, Number(m[1]));
      else if (!/char device redirected|terminating on signal/.test(l)) console.log(`  [qemu] ${l}`);
    },
  });
  try {
    const p = await Peer.open(dev.address);
    try {
      await p.idle();
      footprint(hooked, p.info.freeMemory);
      await roundTrips(p);
      console.log(`  main stack high water (painted at reset) after upload, runs, steps, breakpoints: ${stack} of 8192 B`);
    } finally {
      await p.close();
    }
  } finally {
    await dev.stop();
  }
  await overhead(hooked, plain);
}
