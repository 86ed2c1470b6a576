// Benchmark: assemble a generated 20,000-line module with src/wat and with wabt.js (the reference),
// several repetitions each, and report the medians and the ratio. Both sides do the full job:
// parse, resolve names, validate, encode with debug names (ours also builds the source map).
//
// What ships is an esbuild bundle (package.json build:* scripts), so the headline figure times
// src/wat bundled the same way (esbuild, platform node, cjs) into build/bench/. The same code run
// from source through tsx is timed too, for transparency: tsx compiles each file to CJS on its
// own, which routes every cross-module call through export getters. All three (bundle, source,
// wabt.js) run in one process, interleaved, and the figures are medians after a JIT warm-up.
// Run: node --import tsx bench/wat-assemble.ts [lines] [reps]

import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { assemble } from '../src/wat';
import { loadWabt, wabtAssemble } from '../test/wat/wabt-oracle';

type Assemble = typeof assemble;

/** Bundles src/wat like the build:* scripts do and loads the bundle's `assemble`. */
function bundledAssemble(): Assemble {
  const root = join(__dirname, '..');
  const outfile = join(root, 'build', 'bench', 'wat.js');
  buildSync({
    entryPoints: [join(root, 'src', 'wat', 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile,
    logLevel: 'error',
  });
  delete require.cache[outfile];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(outfile) as { assemble: Assemble }).assemble;
}

/** A realistic hand-written-style module: folded and flat code, blocks, loops, memory, calls. */
export function generateModule(targetLines: number): string {
  const out: string[] = [
    '(module $bench',
    '  (type $bin (func (param i32 i32) (result i32)))',
    '  (import "env" "log" (func $log (param i32)))',
    '  (memory $mem (export "memory") 1)',
    '  (global $counter (mut i32) (i32.const 0))',
    '  (global $scale f64 (f64.const 1.5))',
    '  (table $tab 4 funcref)',
  ];
  let f = 0;
  while (out.length < targetLines - 2) {
    const n = f++;
    out.push(
      `  (func $f${n} (export "f${n}") (param $a i32) (param $b i32) (result i32)`,
      '    (local $i i32) (local $acc i64) (local $x f64)',
      '    ;; sum a small series into $acc',
      '    (local.set $i (i32.const 0))',
      '    (block $done',
      '      (loop $next',
      '        (br_if $done (i32.ge_u (local.get $i) (local.get $b)))',
      '        (local.set $acc',
      '          (i64.add (local.get $acc)',
      '            (i64.extend_i32_u (i32.mul (local.get $i) (local.get $a)))))',
      '        (local.set $i (i32.add (local.get $i) (i32.const 1)))',
      '        (br $next)))',
      '    local.get $a',
      '    i32.const 0x10',
      '    i32.add',
      '    i32.load offset=4',
      '    drop',
      `    (i32.store (local.get $a) (i32.const ${n * 7}))`,
      '    (local.set $x (f64.mul (f64.convert_i32_s (local.get $a)) (global.get $scale)))',
      '    (if (result i32) (f64.gt (local.get $x) (f64.const 1e3))',
      '      (then (i32.wrap_i64 (local.get $acc)))',
      '      (else',
      '        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))',
      `        (call $log (i32.const ${n}))`,
      '        (i32.trunc_f64_s (local.get $x))))',
      '  )',
    );
  }
  // The trailing '' gives the final newline; one join yields a flat string, like a file read from
  // disk or a document received over LSP (`join() + '\n'` would be a rope the lexer reads through).
  out.push('  (elem (table $tab) (i32.const 0) func $f0)', ')', '');
  return out.join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<string[]> {
  const lines = Number(argv[0] ?? 20000);
  const reps = Number(argv[1] ?? 31);
  const text = generateModule(lines);
  const wabt = await loadWabt();
  const lineCount = text.split('\n').length - 1;
  const bundled = bundledAssemble();

  // Warm up all three (JIT, wasm compilation) and check they agree.
  const ours0 = bundled(text);
  const src0 = assemble(text);
  const ref0 = wabtAssemble(wabt, text);
  if (!ours0.wasm || !src0.wasm || !ref0) throw new Error(`bench module rejected: ${ours0.diagnostics[0]?.message ?? 'by wabt'}`);
  const identical = Buffer.compare(Buffer.from(ours0.wasm), Buffer.from(ref0)) === 0 && Buffer.compare(Buffer.from(src0.wasm), Buffer.from(ref0)) === 0;
  // Steady state (an editor re-assembles on every change): let the JIT tier up first. V8 settles
  // late: after ~10 runs it starts allocating long-lived tree nodes in old space (pretenuring)
  // and recompiles the functions that allocate them, so 8 rounds were not enough to be past it.
  for (let i = 0; i < 25; i++) {
    bundled(text);
    assemble(text);
    wabtAssemble(wabt, text);
  }

  const bundleMs: number[] = [];
  const sourceMs: number[] = [];
  const wabtMs: number[] = [];
  const time = (f: () => unknown, into: number[]): void => {
    const t = performance.now();
    f();
    into.push(performance.now() - t);
  };
  // Interleaved, rotating who goes first, so load spikes on a shared machine hit all three alike.
  const jobs: [() => unknown, number[]][] = [
    [() => bundled(text), bundleMs],
    [() => assemble(text), sourceMs],
    [() => wabtAssemble(wabt, text), wabtMs],
  ];
  for (let i = 0; i < reps; i++) for (let j = 0; j < 3; j++) time(...jobs[(i + j) % 3]);

  const w = median(wabtMs);
  const wMin = Math.min(...wabtMs);
  const row = (label: string, xs: number[]): string => {
    const m = median(xs);
    const mn = Math.min(...xs);
    return `wat-assemble: ${label} median ${m.toFixed(1)} ms (min ${mn.toFixed(1)}) -> ${(w / m).toFixed(2)}x wabt.js on medians, ${(wMin / mn).toFixed(2)}x on minimums`;
  };
  const result = [
    `wat-assemble: ${lineCount} lines, ${text.length} chars, ${ours0.wasm.length} bytes of wasm, ${ours0.sourceMap!.entries.length} mapped instructions`,
    `wat-assemble: byte-identical to wabt: ${identical ? 'yes' : 'NO'}`,
    `wat-assemble: wabt.js median ${w.toFixed(1)} ms (min ${wMin.toFixed(1)}, ${reps} runs interleaved with ours)`,
    row('ours, esbuild bundle (as shipped)', bundleMs) + ' (goal >= 2x)',
    row('ours, from source via tsx       ', sourceMs),
  ];
  for (const l of result) console.log(l);
  return result;
}

if (require.main === module) void main();
