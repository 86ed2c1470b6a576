/** "Select Device" rows: typed paths, the device in use marked, short details, fixed entries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXED_ENTRIES, MAX_DETAIL, pickerRows, shortDetail, typedTarget } from '../../src/extension/device-picker-items';

const serial = { ports: [{ path: '/dev/ttyACM0', description: 'SEGGER J-Link', likelyBoard: true }, { path: '/dev/ttyUSB3', likelyBoard: false }] };
const ble = { devices: [{ id: 'id1', address: 'aa:bb:cc:dd:ee:ff', name: 'nrf-wasm-7', rssi: -55, lastSeen: 0 }], done: true };

test('a typed serial port path or host:port is a device; other text is not', () => {
  assert.deepEqual(typedTarget('/dev/ttyACM1'), { transport: 'serial', serialPort: '/dev/ttyACM1' });
  assert.deepEqual(typedTarget(' /dev/serial/by-id/usb-SEGGER_J-Link_0010-if00 ', 115200), { transport: 'serial', serialPort: '/dev/serial/by-id/usb-SEGGER_J-Link_0010-if00', baudRate: 115200 });
  assert.deepEqual(typedTarget('com5'), { transport: 'serial', serialPort: 'COM5' });
  assert.deepEqual(typedTarget('\\\\.\\COM12'), { transport: 'serial', serialPort: '\\\\.\\COM12' });
  assert.deepEqual(typedTarget('127.0.0.1:4000'), { transport: 'tcp', address: '127.0.0.1:4000' });
  assert.deepEqual(typedTarget('board.local:4000'), { transport: 'tcp', address: 'board.local:4000' });
  for (const no of ['', 'sim', 'ttyACM', 'host:0', 'host:99999', 'Simulator', 'COM']) assert.equal(typedTarget(no), undefined, no);
});

test('the typed device comes first and is shown whatever the filter', () => {
  const rows = pickerRows({ serial, ble, typed: '/dev/ttyS9' });
  assert.equal(rows[0].label, '$(plug) Use serial port /dev/ttyS9');
  assert.equal(rows[0].alwaysShow, true);
  assert.deepEqual(rows[0].target, { transport: 'serial', serialPort: '/dev/ttyS9' });
  // Only the serial transport is asked for: a typed host:port is not offered.
  assert.ok(!pickerRows({ only: 'serial', serial, typed: '127.0.0.1:4000' }).some((r) => r.alwaysShow));
  assert.ok(!pickerRows({ serial, ble, typed: 'ACM' }).some((r) => r.alwaysShow), 'a filter text is not a device');
});

test('every section is listed: fixed entries, serial ports, BLE boards, TCP', () => {
  const rows = pickerRows({ serial, ble });
  const labels = rows.map((r) => r.label);
  for (const f of FIXED_ENTRIES) assert.ok(labels.includes(f.label), f.label);
  assert.deepEqual(rows.filter((r) => r.separator).map((r) => r.label), ['USB serial', 'Bluetooth LE', 'Other']);
  assert.ok(labels.includes('$(plug) /dev/ttyACM0') && labels.includes('$(radio-tower) nrf-wasm-7') && labels.includes('$(globe) TCP address…'));
  assert.deepEqual(pickerRows({ only: 'serial', serial }).filter((r) => r.target).map((r) => r.target!.transport), ['serial', 'serial']);
  // While the lists are made: a busy row per section.
  assert.ok(pickerRows({}).some((r) => /Looking for serial ports/.test(r.label)) && pickerRows({}).some((r) => /Scanning/.test(r.label)));
});

test('the device in use is marked, whatever its baud rate; an unlisted one gets its own row', () => {
  const rows = pickerRows({ serial, ble, serialBaudRate: 1_000_000, current: { transport: 'serial', serialPort: '/dev/ttyACM0' } });
  const cur = rows.filter((r) => r.current);
  assert.equal(cur.length, 1);
  assert.equal(cur[0].label, '$(check) /dev/ttyACM0');
  assert.match(cur[0].description!, /^in use/);
  const sim = pickerRows({ serial, ble, current: { transport: 'simulator' } }).find((r) => r.current)!;
  assert.equal(sim.label, '$(check) Simulator');
  const tcp = pickerRows({ serial, ble, current: { transport: 'tcp', address: '10.0.0.2:4000' } });
  assert.equal(tcp[0].label, '$(check) TCP 10.0.0.2:4000');
  assert.equal(tcp[0].current, true);
  const bleCur = pickerRows({ serial, ble, current: { transport: 'ble', bleDevice: 'AA:BB:CC:DD:EE:FF' } }).find((r) => r.current)!;
  assert.equal(bleCur.label, '$(check) nrf-wasm-7');
});

test('details fit on one line; the whole text stays reachable', () => {
  const long = 'Listing serial ports through the system failed (Error: spawn udevadm ENOENT: udev is not available); showing /dev/ttyACM* and /dev/ttyUSB* instead.';
  const rows = pickerRows({ serial: { ports: [], warning: long }, ble: { devices: [], done: true, error: 'Bluetooth LE needs the "@abandonware/noble" native module, which did not load: Cannot find module. Reinstall the extension for this platform.' } });
  for (const r of rows) if (r.detail) assert.ok(r.detail.length <= MAX_DETAIL, `${r.detail.length}: ${r.detail}`);
  const warn = rows.find((r) => /incomplete/.test(r.label))!;
  assert.equal(warn.full, long);
  assert.equal(warn.action, 'info');
  assert.equal(shortDetail('Short.'), 'Short.');
  assert.equal(shortDetail('One. Two.'), 'One. (Enter: more)');
  assert.equal(shortDetail('Type the path (e.g. /dev/ttyACM0). Or not.'), 'Type the path (e.g. /dev/ttyACM0). (Enter: more)', 'e.g. does not end a sentence');
  assert.equal(shortDetail(long), 'Listing serial ports through the system failed (Error… (Enter: more)');
});
