/**
 * The BLE link end to end through the REAL noble library over a simulated radio (test/ble/
 * simulated-radio.ts, a test double): scan -> connect -> discover -> subscribe -> write in
 * MTU-sized pieces -> notifications -> disconnect, and a deploy over it, including a cut link
 * and bonding. The device behind the radio is the upload device double over TCP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDevice, uploadModule, DeviceError, LinkLostError, sha256 } from '../../src/device';
import { BleTransport, BleLink, NOBLE_UUIDS, matchesDevice, nobleWithBinding, scanBleDevices, type BleDeviceInfo } from '../../src/transport/ble';
import { systemBindingType, systemNobleProvider } from '../../src/transport/ble-noble';
import { TransportError } from '../../src/transport/link';
import { ErrorCode } from '../../src/protocol';
import { userMessage } from '../../src/extension/errors';
import { UploadDeviceDouble } from '../device/upload-device-double';
import { SimulatedRadio } from './simulated-radio';
import { optionalMissing } from '../optional/packages';

/** The tests that drive the real noble; without it they are skipped, with one line saying why. */
const NOBLE_MISSING = optionalMissing('@stoprocent/noble');
if (NOBLE_MISSING) console.log(`skipped: ${NOBLE_MISSING}`);

const module16k = Uint8Array.from({ length: 16 * 1024 }, (_, i) => (i * 151 + (i >> 7)) & 0xff);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const activeOf = (dev: UploadDeviceDouble) => dev.active?.bytes;

interface Rig {
  dev: UploadDeviceDouble;
  radio: SimulatedRadio;
  id: string;
  transport: (device?: string) => BleTransport;
}

async function withRig(fn: (r: Rig) => Promise<void>, peripheral: Partial<Parameters<SimulatedRadio['add']>[0]> = {}): Promise<void> {
  const dev = new UploadDeviceDouble();
  const endpoint = await dev.listen();
  const radio = new SimulatedRadio();
  const id = radio.add({ name: 'nrf-wasm-1234', address: 'c1:22:33:44:55:66', endpoint, ...peripheral });
  const noble = nobleWithBinding(radio);
  try {
    await fn({ dev, radio, id, transport: (device) => new BleTransport({ device, noble: () => noble, scanTimeoutMs: 1500, connectTimeoutMs: 2000 }) });
  } finally {
    radio.stopScanning();
    await dev.close();
  }
}

test('scan, connect, discover, subscribe and greet the device through real noble', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ radio, id, transport }) => {
    const { client, info } = await connectDevice(transport('nrf-wasm-1234'));
    assert.equal(info.version, 1);
    assert.match(client.label, /^BLE nrf-wasm-1234 \(c1:22:33:44:55:66\)$/);
    // noble scanned with the service filter, lowercase without dashes, and subscribed to TX.
    assert.ok(radio.calls.includes(`startScanning ${JSON.stringify([NOBLE_UUIDS.service])} false`), radio.calls.join('\n'));
    assert.ok(radio.calls.includes(`notify ${NOBLE_UUIDS.tx} true`));
    assert.equal(radio.stats(id).oversizeWrites, 0);
    assert.ok(radio.stats(id).notifications > 0);
    await client.close();
    assert.ok(radio.calls.includes(`disconnect ${id}`));
  }));

test('writes respect MTU 23 before the exchange and MTU - 3 after it', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ radio, id, transport }) => {
    const link = (await transport().connect()) as BleLink;
    assert.equal(link.pieceSize, 20, 'MTU 23 until onMtu');
    await link.write(new Uint8Array(45).fill(7));
    assert.deepEqual(radio.stats(id).writeSizes, [20, 20, 5]);
    await new Promise((r) => setTimeout(r, 60)); // the MTU exchange completes (mtuDelayMs = 40)
    assert.equal(link.pieceSize, 244);
    await link.write(new Uint8Array(600).fill(1));
    assert.deepEqual(radio.stats(id).writeSizes.slice(3), [244, 244, 112]);
    assert.equal(radio.stats(id).oversizeWrites, 0);
    await link.close();
  }, { mtuDelayMs: 40 }));

test('a reconnection starts again at MTU 23 (noble keeps the old MTU on its peripheral object)', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ transport }) => {
    const a = (await transport().connect()) as BleLink;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(a.pieceSize, 244);
    await a.close();
    const b = (await transport().connect()) as BleLink;
    assert.equal(b.pieceSize, 20);
    await b.close();
  }, { mtuDelayMs: 50 }));

test('concurrent writes are queued in order, one ATT write at a time, packets filled across writes', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ radio, id, transport }) => {
    const link = (await transport().connect()) as BleLink;
    const received: number[] = [];
    const done = Promise.all([1, 2, 3].map((v) => link.write(new Uint8Array(50).fill(v)).then(() => received.push(v))));
    await done;
    assert.deepEqual(received, [1, 2, 3]);
    assert.equal(link.stats.writes, radio.stats(id).writes);
    // A byte stream: 150 bytes in full 20-byte packets, not 20+20+10 per frame.
    assert.deepEqual(radio.stats(id).writeSizes, [20, 20, 20, 20, 20, 20, 20, 10]);
    await link.close();
  }, { mtu: 23 }));

test('a 16 KiB module deploys over BLE and is committed with its SHA-256', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ dev, radio, id, transport }) => {
    const { client } = await connectDevice(transport());
    const progress: number[] = [];
    const r = await uploadModule(client, module16k, { onProgress: (p) => progress.push(p.acked) });
    assert.equal(r.sha256, hex(sha256(module16k)));
    assert.deepEqual(dev.active?.bytes, module16k);
    assert.equal(progress.at(-1), module16k.length);
    assert.equal(radio.stats(id).oversizeWrites, 0);
    assert.ok(Math.max(...radio.stats(id).writeSizes) <= 244);
    await client.close();
  }));

test('a BLE link cut mid-upload fails in words, keeps the old module, and resumes after reconnecting', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ dev, radio, id, transport }) => {
    dev.faults.cutAfterChunks = 30;
    const a = await connectDevice(transport());
    const closed = new Promise<Error | undefined>((r) => a.client.onClose(r));
    await assert.rejects(uploadModule(a.client, module16k), (e: Error) => e instanceof LinkLostError && /disconnected: the connection timed out/.test(e.message));
    assert.match(String((await closed)?.message), /BLE nrf-wasm-1234 \(c1:22:33:44:55:66\) disconnected/);
    assert.equal(activeOf(dev), undefined, 'nothing was activated');

    dev.faults.cutAfterChunks = undefined;
    const b = await connectDevice(transport());
    const r = await uploadModule(b.client, module16k);
    assert.ok(r.resumedFrom >= 20 * dev.chunkMax, `resumed from ${r.resumedFrom}`);
    assert.deepEqual(dev.active?.bytes, module16k);
    assert.equal(radio.stats(id).connections, 2);
    await b.client.close();
  }));

test('the board going out of range mid-session closes the link with the reason', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ radio, id, transport }) => {
    const link = await transport().connect();
    const closed = new Promise<Error | undefined>((r) => link.onClose(r));
    radio.dropLink(id);
    const e = await closed;
    assert.ok(e instanceof TransportError);
    assert.match(e.message, /out of range/);
    await assert.rejects(link.write(Uint8Array.of(1)), /closed/);
  }));

test('a board that requires bonding answers notAuthorized, and the user is told to pair the board', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ dev, radio, id, transport }) => {
    const { client } = await connectDevice(transport()); // hello is allowed before bonding
    const err = await uploadModule(client, module16k).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof DeviceError && err.code === ErrorCode.notAuthorized, String(err));
    const msg = userMessage(err, { transport: 'ble', label: client.label, address: 'c1:22:33:44:55:66', platform: 'linux' });
    assert.match(msg, /^Pair the board: /);
    assert.match(msg, /bluetoothctl/);
    assert.match(msg, /pair c1:22:33:44:55:66/);
    assert.equal(radio.stats(id).refusedNotAuthorized, 1);
    assert.equal(activeOf(dev), undefined);
    await client.close();

    radio.bond(id);
    const again = await connectDevice(transport());
    await uploadModule(again.client, module16k);
    assert.deepEqual(dev.active?.bytes, module16k);
    await again.client.close();
  }, { requireBonding: true }));

test('no matching board: the scan times out naming what it saw', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ transport }) => {
    await assert.rejects(transport('kitchen-sensor').connect(), (e: Error) => e instanceof TransportError && /named "kitchen-sensor"/.test(e.message) && /nrf-wasm-1234 \(c1:22:33:44:55:66\)/.test(e.message));
  }));

test('a board is found by address too, in any spelling', { skip: NOBLE_MISSING }, () =>
  withRig(async ({ transport }) => {
    const link = await transport('C1-22-33-44-55-66').connect();
    assert.match(link.label, /c1:22:33:44:55:66/);
    await link.close();
  }));

test('Bluetooth turned off is reported in words', { skip: NOBLE_MISSING }, async () => {
  const radio = new SimulatedRadio();
  radio.adapterState = 'poweredOff';
  const noble = nobleWithBinding(radio);
  await assert.rejects(new BleTransport({ noble: () => noble }).connect(), /Bluetooth is turned off/);
});

test('the device picker scan reports boards live, sorted by signal, with the name filter', { skip: NOBLE_MISSING }, async () => {
  const radio = new SimulatedRadio();
  radio.add({ name: 'nrf-wasm-a', address: 'c1:00:00:00:00:01', endpoint: '127.0.0.1:1', rssi: -80 });
  radio.add({ name: 'nrf-wasm-b', address: 'c1:00:00:00:00:02', endpoint: '127.0.0.1:1', rssi: -40 });
  radio.add({ name: 'other-board', address: 'c1:00:00:00:00:03', endpoint: '127.0.0.1:1', rssi: -30 });
  radio.add({ name: 'heart-rate', address: 'c1:00:00:00:00:04', endpoint: '127.0.0.1:1', rssi: -20, advertiseService: false });
  const noble = nobleWithBinding(radio);
  const updates: BleDeviceInfo[][] = [];
  const all = await scanBleDevices(() => noble, { durationMs: 150, onUpdate: (l) => updates.push(l) });
  assert.deepEqual(all.map((d) => d.name), ['other-board', 'nrf-wasm-b', 'nrf-wasm-a'], 'service filter drops heart-rate; strongest first');
  assert.ok(updates.length >= 3, 'the list updates as boards appear and RSSI changes');
  const filtered = await scanBleDevices(() => noble, { durationMs: 100, nameFilter: 'NRF-WASM' });
  assert.deepEqual(filtered.map((d) => d.name).sort(), ['nrf-wasm-a', 'nrf-wasm-b']);
});

test('noble missing or unusable says what is missing instead of throwing at load', () => {
  const missing = Object.assign(new Error("Cannot find module '@stoprocent/noble/lib/resolve-bindings'"), { code: 'MODULE_NOT_FOUND' });
  const noHci = Object.assign(new Error('socket: Address family not supported by protocol'), { code: 'EAFNOSUPPORT' });
  const noDbus = new Error('noble dbus backend requires the "dbus-next" package. Install it with: npm install dbus-next');
  const req = (e: Error) => (() => { throw e; }) as unknown as NodeRequire;
  assert.throws(() => systemNobleProvider(req(missing))(), (e: Error) => e instanceof TransportError && /optional "@stoprocent\/noble" module is not installed/.test(e.message));
  assert.throws(() => systemNobleProvider(req(noHci))(), /no Bluetooth adapter/);
  assert.throws(() => systemNobleProvider(req(noDbus))(), /BlueZ .* cannot be reached over D-Bus/);
  assert.throws(() => nobleWithBinding({}, req(missing)), /not installed/);
});

test('the system binding: BlueZ over D-Bus on Linux, the platform default elsewhere, NOBLE_BINDINGS wins', () => {
  assert.equal(systemBindingType('linux', {}), 'dbus');
  assert.equal(systemBindingType('darwin', {}), 'default');
  assert.equal(systemBindingType('win32', {}), 'default');
  assert.equal(systemBindingType('linux', { NOBLE_BINDINGS: 'HCI' }), 'hci');
  assert.equal(systemBindingType('linux', { NOBLE_BINDINGS: 'bogus' }), 'dbus');
  // The system noble is built through the library's own binding resolver, with that type.
  const asked: string[] = [];
  const fakeNoble = { state: 'unknown' };
  const req = ((id: string) => {
    assert.equal(id, '@stoprocent/noble/lib/resolve-bindings');
    return (type: string) => (asked.push(type), fakeNoble);
  }) as unknown as NodeRequire;
  assert.equal(systemNobleProvider(req, 'linux')(), fakeNoble);
  assert.deepEqual(asked, ['dbus']);
});

test('matchesDevice: exact name or address, empty matches any', () => {
  const p = { id: 'c1223344556', address: 'c1:22:33:44:55:66', name: 'nrf-wasm-1234' };
  assert.ok(matchesDevice('', p));
  assert.ok(matchesDevice('NRF-WASM-1234', p));
  assert.ok(matchesDevice('C1:22:33:44:55:66', p));
  assert.ok(!matchesDevice('nrf-wasm', p));
  assert.ok(!matchesDevice('c1:22:33', p));
});

test('the UUIDs agree with the firmware header (firmware/include/nrf_wasm/ble_uuids.h)', (t) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { existsSync, readFileSync } = require('node:fs') as typeof import('node:fs');
  const header = require('node:path').join(__dirname, '../../firmware/include/nrf_wasm/ble_uuids.h') as string;
  if (!existsSync(header)) return t.skip('the firmware header does not exist yet');
  // BT_UUID_128_ENCODE(0x4e570001, 0x6e72, 0x6677, 0x6173, 0x6d2d64626700) or a dashed string.
  const text = readFileSync(header, 'utf8').toLowerCase();
  const found = new Set<string>();
  for (const m of text.matchAll(/bt_uuid_128_encode\(\s*0x([0-9a-f]{8})\s*,\s*0x([0-9a-f]{4})\s*,\s*0x([0-9a-f]{4})\s*,\s*0x([0-9a-f]{4})\s*,\s*0x([0-9a-f]{12})/g)) found.add(m.slice(1, 6).join(''));
  for (const m of text.matchAll(/([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})/g)) found.add(m.slice(1, 6).join(''));
  for (const u of Object.values(NOBLE_UUIDS)) assert.ok(found.has(u), `${u} not in ${header}`);
});
