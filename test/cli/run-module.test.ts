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

test('--help prints the options and the keys', () => {
  const r = run('--help');
  assert.equal(r.status, 0, r.stderr);
  for (const want of ['--address', '--serial', '--qemu', '--entry', '1 2 3 4', 'Ctrl-C']) assert.ok(r.stdout.includes(want), want);
  const bad = run('examples/fib.wat', '--bogus');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /bogus/);
  assert.match(bad.stderr, /run-module -- --help/);
});

test('key 1 presses button 1 while the module runs (button.wat lights LED 1 and logs the press)', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/run-module.ts'), 'examples/button.wat'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (err += d));
  const until = async (f: () => boolean, what: string) => {
    for (let i = 0; i < 300 && !f(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(f(), `${what}\nstdout: ${out}\nstderr: ${err}`);
  };
  try {
    await until(() => /deployed button\.wat/.test(err), 'deployed');
    child.stdin.write('1');
    await until(() => /LED0 on/.test(err) && /button pressed:/.test(out), 'LED on and the press logged after key 1');
    assert.match(err, /button 1 pressed/);
    child.stdin.write('1');
    await until(() => /button 1 released/.test(err) && /LED0 off/.test(err), 'released after key 1 again');
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
});
