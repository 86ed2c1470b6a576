// Performance budget: tokenising a generated 10,000-line WAT file must take less than 2 s
// (VS Code tokenises open documents on the UI side with this same engine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fixturesDir, loadGrammar, tokenizeWith } from './tokenize';

const LINES = 10_000;
const BUDGET_MS = 2000;

/** A realistic module: the valid fixtures' lines repeated, with unique names, inside one (module ...). */
function generate(lines: number): string {
  const body = ['program.wat', 'features.wat', 'lexical.wat']
    .flatMap((f) => readFileSync(join(fixturesDir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '' && !/^\s*\(module\b|^\)\s*$/.test(l));
  const out = ['(module $generated'];
  for (let i = 0; out.length < lines - 1; i++) {
    out.push(body[i % body.length].replace(/\$([A-Za-z_]\w*)/g, `$$$1_${Math.floor(i / body.length)}`));
  }
  out.push(')');
  return out.join('\n');
}

test(`tokenising a generated ${LINES}-line file takes < ${BUDGET_MS} ms`, async (t) => {
  const text = generate(LINES);
  assert.equal(text.split('\n').length, LINES);
  const g = await loadGrammar();
  const start = performance.now();
  const tokens = tokenizeWith(g, text);
  const ms = performance.now() - start;
  const line = `grammar perf: ${LINES} lines (${text.length} chars, ${tokens.length} tokens) in ${ms.toFixed(0)} ms ` +
    `(${Math.round(LINES / (ms / 1000))} lines/s; budget ${BUDGET_MS} ms)`;
  console.log(line);
  t.diagnostic(line);
  // The generated file must stay in a sane state: the last line closes the module outside any comment/string.
  assert.deepEqual(tokens[tokens.length - 1].scopes, ['punctuation.section.parens.end.wat']);
  assert.ok(ms < BUDGET_MS, line);
});

test('pathological lines stay fast', async (t) => {
  const g = await loadGrammar();
  const cases: Record<string, string> = {
    'deep parentheses': '('.repeat(20_000) + ')'.repeat(20_000),
    'one huge string': `"${'\\41x'.repeat(10_000)}"`,
    'unterminated string': `"${'a'.repeat(50_000)}`,
    'one huge identifier': `$${'a.'.repeat(25_000)}`,
    'idchar soup': "!#%&'*+-./:<=>?@\\^_`|~".repeat(2_000),
    'number-like soup': '1_2_3.4_5e6_'.repeat(4_000),
    'long br_table': `br_table ${'$l 0 '.repeat(10_000)}`,
    'nested comments': '(;'.repeat(5_000) + ';)'.repeat(5_000),
  };
  for (const [name, src] of Object.entries(cases)) {
    const start = performance.now();
    tokenizeWith(g, src);
    const ms = performance.now() - start;
    t.diagnostic(`${name}: ${src.length} chars in ${ms.toFixed(0)} ms`);
    assert.ok(ms < 1000, `${name} took ${ms.toFixed(0)} ms`);
  }
});
