// Validator: positioned type errors (what the language server shows), module-level rules,
// recovery after an error, symbols for navigation, and the file helper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleFile, collectSymbols, decodeSourceMapV3, parseWat, validate } from '../../src/wat';

/** Validation diagnostics as `line:col message`. */
function check(src: string): string[] {
  return validate(parseWat(src)).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.message}`);
}

const CASES: [string, string, RegExp][] = [
  ['operand type', '(func (result i32) (i32.add (i32.const 1) (f32.const 2)))', /^0:20-27 type mismatch: expected i32, found f32$/],
  ['empty stack', '(func (drop))', /^0:7-11 type mismatch: expected an operand/],
  ['missing result', '(func (result i32) nop)', /^0:22-23 type mismatch: expected i32 but the stack is empty/],
  ['extra value', '(func (i32.const 1))', /^0:19-20 type mismatch: block leaves 1 extra value/],
  ['unknown local', '(func (local.get 3))', /^0:17-18 unknown local 3$/],
  ['unknown global', '(func (drop (global.get 0)))', /^0:24-25 unknown global 0$/],
  ['immutable global', '(global $g i32 (i32.const 0)) (func (global.set $g (i32.const 1)))', /global is immutable/],
  ['unknown function', '(func (call 7))', /^0:12-13 unknown function 7$/],
  ['unknown label', '(func (br 1))', /^0:10-11 unknown label 1$/],
  ['br_table arity', '(func (block (result i32) (block (br_table 0 1 (i32.const 0)))) drop)', /br_table targets have different arities/],
  ['if without else', '(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1))))', /if without else/],
  ['no memory', '(func (drop (i32.load (i32.const 0))))', /^0:13-21 unknown memory 0$/],
  ['alignment', '(memory 1) (func (drop (i32.load align=8 (i32.const 0))))', /alignment must not be larger than natural/],
  ['offset', '(memory 1) (func (drop (i32.load offset=0x1_0000_0000 (i32.const 0))))', /offset out of range/],
  ['select operands', '(func (drop (select (i32.const 1) (i64.const 1) (i32.const 1))))', /select operands i32 and i64 differ/],
  ['select reference', '(func (param funcref) (drop (select (local.get 0) (local.get 0) (i32.const 1))))', /select without a type needs numeric operands/],
  ['call_indirect without table', '(func (call_indirect (i32.const 0)))', /unknown table 0/],
  ['undeclared ref.func', '(func $f (drop (ref.func $f)))', /undeclared function reference \$f/],
  ['global init not constant', '(global i32 (i32.add (i32.const 1) (i32.const 2)))', /constant expression required/],
  ['global init type', '(global i64 (i32.const 0))', /type mismatch: expected i64, found i32/],
  ['duplicate export', '(func (export "a")) (func (export "a"))', /duplicate export name "a"/],
  ['start type', '(func $s (param i32)) (start $s)', /start function must have type \[\] -> \[\]/],
  ['two memories', '(memory 1) (memory 1)', /multiple memories/],
  ['memory too large', '(memory 65537)', /memory size must be at most 65536 pages/],
  ['limits order', '(table 2 1 funcref)', /size minimum must not be greater than maximum/],
  ['elem type', '(table 1 externref) (func $f) (elem (table 0) (i32.const 0) func $f)', /element segment of type funcref for a externref table/],
  ['data without memory', '(data (i32.const 0) "x")', /unknown memory 0/],
  ['table.copy types', '(table 1 funcref) (table 1 externref) (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0)))', /different types/],
  ['unknown data', '(memory 1) (func (data.drop 0))', /unknown data segment 0/],
  ['unknown type', '(func (type 3))', /unknown type 3/],
];

for (const [name, src, re] of CASES) {
  test(`validation: ${name}`, () => {
    const ds = check(src);
    assert.ok(ds.some((d) => re.test(d)), `expected ${re} in ${JSON.stringify(ds)}`);
  });
}

test('validation continues after an error: one diagnostic per real problem', () => {
  const src = [
    '(module',
    '  (func $a (result i32)',
    '    (i32.add (i32.const 1) (f64.const 2)))',
    '  (func $b (param i32) (result i64)',
    '    (i64.extend_i32_u (local.get 0)))',
    '  (func $c',
    '    (drop (i32.const 1))',
    '    (local.set 0 (i32.const 2))))',
  ].join('\n');
  const ds = validate(parseWat(src));
  assert.deepEqual(ds.map((d) => [d.range.start.line, d.code]), [[2, 'validation'], [7, 'validation']]);
});

test('valid modules with unreachable code and polymorphic stacks', () => {
  assert.deepEqual(check('(func (result i32) (unreachable) (i32.add))'), []);
  assert.deepEqual(check('(func (result i32) (block (result i32) (br 0 (i32.const 1)) (i32.add)))'), []);
  assert.deepEqual(check('(func (param i32) (result f64) (block (result f64) (loop (br_table 1 1 (f64.const 0) (local.get 0))) (unreachable)))'), []);
  assert.deepEqual(check('(func (result i32) (return (i32.const 1)) (select))'), []);
});

test('symbols: definitions, references and lookups for the language server', () => {
  const src = [
    '(module',
    '  (type $sig (func (param i32)))',
    '  (global $g (mut i32) (i32.const 0))',
    '  (func $f (type $sig) (param $x i32) (local $y i32)',
    '    (block $out',
    '      (br_if $out (local.get $x))',
    '      (local.set $y (global.get $g))',
    '      (global.set $g (local.get $y))',
    '      (call $f (i32.const 0))))',
    '  (export "f" (func $f))',
    '  (export "g2" (global 0)))',
  ].join('\n');
  const p = parseWat(src);
  assert.deepEqual(validate(p), []);
  const syms = collectSymbols(p.module);
  const def = (name: string) => syms.defs.find((d) => d.name === name)!;
  const lines = src.split('\n');
  /** Offset of the n-th occurrence of `needle` on `line`. */
  const offset = (line: number, needle: string, n = 0) => {
    let c = -1;
    for (let i = 0; i <= n; i++) c = lines[line].indexOf(needle, c + 1);
    return p.lines.offsetAt({ line, character: c });
  };
  // Includes `(export "g2" (global 0))`, which refers to $g by number.
  assert.deepEqual(syms.referencesTo(def('$g')).map((r) => r.start), [offset(6, '$g'), offset(7, '$g'), offset(10, '0')]);
  assert.equal(syms.referencesTo(def('$f')).length, 2);
  assert.equal(syms.referencesTo(def('$sig')).length, 1);
  assert.equal(syms.referencesTo(def('$out')).length, 1);
  assert.equal(syms.referencesTo(def('$y')).length, 2);
  // Go to definition from a reference, and from the definition itself.
  const hit = syms.at(offset(5, '$x') + 1)!;
  assert.equal(hit.def.name, '$x');
  assert.equal(hit.def.kind, 'local');
  assert.equal(hit.ref!.name, '$x');
  assert.equal(syms.at(offset(5, '$out'))!.def.kind, 'label');
  assert.equal(syms.at(offset(3, '$f'))!.def.name, '$f');
  assert.equal(syms.at(offset(8, '$f'))!.def.name, '$f');
});

test('assembleFile writes .wasm and .wasm.map beside the source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wat-'));
  try {
    const wat = join(dir, 'prog.wat');
    writeFileSync(wat, '(module (func (export "main") (result i32)\n  (i32.const 42)))\n');
    const r = assembleFile(wat);
    assert.equal(r.wasmPath, join(dir, 'prog.wasm'));
    assert.equal(r.mapPath, join(dir, 'prog.wasm.map'));
    assert.deepEqual([...readFileSync(r.wasmPath!)], [...r.result.wasm!]);
    const map = JSON.parse(readFileSync(r.mapPath!, 'utf8'));
    assert.deepEqual(map.sources, ['prog.wat']);
    assert.equal(map.file, 'prog.wasm');
    assert.deepEqual(decodeSourceMapV3(map)[0], { offset: r.result.sourceMap!.entries[0].offset, source: 0, line: 1, column: 3 });
    writeFileSync(join(dir, 'bad.wat'), '(func (result i32))');
    const bad = assembleFile(join(dir, 'bad.wat'));
    assert.equal(bad.wasmPath, undefined);
    assert.equal(existsSync(join(dir, 'bad.wasm')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
