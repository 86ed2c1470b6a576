/** The emulated board as a device choice: picker row, F5 resolution, image lookup, QEMU's command line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDebugConfig, targetOfConfig } from '../../src/extension/debug-config';
import { retryConfiguration } from '../../src/extension/launch-retry';
import { pickerRows } from '../../src/extension/device-picker-items';
import { DEFAULT_SETTINGS } from '../../src/extension/settings';
import { EMULATED_BOARD, parseStoredTarget, targetLabel, targetToDebugFields } from '../../src/extension/targets';
import { DEFAULT_IMAGE, findImage, parsePtyLine, qemuArgs, qemuBoardMissing } from '../../src/qemu/board';

test('Select Device offers the emulated board only when QEMU and an image are there', () => {
  const row = (rows: ReturnType<typeof pickerRows>) => rows.find((r) => r.target?.transport === 'qemu');
  assert.equal(row(pickerRows({})), undefined);
  const r = row(pickerRows({ emulatedBoard: true }));
  assert.equal(r?.label, '$(chip) Emulated board (Cortex-M33, QEMU)');
  assert.equal(row(pickerRows({ emulatedBoard: true, only: 'serial' })), undefined, 'not when a serial board is asked for');
  const cur = row(pickerRows({ emulatedBoard: true, current: EMULATED_BOARD }));
  assert.equal(cur?.current, true);
});

test('F5 on the emulated board: a serial launch on its UART, remembered as the emulated board', () => {
  const ctx = { settings: { ...DEFAULT_SETTINGS }, activeFile: '/w/blink.wat' };
  const r = resolveDebugConfig({}, { ...ctx, lastTarget: EMULATED_BOARD, qemuPort: '/dev/pts/7' });
  assert.ok(r.kind === 'config');
  assert.equal(r.config.transport, 'serial');
  assert.equal(r.config.serialPort, '/dev/pts/7');
  assert.deepEqual(targetOfConfig(r.config), EMULATED_BOARD);
  const down = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 'Debug', transport: 'qemu', program: '/w/blink.wat' }, ctx);
  assert.equal(down.kind, 'error');
  assert.match(down.kind === 'error' ? down.message : '', /emulated board \(QEMU\) is not running/);
  // Retried after a failure: resolved again (QEMU may have restarted on another pseudo-terminal).
  const again = retryConfiguration(r.config as { type: string; name: string; request: string });
  assert.equal((again as Record<string, unknown>).transport, 'qemu');
  assert.equal((again as Record<string, unknown>).serialPort, undefined);
  assert.deepEqual(targetToDebugFields(EMULATED_BOARD), { transport: 'qemu' });
  assert.deepEqual(parseStoredTarget({ transport: 'qemu' }), EMULATED_BOARD);
  assert.equal(targetLabel(EMULATED_BOARD), 'Emulated board (QEMU)');
});

test('the image: the setting (file or build directory), then NRFW_QEMU_IMAGE, then build/qemu-m33 in a workspace folder', () => {
  const w = mkdtempSync(join(tmpdir(), 'nrfw-img-'));
  const env = { PATH: '' };
  assert.equal(findImage(undefined, [w], env), undefined);
  assert.match(qemuBoardMissing(undefined, '/usr/bin/qemu-system-arm') ?? '', /no firmware image: build it with cmake -S firmware\/qemu-m33/);
  assert.match(qemuBoardMissing('/x.elf', '') ?? '', /qemu-system-arm is not installed/);
  mkdirSync(join(w, 'build', 'qemu-m33'), { recursive: true });
  writeFileSync(join(w, DEFAULT_IMAGE), '');
  assert.equal(findImage(undefined, [w], env), join(w, DEFAULT_IMAGE));
  mkdirSync(join(w, 'other'));
  writeFileSync(join(w, 'other', 'nrfw-qemu-m33.elf'), '');
  assert.equal(findImage('other', [w], env), join(w, 'other', 'nrfw-qemu-m33.elf'), 'a build directory relative to the workspace');
  assert.equal(findImage(join(w, 'other', 'nrfw-qemu-m33.elf'), [], env), join(w, 'other', 'nrfw-qemu-m33.elf'));
  assert.equal(findImage(undefined, [], { NRFW_QEMU_IMAGE: join(w, 'other') }), join(w, 'other', 'nrfw-qemu-m33.elf'));
});

test('QEMU\'s command line and its pty line', () => {
  const a = qemuArgs({ image: '/b/nrfw-qemu-m33.elf', noAutorun: true });
  assert.deepEqual(a.slice(0, 2), ['-M', 'mps2-an505']);
  assert.ok(a.includes('-semihosting'));
  assert.deepEqual(a.slice(a.indexOf('-serial'), a.indexOf('-serial') + 2), ['-serial', 'pty']);
  assert.equal(a[a.indexOf('-append') + 1], '--store /b/nrfw-qemu-store.bin --no-autorun');
  assert.throws(() => qemuArgs({ image: '/b/x.elf', store: '/my store.bin' }), /must not contain spaces/);
  assert.equal(parsePtyLine('char device redirected to /dev/pts/4 (label serial0)'), '/dev/pts/4');
  assert.equal(parsePtyLine('qemu-system-arm: warning'), undefined);
});
