/**
 * Conditions, hit conditions and logpoints: checks at set time, the compiler to device programs,
 * and the programs' interpreter (src/protocol/condition.ts, the twin of the firmware's cond.c)
 * against the adapter's own evaluator on the same expressions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileCondition, compileLogMessage, formatLogMessage, parseHitCondition, parseLogMessage, validateBreakpoint, type NameScope,
} from '../../src/debug-adapter/device-condition';
import { evaluateExpression, type EvalContext } from '../../src/debug-adapter/evaluate';
import { HitOp, type Value } from '../../src/protocol';
import { checkProgram, hitMet, progValueOf, runProgram, type ProgEnv } from '../../src/protocol/condition';

const locals: Value[] = [{ type: 'i32', value: -7 }, { type: 'i64', value: 1n << 40n }, { type: 'f64', value: 2.5 }];
const globals: Value[] = [{ type: 'i32', value: 42 }];
const mem = Uint8Array.from([1, 0xff, 0x34, 0x12, 0, 0, 0xc0, 0x3f]);
const scope: NameScope = {
  local: (n) => ({ $a: 0, $b: 1, $f: 2 } as Record<string, number>)[n],
  global: (n) => (n === '$g' ? 0 : undefined),
  localCount: 3,
  globalCount: 1,
};
const env: ProgEnv = {
  local: (i) => (locals[i] ? progValueOf(locals[i]) : undefined),
  global: (i) => (globals[i] ? progValueOf(globals[i]) : undefined),
  memory: () => mem,
};
const ctx: EvalContext = {
  variable: async (kind, key) => {
    if (kind === 'global') return globals[Number(key)];
    if (kind === 'local') return locals[Number(key)];
    const l = scope.local(String(key));
    if (l !== undefined) return locals[l];
    const g = scope.global(String(key));
    return g === undefined ? undefined : globals[g];
  },
  readMemory: async (a, n) => mem.slice(a, a + n),
};

function onDevice(src: string): number | bigint {
  const c = compileCondition(src, scope);
  assert.ok(c.ok, `${src}: ${!c.ok && c.message}`);
  if (!c.ok) return NaN;
  assert.ok(checkProgram(c.code, false));
  const [v] = runProgram(c.code, env);
  return v.f ? v.d : v.i;
}

test('compiled conditions give the adapter evaluator\'s results', async () => {
  for (const src of [
    '$a + 10', '$a * -3 == 21', '$b >> 38', '$b == 1 << 40', '$g - $a', '$a < 0 && $g == 42', '$a > 0 || $g', '!$a', '!!$g',
    '$g % 5', '-$a', 'u8[1]', 'i8[1]', 'u16[2]', 'u32[0] & 0xff', 'f32[4]', '$f * 2', '$f > 2', 'local[0] == $a', 'global[0]',
    '(1 + 2) * 3 - 4 / 2', '7 / 2', '-7 / 2', '-7 % 2', '0 && u8[1000]', '1 || u8[1000]', '$g ^ 0xf0 | 1',
  ]) {
    const want = await evaluateExpression(src, ctx);
    assert.equal(String(onDevice(src)), String(want), src);
  }
});

test('programs that fail at a hit: out of bounds, division by zero, a missing local', () => {
  for (const src of ['u32[6]', 'u8[$a]', '$g / 0', '$g % 0']) {
    const c = compileCondition(src, scope);
    assert.ok(c.ok);
    if (c.ok) assert.throws(() => runProgram(c.code, env), /outside linear memory|division by zero/, src);
  }
  const c = compileCondition('local[9]');
  assert.ok(c.ok);
  if (c.ok) assert.throws(() => runProgram(c.code, env), /does not exist/);
});

test('what the device cannot take is said, not sent: too long, unknown at compile time', () => {
  const long = Array.from({ length: 12 }, (_, i) => `$a == ${i}`).join(' || ');
  const c = compileCondition(long, scope);
  assert.ok(!c.ok && !c.invalid && /96 bytes/.test(c.message));
  const deep = compileCondition('1 + (2 + (3 + (4 + (5 + (6 + (7 + (8 + 9)))))))', scope);
  assert.ok(!deep.ok && !deep.invalid);
  const big = compileCondition('$a == 0x1_0000_0000_0000_0000', scope);
  assert.ok(!big.ok && !big.invalid);
  const bad = compileCondition('$a ==', scope);
  assert.ok(!bad.ok && bad.invalid);
});

test('set-time checks: syntax, names, hit conditions, log messages', () => {
  assert.match(validateBreakpoint({ condition: '$a ==' }, scope)!, /Invalid condition "\$a =="/);
  assert.match(validateBreakpoint({ condition: '$nope == 1' }, scope)!, /\$nope is not a local of this function nor a global/);
  assert.match(validateBreakpoint({ condition: 'local[3]' }, scope)!, /has 3 locals/);
  assert.match(validateBreakpoint({ hitCondition: 'abc' }, scope)!, /Hit condition "abc" is not valid/);
  assert.match(validateBreakpoint({ logMessage: 'x={$a' }, scope)!, /no closing "}"/);
  assert.match(validateBreakpoint({ logMessage: 'x={$a +}' }, scope)!, /Invalid log message/);
  assert.equal(validateBreakpoint({ condition: '$a == 1', hitCondition: '>= 2', logMessage: 'a={$a} \\{literal\\}' }, scope), undefined);
  assert.equal(validateBreakpoint({ condition: '  ', hitCondition: '' }, scope), undefined);
  assert.deepEqual(parseHitCondition('5'), { op: HitOp.ge, n: 5 });
  assert.deepEqual(parseHitCondition(' % 3 '), { op: HitOp.mod, n: 3 });
  assert.deepEqual(parseHitCondition('==2'), { op: HitOp.eq, n: 2 });
  assert.ok(hitMet(HitOp.mod, 6, 3) && !hitMet(HitOp.mod, 7, 3) && hitMet(HitOp.ge, 5, 5) && !hitMet(HitOp.lt, 5, 5));
});

test('log messages: \\{ is a literal brace; the device emits one value per {expression}', () => {
  assert.deepEqual(parseLogMessage('set \\{a\\} = {$a}, {$g}!'), [{ text: 'set {a} = ' }, { expr: '$a' }, { text: ', ' }, { expr: '$g' }, { text: '!' }]);
  const c = compileLogMessage('a={$a} g={$g * 2} f={$f}', scope);
  assert.ok(c.ok);
  if (!c.ok) return;
  assert.ok(checkProgram(c.code, true));
  const vals = runProgram(c.code, env).map((v) => (v.f ? v.d : v.i));
  assert.deepEqual(vals, [-7n, 84n, 2.5]);
  assert.equal(formatLogMessage('a={$a} g={$g * 2} f={$f} \\{x\\}', vals), 'a=-7 g=84 f=2.5 {x}');
});
