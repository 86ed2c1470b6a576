/** The debug copy: exports memory and mutable globals, moves code by a constant delta. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GLOBAL_EXPORT_PREFIX, MEMORY_EXPORT, fromRun, makeDebugCopy, toRun } from '../../src/simulator/wasm/debug-exports';
import { WA } from '../../src/simulator/wasm/js-api';
import { parseModule } from '../../src/simulator/wasm/module-info';
import { CONFORMANCE_WAT } from '../conformance/modules';
import { assemble, example } from './helpers';

async function checkCopy(bytes: Uint8Array): Promise<ReturnType<typeof makeDebugCopy>> {
  const info = parseModule(bytes);
  const c = makeDebugCopy(bytes, info);
  assert.ok(WA.validate(c.bytes), 'the copy is a valid module');
  const ci = parseModule(c.bytes);
  assert.equal(ci.bodies.length, info.bodies.length);
  info.bodies.forEach((b, i) => {
    assert.deepEqual(ci.bodies[i].instructions, b.instructions.map((o) => toRun(c, o)));
    assert.deepEqual(ci.bodies[i].instructions.map((o) => fromRun(c, o)), b.instructions);
    assert.deepEqual(ci.bodies[i].opcodes, b.opcodes);
  });
  return c;
}

test('a module without exported memory gets a memory export and mutable-global exports', async () => {
  const bytes = await assemble(`(module (memory 1) (global $a (mut i32) (i32.const 1)) (global $b i32 (i32.const 2))
    (global $c (mut i64) (i64.const 3)) (func $f (export "f") (result i32) (global.get $a)))`);
  const c = await checkCopy(bytes);
  assert.equal(c.memoryExport, MEMORY_EXPORT);
  assert.deepEqual([...c.globalExports], [[0, GLOBAL_EXPORT_PREFIX + '0'], [2, GLOBAL_EXPORT_PREFIX + '2']]);
  const inst = new WA.Instance(new WA.Module(c.bytes), {});
  assert.ok(inst.exports[MEMORY_EXPORT]);
  (inst.exports[GLOBAL_EXPORT_PREFIX + '0'] as { value: number }).value = 41;
  assert.equal((inst.exports.f as () => number)(), 41);
});

test('a module without an export section gets one in the right place', async () => {
  const bytes = await assemble('(module (memory 1) (func $start (nop)) (start $start) (data (i32.const 0) "x"))');
  const c = await checkCopy(bytes);
  assert.ok(c.delta > 0);
  assert.equal(c.memoryExport, MEMORY_EXPORT);
});

test('an exported memory and exported mutable globals are reused; nothing to add means the same bytes', async () => {
  const bytes = await assemble('(module (memory (export "mem") 1) (global (export "g") (mut i32) (i32.const 0)) (func (export "main")))');
  const c = await checkCopy(bytes);
  assert.equal(c.bytes, bytes);
  assert.equal(c.delta, 0);
  assert.equal(c.memoryExport, 'mem');
  assert.deepEqual([...c.globalExports], [[0, 'g']]);
});

test('examples and the conformance module make valid copies', async () => {
  for (const n of ['blink.wat', 'button.wat', 'fib.wat']) await checkCopy(await example(n));
  await checkCopy(await assemble(CONFORMANCE_WAT));
});
