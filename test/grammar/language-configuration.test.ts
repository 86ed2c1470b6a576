// syntaxes/wat.language-configuration.json: shape, and that its regular expressions behave on real WAT
// (VS Code compiles these strings with JavaScript's RegExp).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL } from './instruction-list';
import { fixturesDir, languageConfigurationPath, tokenize } from './tokenize';

interface Pair { open: string; close: string; notIn?: string[] }
interface LanguageConfiguration {
  comments: { lineComment: string; blockComment: [string, string] };
  brackets: Array<[string, string]>;
  colorizedBracketPairs?: Array<[string, string]>;
  autoClosingPairs: Pair[];
  surroundingPairs: Array<[string, string]>;
  folding: { offSide?: boolean; markers: { start: string; end: string } };
  wordPattern: string;
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
}

const raw = JSON.parse(readFileSync(languageConfigurationPath, 'utf8')) as Record<string, unknown>;
const cfg = raw as unknown as LanguageConfiguration;

test('only keys VS Code knows about', () => {
  const known = ['comments', 'brackets', 'colorizedBracketPairs', 'autoClosingPairs', 'autoCloseBefore',
    'surroundingPairs', 'folding', 'wordPattern', 'indentationRules', 'onEnterRules'];
  for (const k of Object.keys(raw)) assert.ok(known.includes(k), `unknown key ${k}`);
});

test('comments, brackets and pairs', () => {
  assert.deepEqual(cfg.comments, { lineComment: ';;', blockComment: ['(;', ';)'] });
  assert.deepEqual(cfg.brackets, [['(', ')']]);
  const pairs = cfg.autoClosingPairs.map((p) => `${p.open}${p.close}`);
  assert.deepEqual(pairs.sort(), ['""', '()', '(;;)'].sort());
  for (const p of cfg.autoClosingPairs) assert.ok(p.notIn?.includes('string'), `${p.open} must not auto-close in strings`);
  assert.deepEqual(cfg.surroundingPairs, [['(', ')'], ['"', '"']]);
});

test('folding markers', () => {
  const start = new RegExp(cfg.folding.markers.start);
  const end = new RegExp(cfg.folding.markers.end);
  assert.ok(start.test('  ;; region exports') && start.test(';;#region'));
  assert.ok(end.test('  ;; endregion') && end.test(';; #endregion x'));
  assert.ok(!start.test('  ;; regional') && !start.test('i32.const 1 ;; region') && !end.test(';; region'));
});

function words(line: string): string[] {
  return line.match(new RegExp(cfg.wordPattern, 'g')) ?? [];
}

test('wordPattern: a word is a whole WAT token (keywords with dots, $ids, memargs)', () => {
  assert.deepEqual(words('(i32.add (local.get $x.y) (i32.const -0x1_0))'), ['i32.add', 'local.get', '$x.y', 'i32.const', '-0x1_0']);
  assert.deepEqual(words('i64.load offset=8 align=4 ;; done'), ['i64.load', 'offset=8', 'align=4', 'done']);
  assert.deepEqual(words("(func $a!#$%&'*+-./:<=>?@\\^_`|~z)"), ['func', "$a!#$%&'*+-./:<=>?@\\^_`|~z"]);
  assert.deepEqual(words('(data "s p" $d)'), ['data', 's', 'p', '$d']);
  for (const m of ALL) assert.deepEqual(words(`(${m})`), [m]);
  // Also valid with the unicode flag, in case VS Code ever compiles it that way.
  assert.doesNotThrow(() => new RegExp(cfg.wordPattern, 'gu'));
});

test('wordPattern agrees with the grammar on the fixtures', async () => {
  const skip = /^(punctuation|string|comment|keyword\.other\.memarg|keyword\.operator\.assignment)/;
  for (const f of ['program.wat', 'features.wat', 'lexical.wat', 'spec.wast']) {
    const text = readFileSync(join(fixturesDir, f), 'utf8');
    const lines = text.split('\n');
    for (const t of await tokenize(text)) {
      if (t.scopes.length === 0 || t.scopes.some((s) => skip.test(s))) continue;
      const before = lines[t.line - 1][t.col - 2];
      if (before === '=') continue; // the number of a memarg belongs to the word offset=N
      const re = new RegExp(cfg.wordPattern, 'g');
      let m: RegExpExecArray | null;
      let word = '';
      while ((m = re.exec(lines[t.line - 1]))) {
        if (m.index <= t.col - 1 && t.col - 1 < m.index + m[0].length) word = m[0];
      }
      assert.equal(word, t.text, `${f}:${t.line}:${t.col}`);
    }
  }
});

test('indentation rules', () => {
  const inc = new RegExp(cfg.indentationRules.increaseIndentPattern);
  const dec = new RegExp(cfg.indentationRules.decreaseIndentPattern);
  for (const l of ['(module', '  (func $f (param i32) (result i32)', '  (if (then', '    block $done', '    loop',
    '  else', '  (data "a)" ;; (comment)', 'if (result i32)']) {
    assert.ok(inc.test(l), `should indent after ${JSON.stringify(l)}`);
  }
  for (const l of ['(i32.add (local.get 0) (local.get 1))', '    i32.const 1', '  local.get 0 ;; (', '  blockade',
    '  end', '(func $f)']) {
    assert.ok(!inc.test(l), `should not indent after ${JSON.stringify(l)}`);
  }
  for (const l of ['  )', ')))', '  end', '  end $l', '  else']) assert.ok(dec.test(l), `should outdent ${JSON.stringify(l)}`);
  for (const l of ['  endx', '  i32.const 1', '  (end)']) assert.ok(!dec.test(l), `should not outdent ${JSON.stringify(l)}`);
});
