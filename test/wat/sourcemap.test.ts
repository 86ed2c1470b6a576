// Source map: every encoded instruction maps to its own keyword (checked by disassembling the
// binary and reading the source at the mapped position), folded expressions map nested
// instructions to their own columns, implicit ends map to closing parens, the v3 JSON decodes to
// the same mapping, and the lookups answer consistently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, decodeSourceMapV3, disassembleAt, disassembleFunction, SourceMapIndex, toSourceMapV3 } from '../../src/wat';

const fixtures = join(__dirname, 'fixtures', 'valid');

function build(src: string): { wasm: Uint8Array; map: SourceMapIndex; text: string; at: (l: number, c: number) => string } {
  const r = assemble(src);
  assert.deepEqual(r.diagnostics, []);
  const lines = r.parsed.lines;
  return {
    wasm: r.wasm!,
    map: r.sourceMap!,
    text: src,
    at: (l, c) => src.slice(lines.offsetAt({ line: l, character: c })),
  };
}

test('every instruction of every fixture maps to its own keyword', () => {
  for (const f of readdirSync(fixtures)) {
    const { wasm, map, at } = build(readFileSync(join(fixtures, f), 'utf8'));
    let checked = 0;
    for (const fn of map.functions) {
      const code = disassembleFunction(wasm, fn.codeOffset, fn.endOffset);
      const entries = map.entries.filter((e) => e.funcIndex === fn.funcIndex);
      // Same instruction boundaries as an independent decode of the bytes.
      assert.deepEqual(entries.map((e) => [e.offset, e.endOffset]), code.map((d) => [d.offset, d.offset + d.length]), `${f} func ${fn.funcIndex}`);
      for (const [i, e] of entries.entries()) {
        const mnemonic = code[i].text.split(' ')[0];
        const src = at(e.line, e.column);
        if (mnemonic === 'end') assert.ok(src.startsWith(')') || src.startsWith('end'), `${f}: end at ${e.line}:${e.column} is "${src.slice(0, 10)}"`);
        else if (mnemonic === 'select') assert.ok(src.startsWith('select'), `${f}: ${src.slice(0, 10)}`);
        else assert.ok(src.startsWith(mnemonic) && !/[\w.]/.test(src[mnemonic.length] ?? ' '), `${f}: ${mnemonic} at ${e.line}:${e.column} is "${src.slice(0, 20)}"`);
        assert.equal(e.endColumn - e.column, mnemonic === 'end' && src.startsWith(')') ? 1 : src.match(/^[^\s()]+/)![0].length);
        checked++;
      }
    }
    assert.ok(checked > 0, f);
    // Entries are sorted and non-overlapping.
    for (let i = 1; i < map.entries.length; i++) assert.ok(map.entries[i].offset >= map.entries[i - 1].endOffset);
  }
});

test('folded expressions map each nested instruction to its own column', () => {
  const src = '(module\n  (func (param i32) (result i32)\n    (i32.add (local.get 0) (i32.const 1))))\n';
  const { map } = build(src);
  const line = map.instructionsOnLine(2);
  // Execution (= offset) order: local.get, i32.const, i32.add, then the function's `end`, which
  // maps to the function's closing paren.
  assert.deepEqual(line.map((e) => e.column), [14, 28, 5, 41]);
  assert.ok(line[0].offset < line[1].offset && line[1].offset < line[2].offset && line[2].offset < line[3].offset);
  assert.equal(src.split('\n')[2][41], ')');
});

test('the implicit end of a folded block maps to the block\'s closing paren', () => {
  const src = '(func\n  (block $b\n    (nop)\n    (br $b))\n  nop)';
  const { map, wasm } = build(src);
  const ends = map.entries.filter((e) => disassembleAt(wasm, e.offset).text === 'end');
  assert.equal(ends.length, 2);
  assert.deepEqual([ends[0].line, ends[0].column], [3, 11]); // `)` closing (block ...)
  assert.deepEqual([ends[1].line, ends[1].column], [4, 5]); // `)` closing (func ...)
  // A flat `end` maps to the keyword itself.
  const flat = build('(func block\n nop\n end)');
  const e = flat.map.entries.filter((x) => disassembleAt(flat.wasm, x.offset).text === 'end');
  assert.deepEqual([e[0].line, e[0].column], [2, 1]);
});

test('folded if: condition, if, then, else and end each have their own position', () => {
  const src = '(func (result i32)\n  (if (result i32) (i32.const 1)\n    (then (i32.const 2))\n    (else (i32.const 3))))';
  const { map, wasm } = build(src);
  const got = map.entries.map((e) => [disassembleAt(wasm, e.offset).text, e.line, e.column]);
  assert.deepEqual(got, [
    ['i32.const 1', 1, 20],
    ['if (result i32)', 1, 3],
    ['i32.const 2', 2, 11],
    ['else', 3, 5],
    ['i32.const 3', 3, 11],
    ['end', 3, 24],
    ['end', 3, 25],
  ]);
});

test('Source Map v3 JSON decodes to the same mapping', () => {
  const src = readFileSync(join(fixtures, 'mvp.wat'), 'utf8');
  const { map } = build(src);
  const v3 = toSourceMapV3(map, 'mvp.wat', 'mvp.wasm');
  const json = JSON.parse(JSON.stringify(v3));
  assert.equal(json.version, 3);
  assert.deepEqual(json.sources, ['mvp.wat']);
  assert.equal(json.file, 'mvp.wasm');
  assert.deepEqual(json.names, []);
  const decoded = decodeSourceMapV3(json);
  assert.deepEqual(decoded, map.entries.map((e) => ({ offset: e.offset, source: 0, line: e.line, column: e.column })));
  const withContent = toSourceMapV3(map, 'mvp.wat', undefined, src);
  assert.deepEqual(withContent.sourcesContent, [src]);
});

test('lookups: offsets, lines, functions, locals', () => {
  const src = [
    '(module',
    '  (func $first (param $a i32) (param i64) (result i32)',
    '    (local $tmp f64) (local i32)',
    '    (i32.add (local.get $a) (i32.const 1000000)))',
    '  (func $second',
    '    nop))',
  ].join('\n');
  const { map, wasm } = build(src);
  assert.equal(map.functions.length, 2);
  const [f0, f1] = map.functions;
  assert.equal(f0.name, '$first');
  assert.deepEqual(f0.params, ['i32', 'i64']);
  assert.deepEqual(f0.results, ['i32']);
  assert.deepEqual(f0.locals, [
    { index: 0, name: '$a', type: 'i32', isParam: true },
    { index: 1, name: undefined, type: 'i64', isParam: true },
    { index: 2, name: '$tmp', type: 'f64', isParam: false },
    { index: 3, name: undefined, type: 'i32', isParam: false },
  ]);
  assert.deepEqual([f0.start, f0.end], [{ line: 1, character: 2 }, { line: 3, character: 49 }]);
  // The body entry starts with its size: bodyOffset..endOffset.
  assert.equal(wasm[f0.entryOffset], f0.endOffset - f0.bodyOffset);
  assert.equal(wasm[f0.bodyOffset], 2); // two local declarations
  assert.ok(map.codeSectionOffset < f0.entryOffset && f1.endOffset === map.codeSectionOffset + map.codeSectionSize);
  // The i32.const spans several bytes: any of them finds the instruction.
  const konst = map.instructionsOnLine(3).find((e) => disassembleAt(wasm, e.offset).text === 'i32.const 1000000')!;
  assert.ok(konst.endOffset - konst.offset > 2);
  assert.equal(map.entryAt(konst.offset + 2), konst);
  assert.deepEqual(map.positionAt(konst.offset + 1), { line: 3, character: 29 });
  assert.equal(map.entryAt(0), undefined);
  assert.equal(map.functionAt(konst.offset)?.name, '$first');
  assert.equal(map.functionAt(f1.codeOffset)?.name, '$second');
  assert.equal(map.functionAtLine(5)?.name, '$second');
  assert.equal(map.function(1)?.name, '$second');
  // instructionAt: the instruction under (or just before) the cursor.
  assert.equal(map.instructionAt(3, 29), konst);
  assert.equal(map.instructionAt(3, 33), konst);
  assert.equal(disassembleAt(wasm, map.instructionAt(3, 6)!.offset).text, 'i32.add');
  assert.equal(disassembleAt(wasm, map.instructionAt(3, 0)!.offset).text, 'i32.add');
  assert.equal(disassembleAt(wasm, map.instructionAt(5, 4)!.offset).text, 'nop');
  assert.deepEqual(map.instructionsOnLine(0), []);
  assert.equal(map.size, map.entries.length);
});

test('disassembler prints instructions with their immediates', () => {
  const src = [
    '(module (memory 1) (table 2 funcref) (global (mut i64) (i64.const 0))',
    '(func $f (param i32) (result i32)',
    '  (block (result i32) (br_table 0 0 (i32.const -7) (local.get 0)))',
    '  (drop (i64.load32_u offset=4 align=2 (i32.const 0)))',
    '  (global.set 0 (i64.const -5))',
    '  (drop (f64.const -0.5)) (drop (f32.const nan:0x200))',
    '  (call_indirect (param i32) (result i32) (i32.const 1) (i32.const 0))',
    '  (drop (ref.null extern)) (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))',
    '  drop))',
  ].join('\n');
  const { wasm, map } = build(src);
  const texts = map.entries.map((e) => disassembleAt(wasm, e.offset).text);
  for (const t of ['block (result i32)', 'br_table 0 0', 'i32.const -7', 'local.get 0', 'i64.load32_u offset=4 align=2', 'global.set 0',
    'i64.const -5', 'f64.const -0.5', 'f32.const nan:0x200', 'call_indirect (type 0)', 'ref.null extern', 'memory.fill']) {
    assert.ok(texts.includes(t), `missing "${t}" in ${JSON.stringify(texts)}`);
  }
  assert.throws(() => disassembleAt(new Uint8Array([0xff]), 0), RangeError);
});
