import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configurationProperties, DEFAULT_SETTINGS, readSettings, SETTING_KEYS } from '../../src/extension/settings';
import { statusText } from '../../src/extension/status-text';
import { createTransport, parseStoredTarget, sameTarget, targetFromDebugConfig, targetLabel, targetToDebugFields, type DeviceTarget } from '../../src/extension/targets';

test('settings: defaults, and values of the wrong type are ignored', () => {
  assert.deepEqual(readSettings(() => undefined), DEFAULT_SETTINGS);
  assert.equal(DEFAULT_SETTINGS.serialBaudRate, 1_000_000);
  const values: Record<string, unknown> = { defaultTransport: 'usb', 'serial.baudRate': 115200, 'ble.nameFilter': 42, 'simulator.args': ['--leds', 4], 'simulator.port': 4100, trace: 'yes' };
  const s = readSettings((k) => values[k]);
  assert.equal(s.defaultTransport, 'simulator');
  assert.equal(s.serialBaudRate, 115200);
  assert.equal(s.bleNameFilter, '');
  assert.deepEqual(s.simulatorArgs, []);
  assert.equal(s.simulatorPort, 4100);
  assert.equal(s.trace, false);
});

test('settings: package.json properties cover exactly the settings, with the same defaults', () => {
  const props = configurationProperties();
  assert.deepEqual(Object.keys(props).sort(), Object.values(SETTING_KEYS).map((k) => `nrfWasm.${k}`).sort());
  for (const [k, key] of Object.entries(SETTING_KEYS)) assert.deepEqual(props[`nrfWasm.${key}`].default, DEFAULT_SETTINGS[k as keyof typeof DEFAULT_SETTINGS]);
});

test('targets: labels for the status bar', () => {
  assert.equal(targetLabel({ transport: 'simulator' }), 'Simulator');
  assert.equal(targetLabel({ transport: 'serial', serialPort: '/dev/ttyACM0' }), 'Serial ttyACM0');
  assert.equal(targetLabel({ transport: 'serial', serialPort: 'COM5' }), 'Serial COM5');
  assert.equal(targetLabel({ transport: 'ble', bleDevice: 'c1:22:33:44:55:66', name: 'nrf-wasm-1' }), 'BLE nrf-wasm-1');
  assert.equal(targetLabel({ transport: 'ble', bleDevice: '' }), 'BLE nrf-wasm');
  assert.equal(targetLabel({ transport: 'tcp', address: '127.0.0.1:4000' }), 'TCP 127.0.0.1:4000');
});

test('targets: debug fields round-trip; stored garbage is dropped', () => {
  const all: DeviceTarget[] = [{ transport: 'simulator' }, { transport: 'serial', serialPort: '/dev/ttyACM0', baudRate: 115200 }, { transport: 'ble', bleDevice: 'x' }, { transport: 'tcp', address: 'h:1' }];
  for (const t of all) assert.deepEqual(targetFromDebugConfig(targetToDebugFields(t)), t);
  assert.deepEqual(parseStoredTarget({ transport: 'ble', bleDevice: 'aa', name: 'nrf-wasm-2' }), { transport: 'ble', bleDevice: 'aa', name: 'nrf-wasm-2' });
  for (const bad of [undefined, null, 3, 'serial', {}, { transport: 'serial' }, { transport: 'tcp', address: ' ' }, { transport: 'jtag' }]) assert.equal(parseStoredTarget(bad), undefined);
  assert.ok(sameTarget({ transport: 'ble', bleDevice: 'x', name: 'a' }, { transport: 'ble', bleDevice: 'x' }));
  assert.ok(!sameTarget({ transport: 'serial', serialPort: 'a' }, { transport: 'serial', serialPort: 'b' }));
});

test('targets: transports are created lazily; the simulator needs to be running', () => {
  const settings = { serialBaudRate: 1_000_000, bleScanSeconds: 5 };
  assert.throws(() => createTransport({ transport: 'simulator' }, { settings }), /simulator is not running/);
  assert.equal(createTransport({ transport: 'simulator' }, { settings, simulatorAddress: '127.0.0.1:5' }).label, 'tcp://127.0.0.1:5');
  assert.equal(createTransport({ transport: 'serial', serialPort: '/dev/ttyACM0' }, { settings }).label, 'serial /dev/ttyACM0 @ 1000000');
  assert.equal(createTransport({ transport: 'ble', bleDevice: 'nrf-wasm-3' }, { settings }).kind, 'ble', 'no noble needed until connect()');
});

test('status bar: device, link state, simulator, debug session', () => {
  assert.deepEqual(statusText(undefined, 'idle', false), { text: '$(circuit-board) Simulator', tooltip: 'nRF WASM device: Simulator (default) — not connected (simulator stopped). Click to select another device.', warning: false });
  assert.equal(statusText({ transport: 'serial', serialPort: '/dev/ttyACM0' }, 'connected', false).text, '$(plug) Serial ttyACM0');
  assert.equal(statusText({ transport: 'ble', bleDevice: 'x', name: 'nrf-wasm-1' }, 'idle', false).text, '$(radio-tower) BLE nrf-wasm-1');
  const err = statusText({ transport: 'tcp', address: 'h:1' }, 'error', false);
  assert.ok(err.warning && err.text.startsWith('$(warning)'));
  assert.match(statusText({ transport: 'simulator' }, 'connecting', true).tooltip, /connecting… \(simulator running\)/);
  assert.match(statusText({ transport: 'simulator' }, 'idle', true, true).text, /^\$\(debug-alt\) Simulator$/);
});
