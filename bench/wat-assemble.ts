// Benchmark: assemble a generated 20,000-line module with src/wat and with wabt.js (the reference),
// several repetitions each, and report the medians and the ratio. Both sides do the full job:
// parse, resolve names, validate, encode with debug names (ours also builds the source map).
// Run: node --import tsx bench/wat-assemble.ts [lines]

import { assemble } from '../src/wat';
import { loadWabt, wabtAssemble } from '../test/wat/wabt-oracle';

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
  const reps = Number(argv[1] ?? 15);
  const text = generateModule(lines);
  const wabt = await loadWabt();
  const lineCount = text.split('\n').length - 1;

  // Warm up both (JIT, wasm compilation) and check they agree.
  const ours0 = assemble(text);
  const ref0 = wabtAssemble(wabt, text);
  if (!ours0.wasm || !ref0) throw new Error(`bench module rejected: ${ours0.diagnostics[0]?.message ?? 'by wabt'}`);
  const identical = Buffer.compare(Buffer.from(ours0.wasm), Buffer.from(ref0)) === 0;
  // Steady state (an editor re-assembles on every change): let the JIT tier up first.
  for (let i = 0; i < 8; i++) {
    assemble(text);
    wabtAssemble(wabt, text);
  }

  const oursMs: number[] = [];
  const wabtMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    let t = performance.now();
    assemble(text);
    oursMs.push(performance.now() - t);
    t = performance.now();
    wabtAssemble(wabt, text);
    wabtMs.push(performance.now() - t);
  }
  const o = median(oursMs);
  const w = median(wabtMs);
  const oMin = Math.min(...oursMs);
  const wMin = Math.min(...wabtMs);
  const result = [
    `wat-assemble: ${lineCount} lines, ${text.length} chars, ${ours0.wasm.length} bytes of wasm, ${ours0.sourceMap!.entries.length} mapped instructions`,
    `wat-assemble: byte-identical to wabt: ${identical ? 'yes' : 'NO'}`,
    `wat-assemble: ours median ${o.toFixed(1)} ms (min ${oMin.toFixed(1)}, ${reps} runs)`,
    `wat-assemble: wabt.js median ${w.toFixed(1)} ms (min ${wMin.toFixed(1)}, ${reps} runs)`,
    `wat-assemble: ratio wabt/ours ${(w / o).toFixed(2)}x on medians, ${(wMin / oMin).toFixed(2)}x on minimums (goal >= 2x)`,
  ];
  for (const l of result) console.log(l);
  return result;
}

if (require.main === module) void main();
