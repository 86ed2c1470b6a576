/** package.json's contributions are generated from the code; this fails when they drift. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationAttributes } from '../../src/debug-adapter/launch-config';
import { COMMANDS, DEBUG_TYPE } from '../../src/extension/constants';
import { generatedFields } from '../../src/extension/update-package-json';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const FIX = 'run: node --import tsx src/extension/update-package-json.ts';

test('contributes and activationEvents match src/extension/contributions.ts', () => {
  const gen = generatedFields();
  assert.deepEqual(pkg.activationEvents, gen.activationEvents, FIX);
  assert.deepEqual(pkg.contributes, gen.contributes, FIX);
});

test('the debugger\'s configurationAttributes are the debug adapter\'s LAUNCH/ATTACH_ATTRIBUTES', () => {
  const dbg = pkg.contributes.debuggers.find((d: { type: string }) => d.type === DEBUG_TYPE);
  assert.ok(dbg, 'debugger nrf-wasm declared');
  assert.deepEqual(dbg.configurationAttributes, JSON.parse(JSON.stringify(configurationAttributes())), FIX);
});

test('every command is declared with a title, and menus name only declared commands', () => {
  const declared = new Set(pkg.contributes.commands.map((c: { command: string; title: string }) => c.title && c.command));
  for (const id of Object.values(COMMANDS)) assert.ok(declared.has(id), id);
  for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, { command: string }[]>)) {
    for (const i of items) assert.ok(declared.has(i.command), `${menu}: ${i.command}`);
  }
});

test('the language, grammar and breakpoints are contributed for wat/wast', () => {
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'wat');
  assert.deepEqual(lang.extensions, ['.wat', '.wast']);
  const g = pkg.contributes.grammars.find((x: { language: string }) => x.language === 'wat');
  assert.equal(g.scopeName, 'source.wat');
  // C, C++ and Rust too: source debugging of a .wasm with DWARF.
  assert.deepEqual(pkg.contributes.breakpoints, [{ language: 'wat' }, { language: 'c' }, { language: 'cpp' }, { language: 'rust' }]);
  for (const p of [lang.configuration, g.path]) {
    if (!existsSync(join(root, p))) continue; // written by the grammar engineer; packaging checks it too
    assert.equal(JSON.parse(readFileSync(join(root, p), 'utf8')) !== null, true, `${p} is JSON`);
  }
});

test('main, icon and the .vscodeignore allowlist fit together', () => {
  assert.equal(pkg.main, './dist/extension.js');
  assert.ok(existsSync(join(root, pkg.icon)), pkg.icon);
  const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  assert.equal(ignore[0], '**', 'allowlist: everything is ignored first');
  for (const need of ['!package.json', '!dist/**', '!syntaxes/*.json', '!media/icon.png', '!LICENSE']) assert.ok(ignore.includes(need), need);
  assert.ok(!ignore.includes('!src/**') && !ignore.includes('!test/**'), 'sources and tests stay out');
  // Native modules never come from the allowlist (it would pack every platform's prebuilds):
  // scripts/package.mjs stages each target's own (test/package).
  assert.ok(!ignore.some((l) => l.startsWith('!node_modules')), 'no node_modules through the allowlist');
});

test('scripts: package and e2e exist; e2e is not part of npm test', () => {
  assert.match(pkg.scripts.package, /update-package-json\.ts --check && node scripts\/package\.mjs$/);
  assert.match(pkg.scripts['package:all'], /scripts\/package\.mjs --all$/);
  assert.match(pkg.scripts['package:check'], /scripts\/check-package\.mjs/);
  assert.match(pkg.scripts.e2e, /e2e:setup && npm run e2e:run/);
  assert.doesNotMatch(pkg.scripts.test, /e2e/);
  assert.ok(pkg.devDependencies['@vscode/vsce'] && pkg.devDependencies['playwright-core']);
  assert.ok(!pkg.dependencies['code-server'] && !pkg.devDependencies['code-server'], 'code-server is installed by test/e2e/setup, not a dependency');
});
