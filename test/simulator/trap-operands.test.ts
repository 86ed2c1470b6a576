/** Rebuilding a trapping instruction's operands from the instructions that pushed them (the simulator's trap stop). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Value } from '../../src/protocol';
import { trapOperands } from '../../src/simulator/trap-operands';
import { parseModule } from '../../src/simulator/wasm/module-info';
import { assemble } from './helpers';

const WAT = `(module
  (memory 1)
  (global $g i32 (i32.const 0))
  (func $a (param $x i32) (result i32) (i32.div_u (i32.const 120) (local.get $x)))
  (func $b (result i64) (i64.rem_s (i64.const -9) (i64.const 0)))
  (func $c (param $x i32) (result i32) (i32.div_s (i32.add (local.get $x) (i32.const 1)) (global.get $g)))
  (func $d (result i32) (i32.load (i32.const 70000)))
  (func $e (unreachable)))`;

test('operands from constants, local.get and global.get are rebuilt; computed ones are not', async () => {
  const bytes = await assemble(WAT);
  const info = parseModule(bytes);
  const last = (i: number) => {
    const b = info.bodies[i];
    return b.instructions[b.instructions.length - 2]; // the instruction before the final `end`
  };
  const i32 = (value: number): Value => ({ type: 'i32', value });
  const locals = [i32(0)];
  const globals = [i32(0)];
  assert.deepEqual(trapOperands(info, bytes, last(0), locals, globals), [i32(120), i32(0)]);
  assert.deepEqual(trapOperands(info, bytes, last(1), [], globals), [{ type: 'i64', value: -9n }, { type: 'i64', value: 0n }]);
  assert.equal(trapOperands(info, bytes, last(2), locals, globals), null, 'the dividend was computed by i32.add');
  assert.deepEqual(trapOperands(info, bytes, last(3), [], globals), [i32(70000)]);
  assert.deepEqual(trapOperands(info, bytes, last(4), [], globals), []);
});
