/** `npm run run-module`: a .wat runs on a fresh simulator from a shell, its log on stdout, its fate in the exit code. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run-module.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60000 });

test('fib runs to completion: its log on stdout, exit 0', () => {
  const r = run('examples/fib.wat');
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').slice(-3), ['233', '377', '610']);
  assert.match(r.stderr, /exited \(returned\) with code 610/);
});

test('a trap is reported with its message and fails the command', () => {
  const r = run('test/debug-adapter/fixtures/prog.wat', '--entry', 'crash');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /trap at 0x[0-9a-f]+: .*divide by zero/i);
});

test('a build error is printed with its position and nothing is deployed', () => {
  const r = run('test/debug-adapter/fixtures/broken.wat');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /broken\.wat:3:\d+: /);
  assert.doesNotMatch(r.stderr, /deployed/);
});
