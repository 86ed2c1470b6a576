/** Semantic tokens and folding ranges of the pure service. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEMANTIC_TOKENS_LEGEND } from '../../src/language-server/service';
import { FIB, URI, service } from './helpers';

/** Decodes the relative encoding into [text, type, modifiers[]]. */
function decode(text: string, data: number[]): [string, string, string[]][] {
  const lines = text.split('\n');
  const out: [string, string, string[]][] = [];
  let line = 0;
  let col = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    col = data[i] === 0 ? col + data[i + 1] : data[i + 1];
    const mods = SEMANTIC_TOKENS_LEGEND.tokenModifiers.filter((_, b) => data[i + 4] & (1 << b));
    out.push([lines[line].slice(col, col + data[i + 2]), SEMANTIC_TOKENS_LEGEND.tokenTypes[data[i + 3]], mods]);
  }
  return out;
}

test('semantic tokens classify names by what they name', () => {
  const toks = decode(FIB, service(FIB).semanticTokens(URI).data);
  const kindOf = (t: string) => toks.filter(([x]) => x === t).map(([, k, m]) => `${k}${m.length ? '.' + m.join('.') : ''}`);
  assert.deepEqual([...new Set(kindOf('$fib'))].sort(), ['function', 'function.declaration']);
  assert.deepEqual([...new Set(kindOf('$n'))].sort(), ['parameter', 'parameter.declaration']);
  assert.deepEqual([...new Set(kindOf('$i'))].sort(), ['variable', 'variable.declaration']);
  assert.deepEqual([...new Set(kindOf('$N'))].sort(), ['variable.declaration.readonly.static', 'variable.readonly.static']);
  assert.deepEqual([...new Set(kindOf('$count'))].sort(), ['variable.declaration.static', 'variable.static']);
  assert.deepEqual([...new Set(kindOf('$done'))].sort(), ['label', 'label.declaration']);
  assert.deepEqual([...new Set(kindOf('$binop'))], ['type.declaration']);
  assert.deepEqual(kindOf('i32').slice(0, 1), ['type']);
  assert.deepEqual(kindOf('module'), ['keyword']);
  assert.deepEqual(kindOf('"env"'), ['string']);
  assert.ok(kindOf('15').includes('number'));
  // `local.get 0` names parameter 0.
  assert.ok(kindOf('0').includes('parameter'));
  // Instruction mnemonics are left to the grammar.
  assert.deepEqual(kindOf('i32.add'), []);
});

test('semantic tokens split multi-line comments per line and stay sorted', () => {
  const text = '(module\n  (; one\n  two ;)\n  (func $f))';
  const toks = decode(text, service(text).semanticTokens(URI).data);
  assert.deepEqual(toks.slice(0, 3), [['module', 'keyword', []], ['(; one', 'comment', []], ['  two ;)', 'comment', []]]);
});

test('folding: forms over several lines, flat blocks, comment runs and block comments', () => {
  const text = [
    ';; header one', // 0
    ';; header two', // 1
    '(module', // 2
    '  (func $f', // 3
    '    block', // 4
    '      nop', // 5
    '    end', // 6
    '    (;', // 7
    '    ;)', // 8
    '  )', // 9
    '  (func $g (nop)))', // 10
  ].join('\n');
  const r = service(text).foldingRanges(URI).map((f) => [f.startLine, f.endLine, f.kind ?? '']);
  assert.deepEqual(r, [
    [0, 1, 'comment'],
    [2, 10, ''],
    [3, 8, ''],
    [4, 5, ''],
    [7, 8, 'comment'],
  ]);
});
