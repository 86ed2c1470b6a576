/**
 * The simulator's wasm reader against V8 itself: instruction boundaries and breakable offsets
 * must be exactly those V8's inspector reports (Debugger.getPossibleBreakpoints), or bpSet would
 * answer offsets V8 moves elsewhere.
 */
import assert from 'node:assert/strict';
import { Session } from 'node:inspector';
import { after, before, test } from 'node:test';
import { WA } from '../../src/simulator/wasm/js-api';
import { bodyAt, firstInstruction, parseModule, snapToInstruction } from '../../src/simulator/wasm/module-info';
import { CONFORMANCE_WAT } from '../conformance/modules';
import { assemble, example } from './helpers';

const OPCODES_WAT = `(module (import "env" "f" (func $f (param i32)))
  (memory 1) (table 2 funcref) (type $t (func (param i32) (result i32)))
  (global $g (mut i64) (i64.const 0))
  (func $a (param $x i32) (result i32) (local $y i64) (local $z f32)
    nop
    (block $b (loop $l (br_if $b (local.get $x)) (br $l)))
    (if (result i32) (local.get $x) (then (i32.const 1)) (else (i32.const 2)))
    drop
    (block $c (br_table $c $c (local.get $x)))
    (i32.load offset=4 (i32.const 0)) drop
    (i64.store8 (i32.const 0) (i64.const -1))
    (memory.size) (memory.grow) drop
    (select (i32.const 1) (i32.const 2) (local.get $x)) drop
    (call $f (i32.const 1))
    (drop (call_indirect (type $t) (i32.const 0) (i32.const 0)))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
    (memory.copy (i32.const 0) (i32.const 0) (i32.const 0))
    (i32.trunc_sat_f32_s (f32.const 1.5)) drop
    (global.set $g (i64.const 0x7fffffffffff))
    (local.set $z (f32.const -0.5))
    (drop (f64.const 3.25))
    (drop (i32.extend8_s (i32.const 200)))
    (drop (ref.is_null (ref.null func)))
    (local.get $x)
    (if (local.get $x) (then (return (i32.const 5))))
    unreachable)
  (func $b (result i32) (i32.const -123456)))`;

const session = new Session();
const post = <T>(m: string, p: object = {}) => new Promise<T>((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r as T))));
const scripts: { scriptId: string; length: number }[] = [];
const keep: unknown[] = [];

before(async () => {
  session.connect();
  session.on('Debugger.scriptParsed', (m) => {
    const p = m.params as { scriptId: string; length?: number; scriptLanguage?: string };
    if (p.scriptLanguage === 'WebAssembly') scripts.push({ scriptId: p.scriptId, length: p.length ?? 0 });
  });
  await post('Debugger.enable');
});
after(() => session.disconnect());

async function v8Breakable(bytes: Uint8Array): Promise<number[]> {
  keep.push(new WA.Module(bytes)); // a collected module's script is gone
  await new Promise((r) => setImmediate(r));
  const s = scripts.filter((x) => x.length === bytes.length).pop();
  assert.ok(s, 'V8 reported the module');
  const r = await post<{ locations: { columnNumber: number }[] }>('Debugger.getPossibleBreakpoints', {
    start: { scriptId: s.scriptId, lineNumber: 0, columnNumber: 0 },
    end: { scriptId: s.scriptId, lineNumber: 0, columnNumber: bytes.length },
  });
  return r.locations.map((l) => l.columnNumber);
}

async function check(name: string, bytes: Uint8Array): Promise<void> {
  const info = parseModule(bytes);
  const v8 = await v8Breakable(bytes);
  const ours: number[] = [];
  for (const b of info.bodies) for (let i = 0; i < b.instructions.length; i++) if (![0x02, 0x03, 0x05].includes(b.opcodes[i])) ours.push(b.instructions[i]);
  assert.deepEqual(ours, v8, `${name}: breakable offsets`);
  // Snapping: every offset from the first body to the end of the code maps to V8's next breakable offset in the same function.
  for (const b of info.bodies) {
    for (let off = b.start; off < b.end; off++) {
      const want = v8.find((x) => x >= off && x < b.end) ?? null;
      assert.equal(snapToInstruction(info, off), want, `${name}: snap ${off}`);
    }
    assert.equal(bodyAt(info, b.start - 1), undefined, 'the body size is not part of the body');
    assert.equal(snapToInstruction(info, b.start - 1), null);
  }
}

test('breakable offsets and snapping match V8 (many opcodes)', async () => {
  await check('opcodes', await assemble(OPCODES_WAT));
});

test('breakable offsets and snapping match V8 (examples and the conformance module)', async () => {
  for (const n of ['blink.wat', 'button.wat', 'fib.wat']) await check(n, await example(n));
  await check('conformance', await assemble(CONFORMANCE_WAT));
});

test('module facts: imports, exports, globals, names, start, entry instruction', async () => {
  const info = parseModule(await example('fib.wat'));
  assert.deepEqual(info.imports.map((i) => `${i.module}.${i.name}`), ['env.log', 'env.log_i32']);
  assert.equal(info.funcImportCount, 2);
  assert.deepEqual(info.exports.map((e) => [e.name, e.kind, e.index]), [['main', 'func', 3]]);
  assert.equal(info.names.get(2), 'fib');
  assert.deepEqual(info.globals, [{ type: 'i32', mutable: false, imported: false }]);
  assert.equal(info.memoryCount, 1);
  assert.equal(info.start, null);
  assert.deepEqual(info.bodies[0].locals, []);
  assert.deepEqual(info.bodies[1].locals, ['i32', 'i32']);
  assert.equal(firstInstruction(info, 3), info.bodies[1].instructions[0]);
  assert.equal(snapToInstruction(info, 0), null);
  assert.equal(snapToInstruction(info, info.size + 10), null);
});

test('bad modules are refused with an offset', () => {
  assert.throws(() => parseModule(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /bad magic/);
  assert.throws(() => parseModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])), /version 2/);
  assert.throws(() => parseModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9, 0])), /past the end/);
});
