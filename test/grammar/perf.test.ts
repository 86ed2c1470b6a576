// Large and pathological inputs tokenise to a sane end state. How fast is a benchmark, not a test
// (npm run bench -- grammar): no test here asserts wall-clock time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PATHOLOGICAL, generateWat } from './generate';
import { loadGrammar, tokenizeWith } from './tokenize';

const LINES = 10_000;

test(`a generated ${LINES}-line file tokenises and ends outside any comment or string`, async () => {
  const text = generateWat(LINES);
  assert.equal(text.split('\n').length, LINES);
  const tokens = tokenizeWith(await loadGrammar(), text);
  assert.deepEqual(tokens[tokens.length - 1].scopes, ['punctuation.section.parens.end.wat']);
});

test('pathological lines tokenise whole', async () => {
  const g = await loadGrammar();
  for (const [name, src] of Object.entries(PATHOLOGICAL)) {
    const tokens = tokenizeWith(g, src);
    assert.equal(tokens.map((t) => t.text).join(''), src, name);
  }
});
