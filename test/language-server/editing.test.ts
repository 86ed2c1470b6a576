/** Completion, signature help, inlay hints, quick fixes and diagnostics of the pure service. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemKind, DiagnosticSeverity, InsertTextFormat } from 'vscode-languageserver';
import { FIB, URI, posOf, service } from './helpers';

/** Completion labels at the `|` in `src` (the bar is removed). */
function complete(src: string) {
  const at = src.indexOf('|');
  const text = src.slice(0, at) + src.slice(at + 1);
  return service(text).completion(URI, posOf(text, text.slice(0, at), at, 0));
}
const labels = (src: string): string[] => complete(src).map((c) => c.label);

test('completion: locals and params of the current function only', () => {
  const fn = '(module (func $other (param $zz i32)) (func $f (param $a i32) (local $b i64) (local.get |)))';
  assert.deepEqual(labels(fn), ['$a', '$b']);
  const items = complete(fn);
  assert.equal(items[0].detail, 'param i32');
  assert.equal(items[1].detail, 'local i64');
  // A partial name replaces what was typed.
  const typed = complete('(module (func $f (param $abc i32) (local.set $ab|)))');
  assert.equal(typed[0].textEdit && 'range' in typed[0].textEdit ? typed[0].textEdit.range.start.character : -1, 45);
});

test('completion: functions after call, globals after global.get/set, types, tables, exports', () => {
  assert.deepEqual(labels('(module (func $a) (func $b (param i32)) (func (call |)))'), ['$a', '$b']);
  assert.deepEqual(labels('(module (global $g i32 (i32.const 0)) (global $h (mut f32) (f32.const 0)) (func (global.set |)))'), ['$g', '$h']);
  assert.deepEqual(labels('(module (type $t (func)) (func (type |)))'), ['$t']);
  assert.ok(labels('(module (type $t (func)) (table $tab 1 funcref) (func (call_indirect |)))').includes('$tab'));
  assert.deepEqual(labels('(module (func $a) (func $b) (export "x" (func |)))'), ['$a', '$b']);
  assert.deepEqual(labels('(module (func $a) (start |))'), ['$a']);
  const fn = complete('(module (func $add (param $x i32) (result i32) (local.get 0)) (func (call |)))')[0];
  assert.equal(fn.kind, CompletionItemKind.Function);
  assert.equal(fn.detail, '(func $add (param $x i32) (result i32))');
});

test('completion: labels in scope after br/br_if/br_table, folded and flat, innermost first', () => {
  const src = '(module (func (block $out (loop $again block $inner (br |) end) (block $sibling))))';
  assert.deepEqual(labels(src), ['$inner', '$again', '$out']);
  assert.deepEqual(labels('(module (func (block $a (block $b (br_table $b |)))))'), ['$b', '$a']);
  assert.deepEqual(labels('(module (func (block $a) (br_if |)))'), []);
});

test('completion: after `(` the forms allowed there, with snippets', () => {
  const top = labels('(module (|))');
  for (const k of ['func', 'memory', 'global', 'import', 'export']) assert.ok(top.includes(k), k);
  assert.ok(!top.includes('i32.add'));
  const inFunc = complete('(module (func (|)))');
  const names = inFunc.map((c) => c.label);
  for (const k of ['param', 'result', 'local', 'i32.add', 'local.get', 'block …', 'if …', 'loop …']) assert.ok(names.includes(k), k);
  const snip = inFunc.find((c) => c.label === 'if …')!;
  assert.equal(snip.insertTextFormat, InsertTextFormat.Snippet);
  assert.match((snip.textEdit as { newText: string }).newText, /^if \(result \$\{1:i32\}\)[\s\S]*\(then[\s\S]*\(else/);
  // No closing paren added when one already follows: the snippet's own parens balance.
  const body = (snip.textEdit as { newText: string }).newText;
  assert.equal(body.split('(').length, body.split(')').length);
  const open = complete('(module (func (|').find((c) => c.label === 'if …')!;
  const body2 = (open.textEdit as { newText: string }).newText;
  assert.equal(body2.split(')').length - body2.split('(').length, 1, 'closes the form when nothing does');
  const fileTop = complete('|');
  const mod = fileTop.find((c) => c.label === '(module …)');
  assert.ok(mod, 'module snippet at the top of an empty file');
  assert.match((mod.textEdit as { newText: string }).newText, /^\(module\n[\s\S]*\)$/);
});

test('completion: instructions in flat code, value types after param/result/local, $ anywhere', () => {
  const flat = labels('(module (func i32.const 1 i32.|))');
  assert.ok(flat.includes('i32.add') && flat.includes('drop') && flat.includes('block … end'));
  assert.deepEqual(labels('(module (func (param |)))'), ['i32', 'i64', 'f32', 'f64', 'funcref', 'externref']);
  assert.deepEqual(labels('(module (func (local $x |)))'), ['i32', 'i64', 'f32', 'f64', 'funcref', 'externref']);
  assert.deepEqual(labels('(module (global $g i32 (i32.const 1)) (func $f (param $p i32) (drop $|)))'), ['$p', '$g', '$f']);
  assert.deepEqual(labels('(module (func ;; call |\n))'), []);
  assert.deepEqual(labels('(module (data (i32.const 0) "ab|c"))'), []);
});

test('completion works while the function is still being typed', () => {
  assert.deepEqual(labels('(module (func $f (param $a i32) (local $b i32) (local.get |'), ['$a', '$b']);
  assert.deepEqual(labels('(module (func $g) (func $f (call |'), ['$g', '$f']);
});

test('signature help inside a folded call', () => {
  const text = '(module (func $log (param $ptr i32) (param $len i32)) (func (call $log (i32.const 0) (i32.const 1))))';
  const s = service(text);
  const sh = s.signatureHelp(URI, posOf(text, '(i32.const 1)', 0))!;
  assert.equal(sh.signatures[0].label, '$log($ptr i32, $len i32) -> []');
  assert.equal(sh.activeParameter, 1);
  assert.equal(s.signatureHelp(URI, posOf(text, '(i32.const 0)', 3))!.activeParameter, 0);
  assert.equal(s.signatureHelp(URI, posOf(text, '(func (call', 1)), null);
});

test('inlay hints: parameter names of call operands, names of numeric indices', () => {
  const s = service(FIB);
  const hints = s.inlayHints(URI);
  const labelsAt = (line: number) => hints.filter((h) => h.position.line === line).map((h) => h.label);
  assert.deepEqual(labelsAt(17), ['ptr:', 'len:']); // (call $log (i32.const 0) (i32.const 4))
  assert.deepEqual(labelsAt(13), ['n:', '$n']); // (call $fib (i32.sub (local.get 0) ...
});

test('quick fixes declare an unknown local, global or function', () => {
  const text = '(module\n  (func $f (param $a i32) (result i32)\n    (local.set $tmp (global.get $g))\n    (call $missing)\n    (local.get $a)))\n';
  const s = service(text);
  const actions = s.codeActions(URI, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } });
  const titles = actions.map((a) => a.title).sort();
  assert.deepEqual(titles, ['Declare (func $missing)', 'Declare (global $g (mut i32) (i32.const 0))', 'Declare (local $tmp i32)']);
  // Applying all three makes the module valid.
  const edits = actions.flatMap((a) => a.edit!.changes![URI]).map((e) => ({ off: offset(text, e.range.start), text: e.newText })).sort((a, b) => b.off - a.off);
  const fixed = edits.reduce((t, e) => t.slice(0, e.off) + e.text + t.slice(e.off), text);
  assert.match(fixed, /\(param \$a i32\) \(result i32\) \(local \$tmp i32\)/);
  assert.deepEqual(service(fixed).diagnostics(URI), []);
});

test('diagnostics: syntax, resolve and validation with exact ranges', () => {
  const s = service('(module (func (result i32) (i32.add (i32.const 1) (f32.const 2))))');
  const d = s.diagnostics(URI);
  assert.equal(d.length, 1);
  assert.equal(d[0].code, 'validation');
  assert.equal(d[0].severity, DiagnosticSeverity.Error);
  assert.equal(d[0].source, 'wat');
  const r = service('(module (func (local.get $nope)))').diagnostics(URI);
  assert.deepEqual([r[0].code, r[0].message, r[0].range.start.character, r[0].range.end.character], ['resolve', 'unknown local $nope', 25, 30]);
  const syn = service('(module (func (i32.bogus)))').diagnostics(URI);
  assert.equal(syn[0].code, 'syntax');
  // .wast scripts get the script parser's diagnostics, not "unexpected command".
  const w = service('(module (func))\n(assert_return (invoke "f"))', 'file:///t.wast');
  assert.deepEqual(w.diagnostics('file:///t.wast'), []);
});

function offset(text: string, p: { line: number; character: number }): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}
