/**
 * The firmware's C unit tests (firmware/tests: agent, store, link, scanner, stepping...) cross-built
 * for the Cortex-M33 with the firmware's flags and run on the emulated MPS2-AN505
 * (`npm run test:c:m33`: CMake's cross-compiling emulator is qemu-system-arm with semihosting).
 * What a 32-bit Thumb build changes in portable code shows in the host's own tests. Needs
 * qemu-system-arm and arm-none-eabi-gcc (no WAMR), else one skip line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { findQemu, haveArmGcc } from '../../src/qemu/board';
import { lockDir, repoRoot } from './host-device';

const skip = !findQemu() ? 'qemu-system-arm not installed' : !haveArmGcc() ? 'arm-none-eabi-gcc not installed' : undefined;

test('firmware unit tests on the emulated Cortex-M33', { timeout: 600_000 }, (t) => {
  if (skip) {
    console.log(`skipped: ${skip}`);
    t.skip(skip);
    return;
  }
  const dir = join(repoRoot, 'build', 'ctest-m33');
  const unlock = lockDir(`${dir}.lock`);
  let out = '';
  try {
    const r = spawnSync('npm', ['run', '--silent', 'test:c:m33'], { cwd: repoRoot, encoding: 'utf8' });
    out = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, out.slice(-4000));
  } finally {
    unlock();
  }
  const m = /(\d+)% tests passed, (\d+) tests failed out of (\d+)/.exec(out);
  assert.ok(m, out.slice(-2000));
  assert.equal(m[2], '0');
  t.diagnostic(`${m[3]} ctest cases on the Cortex-M33 (QEMU), ${m[2]} failed`);
});
