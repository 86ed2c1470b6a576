import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deploySummary, formatBytes, formatDuration, formatRate, ProgressTracker } from '../../src/extension/progress';
import { isCancellation, userMessage } from '../../src/extension/errors';
import { DeviceError, UploadCancelled } from '../../src/device';
import { ErrorCode, messageCode } from '../../src/protocol';
import { TransportError } from '../../src/transport/link';

test('bytes, rates and durations read well', () => {
  assert.deepEqual([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(65536), formatBytes(3 * 1024 * 1024)], ['0 B', '1023 B', '1.5 KB', '64 KB', '3.0 MB']);
  assert.equal(formatRate(10 * 1024, 1000), '10.0 KB/s');
  assert.equal(formatRate(200 * 1024, 1000), '200 KB/s');
  assert.equal(formatRate(0, 0), '– KB/s');
  assert.deepEqual([formatDuration(420), formatDuration(1500), formatDuration(125_000)], ['420 ms', '1.5 s', '2 min 5 s']);
});

test('progress increments add up to 100 and never go back', () => {
  let now = 0;
  const t = new ProgressTracker(() => now);
  let sum = 0;
  const msgs: string[] = [];
  for (const acked of [0, 1000, 500, 32768, 65536]) {
    now += 250;
    const r = t.update(acked, 65536);
    assert.ok(r.increment >= 0);
    sum += r.increment;
    msgs.push(r.message);
  }
  assert.equal(sum, 100);
  assert.match(msgs[1], /^1% of 64 KB · \d+(\.\d)? KB\/s$/);
  assert.match(msgs.at(-1)!, /^100% of 64 KB · 51\.2 KB\/s$/);
});

test('progress rate counts only what this call sent when resuming', () => {
  const t = new ProgressTracker(() => 1000, 0);
  assert.match(t.update(60 * 1024, 64 * 1024, 59 * 1024).message, /1\.0 KB\/s/);
});

test('deploy summary names the file, size, device, time, rate and hash', () => {
  const s = deploySummary({ file: 'blink.wasm', size: 8192, sha256: 'ab'.repeat(32), target: 'serial /dev/ttyACM0 @ 1000000', ms: 512, resumedFrom: 0 });
  assert.equal(s, `Deployed blink.wasm (8.0 KB) to serial /dev/ttyACM0 @ 1000000 in 512 ms (15.6 KB/s). Module SHA-256 ${'ab'.repeat(8)}…`);
  // A tiny module: the time is latency, a rate would mean nothing.
  assert.equal(deploySummary({ file: 'e2e.wasm', size: 251, sha256: 'ab'.repeat(32), target: 'T', ms: 186, resumedFrom: 0 }), `Deployed e2e.wasm (251 B) to T in 186 ms. Module SHA-256 ${'ab'.repeat(8)}…`);
  assert.match(deploySummary({ file: 'b.wasm', size: 4096, sha256: 'cd'.repeat(32), target: 'T', ms: 1000, resumedFrom: 1024 }), /resumed at 1\.0 KB/);
  assert.match(deploySummary({ file: 'b.wasm', size: 4096, sha256: 'cd'.repeat(32), target: 'T', ms: 0, resumedFrom: 0, alreadyThere: true }), /^T already runs b\.wasm .*nothing to send/);
});

test('device errors read as one sentence, without protocol names, in KiB', () => {
  const big = new DeviceError(ErrorCode.tooLarge, messageCode('uploadBegin'), 'module of 2097208 bytes is larger than the 262144-byte slot');
  assert.equal(big.message, "The module (2,048.1 KiB) does not fit in the device's module store (256 KiB at most). Make it smaller.");
  assert.equal(big.request, 'uploadBegin');
  assert.equal(new DeviceError(ErrorCode.tooLarge, messageCode('uploadBegin'), 'larger than a store slot').message, "The module does not fit in the device's module store. Make it smaller.");
  const exp = new DeviceError(ErrorCode.noSuchExport, messageCode('run'), 'the module exports no function "go"');
  assert.equal(exp.message, 'The module has no export by that name (the module exports no function "go").');
  assert.equal(new DeviceError(ErrorCode.unsupportedVersion, messageCode('hello'), 'protocol 7 only').message, 'The device speaks another protocol version (protocol 7 only). Update the extension or the firmware so they match.');
  for (const e of [big, exp, new DeviceError(ErrorCode.hashMismatch, messageCode('uploadCommit'), 'sha256 mismatch')]) {
    assert.doesNotMatch(e.message, /\((uploadBegin|uploadCommit|run)\)/);
  }
});

test('notAuthorized becomes "Pair the board: ..." with the platform\'s way to pair', () => {
  const e = new DeviceError(ErrorCode.notAuthorized, messageCode('uploadBegin'), 'not bonded');
  for (const [platform, re] of [['linux', /bluetoothctl/], ['darwin', /pairing dialog/], ['win32', /Settings > Bluetooth & devices/]] as const) {
    const m = userMessage(e, { transport: 'ble', label: 'BLE nrf-wasm-1 (aa:bb)', address: 'aa:bb:cc:dd:ee:ff', platform });
    assert.match(m, /^Pair the board: /);
    assert.match(m, re);
    // The board's side is the same everywhere: the pairing window and where the passkey is.
    assert.match(m, /hold button 2 while resetting the board/);
    assert.match(m, /passkey/);
    assert.match(m, /RTT/);
  }
  assert.equal(userMessage(new TransportError('Cannot open /dev/ttyACM0: busy.')), 'Cannot open /dev/ttyACM0: busy.');
  assert.equal(userMessage('plain'), 'plain');
});

test('cancellation is recognised (no error popup for it)', () => {
  assert.ok(isCancellation(new UploadCancelled()));
  assert.ok(isCancellation(new TransportError('Connecting was cancelled.')));
  assert.ok(!isCancellation(new Error('boom')));
});
