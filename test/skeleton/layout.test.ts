import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('the product card top-level layout exists', () => {
  for (const p of ['package.json', 'src/extension', 'src/debug-adapter', 'firmware', 'syntaxes', 'test', '.vscodeignore', 'docs', 'bench', '.ci/run', 'README.md']) {
    assert.ok(existsSync(join(root, p)), `missing ${p}`);
  }
});

test('engines.vscode accepts VS Code 1.100', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.match(pkg.engines.vscode, /^\^1\.(100|[1-9]\d)\.0$/);
  const [, minor] = /\^1\.(\d+)/.exec(pkg.engines.vscode)!;
  assert.ok(Number(minor) <= 100, 'engines.vscode must not require more than 1.100');
});

test('.ci/run runs exactly the README test command', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const ci = readFileSync(join(root, '.ci/run'), 'utf8');
  const m = /<!-- test-command -->\s*```sh\n([^\n]+)\n```/.exec(readme);
  assert.ok(m, 'README must mark its test command');
  assert.ok(ci.split('\n').some((l) => l.trim() === m[1].trim()), `.ci/run must call "${m[1]}"`);
});
