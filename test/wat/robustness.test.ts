// Robustness: randomly damaged spec scripts must never make the parser, validator, symbol
// table or assembler throw; they report diagnostics instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, collectSymbols, parseWast, parseWat, validate } from '../../src/wat';
import { suiteAvailable, suiteDir } from './conformance';
import { rng } from './random-literals';

const SAMPLE = `(module $m
  (type $t (func (param i32) (result i32)))
  (memory 1) (table 2 funcref) (global $g (mut i32) (i32.const 0))
  (func $f (type $t) (param $x i32) (result i32) (local $y i64)
    (block $b (result i32)
      (if (result i32) (local.get $x) (then (i32.const 1)) (else (br $b (i32.const 2))))))
  (func (export "g") (call_indirect (type $t) (i32.const 0) (i32.const 1)) drop)
  (elem (i32.const 0) $f) (data (i32.const 0) "hi"))
`;

function mutate(text: string, r: () => number): string {
  const chars = '()$";. \n0123456789abcdefxyzif_elsendblockloopi32.constlocal.get';
  let t = text;
  const edits = 1 + Math.floor(r() * 5);
  for (let e = 0; e < edits; e++) {
    const pos = Math.floor(r() * t.length);
    const op = r();
    if (op < 0.4) t = t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 10));
    else if (op < 0.8) t = t.slice(0, pos) + chars[Math.floor(r() * chars.length)] + t.slice(pos);
    else t = t.slice(0, pos) + t.slice(pos, pos + 40) + t.slice(pos);
  }
  return t;
}

function exercise(text: string): void {
  const p = parseWat(text);
  validate(p);
  collectSymbols(p.module);
  const a = assemble(text);
  if (a.sourceMap) assert.equal(a.sourceMap.entries.length, a.sourceMap.size);
  for (const d of a.diagnostics) assert.ok(d.range.start.line >= 0 && d.message.length > 0);
}

test('damaged modules never throw', () => {
  const r = rng(99);
  for (let k = 0; k < 400; k++) exercise(mutate(SAMPLE, r));
});

test('damaged spec scripts never throw', (t) => {
  if (!suiteAvailable()) {
    console.log('skipped: ../shared/wasm-testsuite not found');
    t.skip('../shared/wasm-testsuite not found');
    return;
  }
  const r = rng(7);
  for (const f of ['block.wast', 'br_table.wast', 'elem.wast', 'func.wast', 'if.wast', 'memory.wast', 'global.wast', 'imports.wast']) {
    const base = readFileSync(join(suiteDir, f), 'utf8');
    for (let k = 0; k < 15; k++) {
      const text = mutate(base, r);
      const w = parseWast(text);
      for (const c of w.script.commands) {
        const m = c.command === 'module' ? c : 'module' in c && c.module && 'form' in c.module ? c.module : undefined;
        if (!m || m.form === 'binary') continue;
        exercise(m.form === 'quote' ? m.quote! : text.slice(m.start, m.end));
      }
      exercise(text);
    }
  }
});
