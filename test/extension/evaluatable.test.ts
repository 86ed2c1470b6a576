import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluatableRange } from '../../src/extension/evaluatable';

test('hovers evaluate $names and memory reads, not keywords or literals', () => {
  const line = '  (local.set $acc (i32.add (local.get $acc) (i32.const 5))) ;; i32[0x10]';
  const at = (s: string, k = 0) => line.indexOf(s) + k;
  const text = (r?: [number, number]) => (r ? line.slice(r[0], r[1]) : undefined);
  assert.equal(text(evaluatableRange(line, at('$acc', 2))), '$acc');
  assert.equal(text(evaluatableRange(line, at('local.get'))), undefined);
  assert.equal(text(evaluatableRange(line, at('5'))), undefined);
  assert.equal(text(evaluatableRange(line, at('i32[0x10]', 4))), 'i32[0x10]');
});
