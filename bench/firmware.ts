/**
 * Firmware figures:
 *  1. footprint of the portable agent (+ the protocol codec) built for Cortex-M33
 *     (arm-none-eabi-gcc -mcpu=cortex-m33 -mthumb -Os): text / data / bss, and static RAM beside
 *     the two frame buffers; skipped without the cross compiler;
 *  2. interpreter overhead of our WAMR debug hook, debugger attachable and no breakpoint set:
 *     the host build with the patched WAMR vs stock WAMR (classic interpreter both), on a loop +
 *     recursion benchmark, by wall time (best of 5) and by callgrind instruction counts;
 *     skipped without WAMR_ROOT;
 *  3. the emulated Cortex-M33 board (bench/_qemu-m33.ts): the linked image by part, RAM left for
 *     a module, the hook's overhead in instructions under QEMU -icount, step and breakpoint round
 *     trips over its UART; skipped without WAMR_ROOT, qemu-system-arm or arm-none-eabi-gcc.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHost, repoRoot, wamrRoot, wat } from '../test/firmware/host-device';
import { qemuFigures } from './_qemu-m33';

const MAX_FRAME = 1024; // NRFW_MAX_FRAME default (Kconfig NRF_WASM_MAX_FRAME)
const LINKS = 2; // the board's UART and Bluetooth LE links (link.h)
const LINK_QUEUE = 8192; // NRFW_LINK_RX_SIZE default (Kconfig NRF_WASM_RX_BUF_SIZE), per link

const BENCH_WAT = `
(module
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $loop (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.xor (local.get 2) (i32.mul (local.get 2) (i32.const 3)))))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 2) (local.get 0))))
    (local.get 1))
  (func (export "main") (result i32)
    (i32.add (call $fib (i32.const 27)) (call $loop (i32.const 3000000)))))
`;

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export function footprint(): void {
  // The board's build (SHA-256 from PSA Crypto) needs psa/crypto.h: Debian's libmbedtls-dev has it.
  const psa = psaHeaders();
  if (!psa) console.log('footprint with PSA SHA-256 (the board\'s build): skipped: psa/crypto.h not found (apt-get install libmbedtls-dev)');
  const configs: [number, string | undefined][] = [...(psa ? [[1, psa], [0, psa]] as [number, string][] : []), [1, undefined], [0, undefined]];
  for (const [text, inc] of configs) if (!footprintOf(text, inc)) return;
}

/** A directory holding only psa/ and mbedtls/ headers (the host's /usr/include must not be on a
 * cross compiler's include path: its libc headers would win). */
function psaHeaders(): string | undefined {
  if (!existsSync('/usr/include/psa/crypto.h')) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-psa-'));
  for (const d of ['psa', 'mbedtls']) if (existsSync(`/usr/include/${d}`)) symlinkSync(`/usr/include/${d}`, join(dir, d));
  return dir;
}

/**
 * One footprint report; `text` = NRFW_ERROR_TEXT (error messages in responses); with `psa` (an
 * include directory) SHA-256 comes from PSA Crypto as on the board (NRFW_SHA256_PSA), else it
 * is the agent's portable one.
 */
function footprintOf(text: number, psa?: string): boolean {
  if (!have('arm-none-eabi-gcc')) {
    console.log('footprint: skipped: arm-none-eabi-gcc not installed (apt-get install gcc-arm-none-eabi)');
    return false;
  }
  const out = mkdtempSync(join(tmpdir(), 'nrfw-fp-'));
  const fw = join(repoRoot, 'firmware');
  const groups: Record<string, string[]> = {
    agent: ['agent.c', 'store.c', 'wasm_scan.c', 'bp.c', 'step.c', 'auth.c', 'cond.c', 'link.c', 'pairing.c', psa ? 'sha256_psa.c' : 'sha256.c'].map((f) => join(fw, 'agent', 'src', f)),
    codec: ['codec.c', 'reader.c', 'cobs.c', 'crc32.c'].map((f) => join(fw, 'protocol', 'src', f)),
  };
  const flags = ['-mcpu=cortex-m33', '-mthumb', '-Os', '-std=c11', '-ffunction-sections', '-fdata-sections',
    `-DNRFW_MAX_FRAME=${MAX_FRAME}`, `-DNRFW_ERROR_TEXT=${text}`, `-DNRFW_LINK_COUNT=${LINKS}`, `-DNRFW_LINK_RX_SIZE=${LINK_QUEUE}`, '-DNRFW_BONDS=1', '-I', join(fw, 'agent', 'include'), '-I', join(fw, 'agent', 'src'),
    '-I', join(fw, 'protocol', 'include'), ...(psa ? ['-DNRFW_SHA256_PSA', '-I', psa] : []), '-c'];
  const totals: Record<string, { text: number; data: number; bss: number }> = {};
  for (const [name, files] of Object.entries(groups)) {
    const objs: string[] = [];
    for (const f of files) {
      const o = join(out, `${name}-${f.split('/').pop()}.o`);
      const r = spawnSync('arm-none-eabi-gcc', [...flags, f, '-o', o], { encoding: 'utf8' });
      if (r.status !== 0) {
        console.log(`footprint: skipped: ${f} does not build for Cortex-M33:\n${r.stderr}`);
        return false;
      }
      objs.push(o);
    }
    const sz = spawnSync('arm-none-eabi-size', ['-t', ...objs], { encoding: 'utf8' });
    const total = sz.stdout.trim().split('\n').pop()!.trim().split(/\s+/).map(Number);
    totals[name] = { text: total[0], data: total[1], bss: total[2] };
  }
  // The agent's bss holds, per link, a receive queue and a frame buffer (link.c), and one transmit
  // wire buffer.
  const frameBuffers = LINKS * (LINK_QUEUE + MAX_FRAME) + (MAX_FRAME + Math.ceil(MAX_FRAME / 254) + 1 + 1);
  const a = totals.agent;
  const c = totals.codec;
  console.log(`footprint (Cortex-M33, -Os, max frame ${MAX_FRAME}, error texts ${text ? 'on' : 'off'}, SHA-256 ${psa ? 'from PSA Crypto (the board\'s build)' : 'portable'}):`);
  console.log(`  agent: text ${a.text} B (goal < 8192), data ${a.data} B, bss ${a.bss} B (${LINKS} link queues of ${LINK_QUEUE} B, frame buffers: ${frameBuffers} B; other static RAM ${a.bss + a.data - frameBuffers} B)`);
  console.log(`  codec: text ${c.text} B, data ${c.data} B, bss ${c.bss} B`);
  console.log(`  agent + codec: flash ${a.text + a.data + c.text + c.data} B (goal <= 8192), static RAM beside queues and frame buffers ${a.bss + a.data + c.bss + c.data - frameBuffers} B (goal <= 2048)`);
  return true;
}

function runBench(bin: string, wasm: string): number[] {
  const r = spawnSync(bin, ['--bench', wasm, '--entry', 'main', '--repeat', '5'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} --bench failed: ${r.stderr}`);
  return [...r.stdout.matchAll(/time_ms=([\d.]+)/g)].map((m) => Number(m[1]));
}

function callgrind(bin: string, wasm: string): number | undefined {
  if (!have('valgrind')) return undefined;
  const out = join(mkdtempSync(join(tmpdir(), 'nrfw-cg-')), 'cg.out');
  const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, bin, '--bench', wasm, '--entry', 'main'], { encoding: 'utf8' });
  const m = /Collected : (\d+)/.exec(r.stderr);
  return m ? Number(m[1]) : undefined;
}

async function overhead(): Promise<void> {
  if (!wamrRoot()) {
    console.log('interpreter overhead: skipped: WAMR_ROOT not set');
    return;
  }
  const hooked = buildHost(true);
  const plain = buildHost(false);
  const wasm = join(mkdtempSync(join(tmpdir(), 'nrfw-bench-')), 'bench.wasm');
  writeFileSync(wasm, await wat(BENCH_WAT));
  // Alternate the two builds so that load from other processes hits both alike; best of all.
  const tps: number[] = [];
  const ths: number[] = [];
  for (let round = 0; round < 4; round++) {
    tps.push(...runBench(plain, wasm));
    ths.push(...runBench(hooked, wasm));
  }
  const tp = Math.min(...tps);
  const th = Math.min(...ths);
  console.log('interpreter overhead (loop + recursion, classic interpreter, no breakpoint, debugger attachable):');
  console.log(`  wall time, best of 20 (alternating): stock WAMR ${tp.toFixed(1)} ms, with debug hook ${th.toFixed(1)} ms, ratio ${(th / tp).toFixed(3)}x (goal <= 1.10x)`);
  const ip = callgrind(plain, wasm);
  const ih = callgrind(hooked, wasm);
  if (ip && ih) {
    console.log(`  callgrind instructions: stock ${ip}, with debug hook ${ih}, ratio ${(ih / ip).toFixed(3)}x`);
  } else {
    console.log('  callgrind: skipped: valgrind not installed');
  }
}

export async function main(): Promise<void> {
  footprint();
  await overhead();
  await qemuFigures();
}
