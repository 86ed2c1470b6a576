import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgramIndex } from '../../src/debug-adapter/program/index';
import type { ProgramImage, Instr } from '../../src/debug-adapter/program/image';
import { breakpointLocations, resolveFunctionBreakpoint, resolveSourceBreakpoint } from '../../src/debug-adapter/breakpoints';
import { inRanges, lineRanges, rangesToSend } from '../../src/debug-adapter/stepping';
import { evaluateExpression, interpolateLogMessage, parseExpression, type EvalContext } from '../../src/debug-adapter/evaluate';
import { formatValue, parseValue } from '../../src/debug-adapter/values';
import type { Value } from '../../src/protocol';

// A hand-made image: func 0 on lines 2-4, func 1 on lines 7-8; line 3 is folded:
//   (i32.add (local.get 0) (i32.const 1))  → local.get@13, i32.const@27, i32.add@4 (in execution order)
const I = (offset: number, len: number, line: number, column: number, funcIndex: number, text = 'nop'): Instr => ({ offset, endOffset: offset + len, line, column, funcIndex, text });
const image: ProgramImage = {
  path: 'x.wat', wasm: new Uint8Array(), sha256: '', importedFuncs: 0, globals: [],
  instrs: [I(40, 2, 2, 4, 0), I(42, 2, 3, 13, 0), I(44, 2, 3, 27, 0), I(46, 1, 3, 4, 0), I(47, 2, 4, 4, 0), I(49, 1, 4, 14, 0), I(60, 2, 7, 4, 1), I(62, 1, 8, 2, 1)],
  funcs: [
    { index: 0, name: '$main', exportNames: ['main'], start: 40, end: 50, paramCount: 1, locals: [{ name: '$n', type: 'i32' }] },
    { index: 1, name: '$helper', exportNames: [], start: 60, end: 63, paramCount: 0, locals: [] },
  ],
};
const index = new ProgramIndex(image);

test('a line breakpoint lands on the first instruction executed on the line (lowest offset)', () => {
  assert.equal(resolveSourceBreakpoint(index, 3).instr?.offset, 42);
  assert.equal(resolveSourceBreakpoint(index, 2).instr?.offset, 40);
});

test('a column breakpoint lands on the instruction at (or right of) that column', () => {
  assert.equal(resolveSourceBreakpoint(index, 3, 4).instr?.offset, 46);
  assert.equal(resolveSourceBreakpoint(index, 3, 27).instr?.offset, 44);
  assert.equal(resolveSourceBreakpoint(index, 3, 20).instr?.offset, 44);
  assert.match(resolveSourceBreakpoint(index, 3, 40).reason!, /column/);
});

test('a breakpoint on a line without code slides down to the next line with code, or explains', () => {
  assert.equal(resolveSourceBreakpoint(index, 5).instr?.offset, 60);
  assert.match(resolveSourceBreakpoint(index, 9).reason!, /No WebAssembly instruction/);
});

test('breakpointLocations lists every instruction column on a line, folded ones included', () => {
  assert.deepEqual(breakpointLocations(index, 3).map((i) => i.column), [4, 13, 27]);
  assert.deepEqual(breakpointLocations(index, 2, undefined, 4).map((i) => `${i.line}:${i.column}`), ['2:4', '3:4', '3:13', '3:27', '4:4', '4:14']);
  assert.deepEqual(breakpointLocations(index, 3, 10, 3, 20).map((i) => i.column), [13]);
});

test('function breakpoints resolve by $name, export name and index', () => {
  assert.equal(resolveFunctionBreakpoint(index, '$helper').instr?.offset, 60);
  assert.equal(resolveFunctionBreakpoint(index, 'main').instr?.offset, 40);
  assert.equal(resolveFunctionBreakpoint(index, '1').instr?.offset, 60);
  assert.match(resolveFunctionBreakpoint(index, '$nope').reason!, /No function named/);
});

test('line step ranges cover the whole line in the current function, merged', () => {
  assert.deepEqual(lineRanges(index, 44), [{ start: 42, end: 47 }]);
  assert.deepEqual(lineRanges(index, 49), [{ start: 47, end: 50 }]);
  assert.deepEqual(lineRanges(index, 1000), []);
});

const ctx = (vars: Record<string, Value>, mem = new Uint8Array(64)): EvalContext => ({
  variable: async (kind, key) => vars[kind === 'name' ? String(key) : `${kind}[${key}]`],
  readMemory: async (a, n) => mem.subarray(a, a + n),
});

test('conditions: comparisons, logic and arithmetic on locals and globals', async () => {
  const c = ctx({ $i: { type: 'i32', value: 10 }, $big: { type: 'i64', value: 1n << 40n }, 'local[0]': { type: 'i32', value: 3 } });
  assert.equal(await evaluateExpression('$i == 10', c), 1);
  assert.equal(await evaluateExpression('$i != 10 || local[0] >= 3', c), 1);
  assert.equal(await evaluateExpression('($i + 2) * 3 / 4', c), 9);
  assert.equal(await evaluateExpression('$big > 0x10000000000 - 1', c), 1);
  assert.equal(await evaluateExpression('!($i < 5) && $i % 3 == 1', c), 1);
  await assert.rejects(evaluateExpression('$nope == 1', c), /\$nope is not defined/);
  assert.throws(() => parseExpression('$i ==='), /Unexpected|ends too early/);
});

test('memory expressions read typed little-endian values', async () => {
  const mem = new Uint8Array(64);
  new DataView(mem.buffer).setInt32(0x10, -5, true);
  new DataView(mem.buffer).setFloat64(0x18, 2.5, true);
  const c = ctx({}, mem);
  assert.equal(await evaluateExpression('i32[0x10]', c), -5);
  assert.equal(await evaluateExpression('u32[16]', c), 0xfffffffb);
  assert.equal(await evaluateExpression('f64[0x18] * 2', c), 5);
  await assert.rejects(evaluateExpression('i64[62]', c), /past the end/);
});

test('logpoint messages interpolate {expressions} and show errors inline', async () => {
  const c = ctx({ $n: { type: 'i32', value: 7 } });
  assert.equal(await interpolateLogMessage('n={$n}, twice={$n * 2}, bad={$x}', c), 'n=7, twice=14, bad=<$x is not defined here.>');
});

test('values show typed with hex, and user text parses back', () => {
  assert.equal(formatValue({ type: 'i32', value: -1 }), '-1 (0xffffffff)');
  assert.equal(formatValue({ type: 'i64', value: 255n }, { hex: true }), '0x00000000000000ff');
  assert.equal(formatValue({ type: 'f32', value: 1.5 }), '1.5');
  assert.equal(formatValue({ type: 'funcref', value: 1 }, { funcName: (i) => `$f${i}` }), '$f1');
  assert.equal(formatValue({ type: 'externref', value: null }), 'null');
  assert.deepEqual(parseValue('0xffffffff', 'i32'), { type: 'i32', value: -1 });
  assert.deepEqual(parseValue('-12_345', 'i64'), { type: 'i64', value: -12345n });
  assert.deepEqual(parseValue('inf', 'f64'), { type: 'f64', value: Infinity });
  assert.equal(parseValue('abc', 'i32'), undefined);
  assert.equal(parseValue('4294967296', 'i32'), undefined);
});

test('NaNs show in WAT notation with their payload and sign', () => {
  assert.equal(formatValue({ type: 'f32', value: NaN, bits: 0x7fc00000 }), 'nan');
  assert.equal(formatValue({ type: 'f32', value: NaN, bits: 0x7f800001 }), 'nan:0x1');
  assert.equal(formatValue({ type: 'f32', value: NaN, bits: 0xffc00000 }), '-nan');
  assert.equal(formatValue({ type: 'f64', value: NaN, bits: 0x7ff4000000000000n }), 'nan:0x4000000000000');
  assert.equal(formatValue({ type: 'f64', value: NaN }), 'nan');
});

test('a line with more than 8 ranges: the 8 sent start at the pc\'s range and run forward', () => {
  const all = Array.from({ length: 11 }, (_, i) => ({ start: 100 + 10 * i, end: 104 + 10 * i }));
  assert.equal(rangesToSend(all.slice(0, 8), 100).length, 8);
  assert.deepEqual(rangesToSend(all, 101).map((r) => r.start), [100, 110, 120, 130, 140, 150, 160, 170]);
  assert.deepEqual(rangesToSend(all, 151).map((r) => r.start), [120, 130, 140, 150, 160, 170, 180, 190, 200].slice(1));
  assert.ok(inRanges(all, 203) && !inRanges(all, 205));
});
