import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listSerialPorts } from '../../src/extension/serial-ports';
import { serialOpenError } from '../../src/transport/serial';

test('SerialPort.list() results: boards first, legacy ttyS dropped, descriptions kept', async () => {
  const r = await listSerialPorts({
    list: async () => [
      { path: '/dev/ttyS0' },
      { path: '/dev/ttyUSB0', manufacturer: 'FTDI', vendorId: '0403' },
      { path: '/dev/ttyACM1', manufacturer: 'SEGGER', vendorId: '1366', serialNumber: '001050012345' },
      { path: '/dev/ttyACM0', manufacturer: 'ZEPHYR', vendorId: '2fe3' },
    ],
  });
  assert.equal(r.warning, undefined);
  assert.deepEqual(r.ports.map((p) => [p.path, p.likelyBoard]), [['/dev/ttyACM0', true], ['/dev/ttyACM1', true], ['/dev/ttyUSB0', false]]);
  assert.equal(r.ports[1].description, 'SEGGER #001050012345');
});

test('without udev: /dev/ttyACM* and /dev/ttyUSB* are listed, with by-id names, and the user is told why', async () => {
  const udev = Object.assign(new Error('spawn udevadm ENOENT'), { code: 'ENOENT' });
  const dev = ['null', 'ttyS0', 'ttyACM10', 'ttyACM2', 'ttyUSB0', 'tty', 'ttyACM0x'];
  const byId: Record<string, string> = { 'usb-SEGGER_J-Link_001050012345-if00': '../../ttyACM2' };
  const r = await listSerialPorts({
    platform: 'linux',
    list: async () => { throw udev; },
    readdir: (d) => (d === '/dev' ? dev : d === '/dev/serial/by-id' ? Object.keys(byId) : []),
    readlink: (p) => byId[p.split('/').pop()!],
  });
  assert.deepEqual(r.ports.map((p) => p.path), ['/dev/ttyACM2', '/dev/ttyACM10', '/dev/ttyUSB0']);
  assert.equal(r.ports[0].description, 'SEGGER J-Link 001050012345');
  assert.match(r.warning!, /udev is not available/);
  assert.match(r.warning!, /\/dev\/ttyACM\* and \/dev\/ttyUSB\*/);
});

test('the native module missing falls back too; no /dev/serial/by-id is fine', async () => {
  const r = await listSerialPorts({
    platform: 'linux',
    list: async () => { throw new Error('Serial ports are unavailable: the "serialport" native module could not be loaded'); },
    readdir: (d) => { if (d === '/dev') return ['ttyUSB3']; throw new Error('ENOENT'); },
  });
  assert.deepEqual(r.ports.map((p) => p.path), ['/dev/ttyUSB3']);
  assert.match(r.warning!, /native module could not be loaded/);
});

test('on Windows a failed listing asks for the COM port', async () => {
  const r = await listSerialPorts({ platform: 'win32', list: async () => { throw new Error('boom'); } });
  assert.deepEqual(r.ports, []);
  assert.match(r.warning!, /Type the COM port/);
});

test('on this machine the real list fails (no udevadm) and the fallback answers', async () => {
  const r = await listSerialPorts();
  assert.ok(Array.isArray(r.ports));
});

test('a port that does not open is named once, with what to do', () => {
  assert.equal(serialOpenError('/dev/ttyE2E0', 'Error: No such file or directory, cannot open /dev/ttyE2E0'), 'Cannot open /dev/ttyE2E0: no such file or directory. Is the board plugged in? Pick the port again with "nRF WASM: Select Device".');
  assert.match(serialOpenError('/dev/ttyACM0', 'Error: Permission denied, cannot open /dev/ttyACM0'), /^Cannot open \/dev\/ttyACM0: permission denied\. On Linux, add yourself to the "dialout" group/);
  assert.equal(serialOpenError('COM5', 'Resource busy'), 'Cannot open COM5: resource busy.');
});
