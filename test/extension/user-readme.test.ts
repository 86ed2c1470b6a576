/**
 * The package's details page (docs/user-readme.md, packaged as README.md by scripts/package.mjs):
 * it names every command and setting the extension contributes, and links to nothing the package
 * does not carry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_TITLES } from '../../src/extension/contributions';
import { configurationProperties } from '../../src/extension/settings';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'docs', 'user-readme.md'), 'utf8');

test('the package carries the user README, not the developer one', async () => {
  const { PACKAGED_FROM } = await import('../../scripts/package.mjs');
  assert.equal(PACKAGED_FROM['README.md'], 'docs/user-readme.md');
});

test('every command and every setting is in the user README', () => {
  for (const { title } of Object.values(COMMAND_TITLES)) {
    const words = title.replace(/…$/, '').replace(/ \(.*\)$/, '');
    assert.ok(readme.includes(words), `command "${title}"`);
  }
  for (const key of Object.keys(configurationProperties())) assert.ok(readme.includes(`\`${key}\``), `setting ${key}`);
});

test('no links to files (the package has only dist, syntaxes, media, examples, LICENSE, CHANGELOG)', () => {
  const links = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
  const local = links.filter((l) => !/^(https?:|#)/.test(l));
  assert.deepEqual(local, []);
  assert.doesNotMatch(readme, /npm (run|ci)|test\//, 'no developer instructions');
});
