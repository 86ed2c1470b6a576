// Every instruction mnemonic of WebAssembly 2.0 (list in ./instruction-list.ts) must get its
// instruction scope, as a whole token, in flat and folded position; near misses must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import wabtInit from 'wabt';
import { ALL, CONTROL, GROUPS, sampleUse, wrapForParser } from './instruction-list';
import { loadGrammar, tokenizeWith, type Token } from './tokenize';

const isInstructionScope = (s: string) => s === 'keyword.control.wat' || s.startsWith('support.function.');

function tokenFor(tokens: Token[], text: string): Token | undefined {
  return tokens.find((t) => t.text === text);
}

test('the mnemonic list has no duplicates and the expected size', () => {
  assert.equal(new Set(ALL).size, ALL.length);
  // 13 control + 2 parametric + 5 variable + 8 table + 3 reference + 29 scalar memory + 140 numeric,
  // plus 236 SIMD (22 of them memory instructions).
  assert.equal(ALL.length, 13 + 2 + 5 + 8 + 3 + 29 + 140 + 236);
});

test('the mnemonic list is accepted by wabt (no typos, nothing invented)', async () => {
  const wabt = await wabtInit();
  const rejected: string[] = [];
  for (const m of ALL) {
    try {
      wabt.parseWat(`${m}.wat`, wrapForParser(sampleUse(m)), { simd: true }).destroy();
    } catch {
      rejected.push(m);
    }
  }
  assert.deepEqual(rejected, []);
  // ...and the wrapper really does reject an unknown instruction.
  assert.throws(() => wabt.parseWat('x.wat', wrapForParser('i32.addx'), { simd: true }));
});

for (const group of GROUPS) {
  test(`every ${group.name} instruction (${group.mnemonics.length}) gets ${group.scope}`, async () => {
    const g = await loadGrammar();
    const failures: string[] = [];
    for (const m of group.mnemonics) {
      for (const src of [m, `(${m})`, `  ${m} ;; flat`, `(${m} (local.get 0))`, `${sampleUse(m)}`]) {
        const t = tokenFor(tokenizeWith(g, src), m);
        if (!t || t.scopes.join(' ') !== group.scope) {
          failures.push(`${JSON.stringify(src)}: ${t ? t.scopes.join(' ') : 'no whole token'}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('control instructions are distinguishable from all other instructions', () => {
  const control = GROUPS.filter((g) => g.mnemonics === CONTROL).map((g) => g.scope);
  const others = GROUPS.filter((g) => g.mnemonics !== CONTROL).map((g) => g.scope);
  assert.deepEqual(control, ['keyword.control.wat']);
  for (const s of others) {
    assert.ok(s.startsWith('support.function.'), s);
    assert.ok(!s.startsWith('keyword.control'), s);
  }
});

test('near misses of mnemonics are not instructions', async () => {
  const g = await loadGrammar();
  const failures: string[] = [];
  for (const m of ALL) {
    for (const w of [`${m}x`, `x${m}`, `${m}_`, `${m}.`, `$${m}`, `${m}=`, m.toUpperCase()]) {
      for (const t of tokenizeWith(g, `(${w} 1)`)) {
        if (t.scopes.some(isInstructionScope)) failures.push(`${w}: ${JSON.stringify(t.text)} => ${t.scopes.join(' ')}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('non-2.0 and misspelled mnemonics are not instructions', async () => {
  const g = await loadGrammar();
  for (const w of ['i8x16.mul', 'i64x2.lt_u', 'i64x2.min_s', 'i32.load32_s', 'f32.load8_s', 'i32.extend32_s',
    'f32.rem', 'i32.trunc_sat_f32', 'get_local', 'v128.load128', 'return_call', 'call_ref', 'memory.discard']) {
    const scopes = tokenizeWith(g, w).flatMap((t) => t.scopes);
    assert.ok(!scopes.some(isInstructionScope), `${w} => ${scopes.join(' ')}`);
  }
});
