// Parser: fixtures (valid files parse cleanly; malformed files report the expected positioned
// error), source ranges in the tree, error recovery, and .wast scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, collectSymbols, parseWast, parseWat, validate, Func } from '../../src/wat';

const fixtures = join(__dirname, 'fixtures');

test('valid fixtures parse, resolve and validate without diagnostics', () => {
  for (const f of readdirSync(join(fixtures, 'valid'))) {
    const p = parseWat(readFileSync(join(fixtures, 'valid', f), 'utf8'), f);
    assert.deepEqual(p.diagnostics, [], f);
    assert.deepEqual(validate(p), [], f);
  }
});

/**
 * Malformed fixtures start with `;; expect LINE:COL message` (0-based, as in the API, the line
 * counted in the whole file): assembling must report an error starting there whose message
 * contains the text.
 */
test('malformed fixtures report positioned errors', () => {
  const files = readdirSync(join(fixtures, 'malformed'));
  assert.ok(files.length >= 20);
  for (const f of files) {
    const text = readFileSync(join(fixtures, 'malformed', f), 'utf8');
    const m = /^;; expect (\d+):(\d+) (.*)$/m.exec(text);
    assert.ok(m, `${f}: missing expectation`);
    const [line, col, msg] = [Number(m[1]), Number(m[2]), m[3].trim()];
    const r = assemble(text);
    assert.equal(r.ok, false, `${f}: accepted`);
    const found = r.diagnostics.find((d) => d.range.start.line === line && d.range.start.character === col && d.message.includes(msg));
    assert.ok(
      found,
      `${f}: expected "${msg}" at ${line}:${col}, got ${JSON.stringify(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`))}`,
    );
    assert.equal(found.severity, 'error');
  }
});

test('the tree keeps ranges of definitions, references and instructions', () => {
  const text = '(module\n  (func $add (param $a i32) (param $b i32) (result i32)\n    (i32.add (local.get $a) (local.get $b))))\n';
  const p = parseWat(text);
  assert.deepEqual(p.diagnostics, []);
  const f = p.module.funcs[0];
  assert.equal(f.id!.name, '$add');
  assert.deepEqual(p.lines.positionAt(f.id!.start), { line: 1, character: 8 });
  assert.deepEqual(p.lines.positionAt(f.type.params[1].id!.start), { line: 1, character: 35 });
  // Folded code is unfolded in execution order; each instruction keeps its own keyword span.
  const body = f.body.instrs();
  const names = body.map((i) => text.slice(i.start, i.end));
  assert.deepEqual(names, ['local.get', 'local.get', 'i32.add']);
  assert.deepEqual(p.lines.positionAt(body[0].start), { line: 2, character: 14 });
  assert.deepEqual(p.lines.positionAt(body[2].start), { line: 2, character: 5 });
  const ref = body[1].ref!;
  assert.equal(ref.name, '$b');
  assert.deepEqual(p.lines.rangeOf(ref.start, ref.end), { start: { line: 2, character: 39 }, end: { line: 2, character: 41 } });
  assert.deepEqual(p.lines.rangeOf(f.start, f.end), { start: { line: 1, character: 2 }, end: { line: 2, character: 44 } });
});

test('error recovery: an error in one function keeps the others and their symbols', () => {
  const text = [
    '(module',
    '  (func $first (param $a i32) (result i32) (local.get $a))',
    '  (func $broken (result i32) (i32.add (i32.const 1) (i32.const oops)))',
    '  (funk $not-a-field)',
    '  (func $last (param $b i32) local.get $b drop)',
    '  (global $g i32 (i32.const 0))',
    ')',
  ].join('\n');
  const p = parseWat(text);
  assert.deepEqual(
    p.diagnostics.map((d) => [d.range.start.line, d.range.start.character]),
    [[2, 63], [3, 3]],
  );
  assert.deepEqual(p.module.funcs.map((f: Func) => f.id?.name), ['$first', '$broken', '$last']);
  assert.equal(p.module.funcs[2].body.length, 2);
  assert.equal(p.module.globals[0].id?.name, '$g');
  // Names still resolve, so the language server can navigate the good parts.
  validate(p);
  const syms = collectSymbols(p.module);
  const b = syms.defs.find((d) => d.name === '$b')!;
  assert.equal(syms.referencesTo(b).length, 1);
});

test('error recovery inside a body: flat instructions continue after the bad one', () => {
  const p = parseWat('(func $f (local $x i32)\n  i32.const zz\n  local.get $x\n  drop)\n(func $g)');
  assert.equal(p.diagnostics.length, 1);
  assert.deepEqual(p.diagnostics[0].range.start, { line: 1, character: 12 });
  assert.deepEqual(p.module.funcs.map((f) => f.id?.name), ['$f', '$g']);
  // The broken instruction is dropped, the rest of the body is kept.
  assert.deepEqual(p.module.funcs[0].body.instrs().map((i) => p.text.slice(i.start, i.end)), ['local.get', 'drop']);
});

test('a missing ")" before the next field does not swallow the rest of the module', () => {
  const p = parseWat('(module\n  (func $a (nop)\n  (func $b (nop))\n  (func $c))');
  assert.ok(p.diagnostics.length >= 1);
  assert.deepEqual(p.module.funcs.map((f) => f.id?.name), ['$a', '$b', '$c']);
});

test('comments, strings and identifiers', () => {
  const p = parseWat('(; block (; nested ;) ;) (module ;; line\n (data "\\t\\n\\r\\"\\\'\\\\\\41\\u{1F600}") (func $a.b-c!#%&*+/:<=>?@^_`|~))');
  assert.deepEqual(p.diagnostics, []);
  assert.deepEqual([...p.module.datas[0].bytes], [9, 10, 13, 34, 39, 92, 0x41, 0xf0, 0x9f, 0x98, 0x80]);
  assert.equal(p.module.funcs[0].id!.name, '$a.b-c!#%&*+/:<=>?@^_`|~');
});

test('line and column counting handles CRLF and lone CR', () => {
  const p = parseWat('(module\r\n  (func\r    (nop)\r\n    bad))');
  assert.equal(p.diagnostics.length, 1);
  assert.deepEqual(p.diagnostics[0].range.start, { line: 3, character: 4 });
});

test('.wast scripts: every command kind', () => {
  const text = [
    '(module $m (func (export "f") (param i32) (result i32) (local.get 0)))',
    '(module binary "\\00asm" "\\01\\00\\00\\00")',
    '(module quote "(func)")',
    '(register "m" $m)',
    '(invoke "f" (i32.const 1))',
    '(get $m "g")',
    '(assert_return (invoke $m "f" (i32.const 7)) (i32.const 7))',
    '(assert_return (invoke "nan") (f32.const nan:canonical))',
    '(assert_return (invoke "e") (either (i32.const 1) (i32.const 2)))',
    '(assert_trap (invoke "f" (i32.const 0)) "unreachable")',
    '(assert_trap (module (func (unreachable)) (start 0)) "unreachable")',
    '(assert_exhaustion (invoke "f") "call stack exhausted")',
    '(assert_malformed (module quote "(func i32.nope)") "unknown operator")',
    '(assert_invalid (module (func (result i32))) "type mismatch")',
    '(assert_unlinkable (module (import "x" "y" (func))) "unknown import")',
    '(assert_uninstantiable (module (func unreachable) (start 0)) "unreachable")',
  ].join('\n');
  const w = parseWast(text, 'test.wast');
  assert.deepEqual(w.diagnostics, []);
  const cmds = w.script.commands;
  assert.deepEqual(cmds.map((c) => c.command), [
    'module', 'module', 'module', 'register', 'action', 'action', 'assert_return', 'assert_return', 'assert_return', 'assert_trap',
    'assert_trap', 'assert_exhaustion', 'assert_malformed', 'assert_invalid', 'assert_unlinkable', 'assert_uninstantiable',
  ]);
  const bin = cmds[1];
  assert.ok(bin.command === 'module' && bin.form === 'binary');
  assert.deepEqual([...bin.bytes!], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
  const quote = cmds[2];
  assert.ok(quote.command === 'module' && quote.form === 'quote' && quote.quote === '(func)');
  const ret = cmds[6];
  assert.ok(ret.command === 'assert_return');
  assert.equal(ret.action.module?.name, '$m');
  assert.equal(ret.action.name, 'f');
  assert.deepEqual(ret.action.args.map((a) => [a.type, a.text]), [['i32.const', '7']]);
  assert.deepEqual(ret.expected.map((a) => [a.type, a.text]), [['i32.const', '7']]);
  const either = cmds[8];
  assert.ok(either.command === 'assert_return');
  assert.equal(either.expected[0].alternatives!.length, 2);
  // The malformed module's errors stay with the module, not the script.
  const mal = cmds[12];
  assert.ok(mal.command === 'assert_malformed');
  assert.equal(parseWat(mal.module.quote!).diagnostics.length, 1);
  const inv = cmds[13];
  assert.ok(inv.command === 'assert_invalid' && inv.module.module);
});
