/** Completion opened by typing a space (only where a name or a type is expected); where parameter hints sit. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIB, URI, posOf, service } from './helpers';

function onSpace(src: string, trigger: string | null = ' '): string[] {
  const at = src.indexOf('|');
  const text = src.slice(0, at) + src.slice(at + 1);
  return service(text).completion(URI, posOf(text, text.slice(0, at), at, 0), trigger ?? undefined).map((c) => c.label);
}

test('a space after local.get / call / global.set / br opens the names', () => {
  assert.deepEqual(onSpace('(module (func $f (param $n i32) (local $t i32)\n  local.get |\n))'), ['$n', '$t']);
  assert.deepEqual(onSpace('(module (func $fib (param $n i32) (result i32) (call | )))'), ['$fib']);
  assert.deepEqual(onSpace('(module (global $g (mut i32) (i32.const 0)) (func global.set |))'), ['$g']);
  assert.deepEqual(onSpace('(module (func (block $out (br |))))'), ['$out']);
  assert.ok(onSpace('(module (func (param $x |)))').includes('i32'), 'value types after (param $x');
});

test('a space anywhere else opens nothing', () => {
  for (const src of ['(module (func |))', '(module (func (i32.add |)))', '(module (func\n  i32.const 1 |\n))', '(module |)', '(module (func $f (param $n i32) (local.get $n |)))']) {
    assert.deepEqual(onSpace(src), [], src);
  }
  // Invoked (Ctrl+Space) at the same place: the full list, as before.
  assert.ok(onSpace('(module (func\n  i32.const 1 |\n))', null).length > 10);
});

test('parameter hints hang on the token before the operand, clear of the inline breakpoint marker', () => {
  const s = service(FIB);
  const lines = FIB.split('\n');
  const h = s.inlayHints(URI).filter((x) => x.label === 'n:');
  assert.ok(h.length > 0);
  for (const x of h) {
    const line = lines[x.position.line];
    const before = line.slice(0, x.position.character);
    // Either right after the previous token (a space then the operand's paren follow) ...
    if (x.paddingLeft) assert.match(line.slice(x.position.character), /^\s+\(/, line);
    // ... or before a paren that starts its line.
    else assert.match(before, /^\s*$/, line);
    assert.ok(!(x.paddingLeft && x.paddingRight));
  }
});
