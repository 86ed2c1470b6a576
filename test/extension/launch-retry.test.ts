/** Retry after a failed F5: the same configuration resolved afresh, or on the device picked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPORTS_LAUNCH_FAILURES } from '../../src/debug-adapter/custom-requests';
import { retryConfiguration } from '../../src/extension/launch-retry';

const failed = { type: 'nrf-wasm', request: 'launch', name: 'Debug x.wat', program: '/w/x.wat', transport: 'serial', serialPort: '/dev/ttyACM0', baudRate: 115200, stopOnEntry: true, [REPORTS_LAUNCH_FAILURES]: true, __configurationTarget: 5 };

test('Retry keeps what the user asked for and drops what resolving added', () => {
  const r = retryConfiguration(failed) as Record<string, unknown>;
  assert.deepEqual(r, { type: 'nrf-wasm', request: 'launch', name: 'Debug x.wat', program: '/w/x.wat', transport: 'serial', serialPort: '/dev/ttyACM0', baudRate: 115200, stopOnEntry: true });
  // The simulator's address came from the simulator that ran then: resolved again.
  assert.equal((retryConfiguration({ ...failed, transport: 'simulator', address: '127.0.0.1:4567' }) as Record<string, unknown>).address, undefined);
});

test('Select Device, then retry: the device fields are the new device\'s only', () => {
  const r = retryConfiguration(failed, { transport: 'tcp', address: '127.0.0.1:4000' }) as Record<string, unknown>;
  assert.equal(r.transport, 'tcp');
  assert.equal(r.address, '127.0.0.1:4000');
  assert.ok(!('serialPort' in r) && !('baudRate' in r));
  assert.equal(r.stopOnEntry, true);
});
