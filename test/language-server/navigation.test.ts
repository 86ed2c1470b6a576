/** Hover, go to definition, references, highlights, rename and the outline of the pure service. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver';
import { RenameError } from '../../src/language-server/service';
import { FIB, URI, posOf, service, textAt } from './helpers';

const hoverText = (needle: string, delta = 1, nth = 0): string => {
  const h = service(FIB).hover(URI, posOf(FIB, needle, delta, nth));
  assert.ok(h, `no hover at ${needle}`);
  return (h.contents as { value: string }).value;
};

test('hover: parameter, local, global, function, type and label', () => {
  assert.match(hoverText('$n i32'), /\(param \$n i32\)[\s\S]*parameter 0 of \$fib/);
  assert.match(hoverText('$i)', 1), /\(local \$i i32\)[\s\S]*local 0 of \$main/);
  assert.match(hoverText('$count (i32', 1), /\(global \$count \(mut i32\)\)[\s\S]*mutable/);
  assert.match(hoverText('$N)))', 1), /\(global \$N i32\)[\s\S]*immutable/);
  assert.match(hoverText('$fib (i32.sub', 1), /\(func \$fib \(param \$n i32\) \(result i32\)\)/);
  assert.match(hoverText('$log (i32', 1), /imported from "env" "log"/);
  assert.match(hoverText('$main'), /exported as "main"/);
  assert.match(hoverText('$binop'), /\(type \$binop \(func \(param i32\) \(param i32\) \(result i32\)\)\)/);
  assert.match(hoverText('$next', 1, 1), /\(loop \$next\)/);
  // A numeric index refers to the same definition.
  assert.match(hoverText('local.get 0', 10), /\(param \$n i32\)/);
});

test('hover: instructions show their signature, made concrete by the immediate', () => {
  assert.match(hoverText('i32.lt_u'), /i32\.lt_u {2}\[i32 i32\] -> \[i32\][\s\S]*less than the second \(unsigned\)/);
  assert.match(hoverText('call $fib'), /call {2}\[i32\] -> \[i32\]/);
  assert.match(hoverText('local.get $i'), /local\.get {2}\[\] -> \[i32\]/);
  assert.match(hoverText('global.set'), /global\.set {2}\[i32\] -> \[\]/);
  assert.match(hoverText('i32.add'), /Adds two values \(wrapping\)/);
  assert.equal(service(FIB).hover(URI, { line: 0, character: 0 }), null); // on a paren
});

test('definition and references', () => {
  const s = service(FIB);
  const def = s.definition(URI, posOf(FIB, '$fib (i32.sub', 2));
  assert.ok(def);
  assert.deepEqual(def.range.start, posOf(FIB, '$fib (param'));
  const refs = s.references(URI, posOf(FIB, '$n i32', 1), true);
  // the definition, three named uses and `local.get 0`
  assert.equal(refs.length, 5);
  assert.deepEqual(refs.map((r) => textAt(FIB, r.range)).sort(), ['$n', '$n', '$n', '$n', '0']);
  assert.equal(s.references(URI, posOf(FIB, '$n i32', 1), false).length, 4);
  assert.equal(s.references(URI, posOf(FIB, '$count', 1), true).length, 3);
  const labelRefs = s.references(URI, posOf(FIB, '$done', 1), true);
  assert.deepEqual(labelRefs.map((r) => r.range.start.line), [19, 22]);
  assert.equal(s.documentHighlights(URI, posOf(FIB, '$i i32', 1)).length, 5);
  assert.equal(s.definition(URI, posOf(FIB, 'i32.add')), null);
});

test('rename: definition and named references; numbers stay; invalid names rejected', () => {
  const s = service(FIB);
  const p = posOf(FIB, '$n) (i32.const', 1);
  const prep = s.prepareRename(URI, posOf(FIB, '(local.get $n)', 12));
  assert.equal(prep.placeholder, '$n');
  const edit = s.rename(URI, p, '$x');
  const edits = edit.changes![URI];
  assert.equal(edits.length, 4);
  assert.ok(edits.every((e) => e.newText === '$x' && textAt(FIB, e.range) === '$n'));
  // A bare word gets its `$`.
  assert.equal(s.rename(URI, p, 'value').changes![URI][0].newText, '$value');
  assert.throws(() => s.rename(URI, p, '$a b'), RenameError);
  assert.throws(() => s.rename(URI, p, '$'), RenameError);
  assert.throws(() => s.rename(URI, p, '$a(b'), RenameError);
  // Taken in the same space: would change what references resolve to.
  assert.throws(() => s.rename(URI, posOf(FIB, '$i i32', 1), '$result'), /already defined/);
  assert.throws(() => s.rename(URI, posOf(FIB, '$fib (param', 1), '$main'), /already defined/);
  // Numeric references cannot be renamed from; keywords neither.
  assert.throws(() => s.prepareRename(URI, posOf(FIB, 'local.get 0', 10)), RenameError);
  assert.throws(() => s.prepareRename(URI, posOf(FIB, 'i32.add')), RenameError);
});

test('rename a label also renames `end $label`', () => {
  const text = '(module (func block $b (br $b) end $b))';
  const s = service(text);
  const edits = s.rename(URI, posOf(text, '$b', 1), '$out').changes![URI];
  assert.equal(edits.length, 3);
  const out = edits.reduceRight((t, e) => t.slice(0, e.range.start.character) + e.newText + t.slice(e.range.end.character), text);
  assert.equal(out, '(module (func block $out (br $out) end $out))');
});

test('document symbols: fields in order, functions with params and locals', () => {
  const syms = service(FIB).documentSymbols(URI);
  assert.deepEqual(
    syms.map((s) => s.name),
    ['$log', 'memory 0', '$N', '$count', '$binop', 'table 0', '$fib', '$main'],
  );
  const fib = syms.find((s) => s.name === '$fib')!;
  assert.equal(fib.kind, SymbolKind.Function);
  assert.equal(fib.detail, '(param $n i32) (result i32)');
  assert.deepEqual(fib.children!.map((c) => [c.name, c.detail]), [['$n', 'param i32']]);
  const main = syms.find((s) => s.name === '$main')!;
  assert.deepEqual(main.children!.map((c) => c.name), ['$i', '$result']);
  assert.match(main.detail!, /export "main"/);
  assert.equal(syms.find((s) => s.name === '$N')!.kind, SymbolKind.Constant);
  assert.equal(syms.find((s) => s.name === '$count')!.kind, SymbolKind.Variable);
  assert.equal(textAt(FIB, fib.selectionRange), '$fib');
});
