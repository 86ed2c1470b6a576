// Golden-file test: every fixture in test/grammar/fixtures/*.{wat,wast} is tokenised with the real
// VS Code engine (vscode-textmate + vscode-oniguruma) and compared with the committed `<fixture>.snap`.
// To accept a deliberate grammar change, regenerate and review the diff:
//   UPDATE_SNAPSHOTS=1 node test/run.mjs test/grammar
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { fixturesDir, renderSnapshot, tokenize } from './tokenize';

const update = process.env.UPDATE_SNAPSHOTS === '1';
const fixtures = readdirSync(fixturesDir).filter((f) => /\.(wat|wast)$/.test(f)).sort();

/** Fixtures that must be valid WebAssembly 2.0 (checked with wabt so the grammar is tested on real code). */
const VALID_MODULES = ['features.wat', 'lexical.wat', 'program.wat'];

function header(name: string): string {
  return [
    `# Token scopes of test/grammar/fixtures/${name} under syntaxes/wat.tmLanguage.json.`,
    '# Each source line is echoed after "> ", then one line per token: line:col "text" => scopes',
    '# (outermost first, root scope source.wat omitted, "-" = no scope; bare whitespace tokens skipped).',
    '# Regenerate after a deliberate grammar change: UPDATE_SNAPSHOTS=1 node test/run.mjs test/grammar',
  ].join('\n');
}

/** Points at the first differing line so a failure is readable without a diff tool. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      return `first difference at snapshot line ${i + 1}:\n  expected: ${e[i] ?? '<end of file>'}\n  actual:   ${a[i] ?? '<end of file>'}`;
    }
  }
  return 'no difference';
}

test('there are .wat and .wast fixtures', () => {
  assert.ok(fixtures.some((f) => f.endsWith('.wat')));
  assert.ok(fixtures.some((f) => f.endsWith('.wast')));
  for (const f of VALID_MODULES) assert.ok(fixtures.includes(f), `missing fixture ${f}`);
});

test('every .snap file belongs to a fixture', () => {
  for (const s of readdirSync(fixturesDir).filter((f) => f.endsWith('.snap'))) {
    assert.ok(fixtures.includes(s.replace(/\.snap$/, '')), `orphan snapshot ${s}`);
  }
});

for (const name of fixtures) {
  test(`scopes of ${name} match ${name}.snap`, async () => {
    const text = readFileSync(join(fixturesDir, name), 'utf8');
    const actual = renderSnapshot(header(name), text, await tokenize(text));
    const snapPath = join(fixturesDir, `${name}.snap`);
    if (update) {
      writeFileSync(snapPath, actual);
      console.log(`updated ${snapPath}`);
      return;
    }
    assert.ok(existsSync(snapPath), `missing ${snapPath}; create it with UPDATE_SNAPSHOTS=1 and review it`);
    const expected = readFileSync(snapPath, 'utf8');
    if (actual !== expected) {
      assert.fail(`${name}: tokens differ from ${name}.snap; ${firstDifference(expected, actual)}\n` +
        'If the change is intended, run UPDATE_SNAPSHOTS=1 node test/run.mjs test/grammar and review the diff.');
    }
  });
}

test('the fixtures meant to be valid modules are accepted by wabt', async () => {
  const wabt = await wabtInit();
  for (const name of VALID_MODULES) {
    const mod = wabt.parseWat(name, readFileSync(join(fixturesDir, name), 'utf8'), { simd: true });
    try {
      mod.resolveNames();
      mod.validate();
    } finally {
      mod.destroy();
    }
  }
});
