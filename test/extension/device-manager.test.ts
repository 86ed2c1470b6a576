import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceManager, describeEvent, type LinkState } from '../../src/extension/device-manager';
import { deployBytes } from '../../src/extension/deploy';
import { TcpTransport } from '../../src/transport/tcp';
import { UploadDeviceDouble } from '../device/upload-device-double';

const bytes = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);

async function rig(fn: (m: DeviceManager, dev: UploadDeviceDouble, states: LinkState[], logs: string[]) => Promise<void>) {
  const dev = new UploadDeviceDouble();
  const addr = await dev.listen();
  const states: LinkState[] = [];
  const logs: string[] = [];
  const m = new DeviceManager({
    transportFor: async () => new TcpTransport(addr),
    log: (level, text) => logs.push(`${level}: ${text}`),
  });
  m.onState((s) => states.push(s));
  try {
    await fn(m, dev, states, logs);
  } finally {
    await m.release();
    await dev.close();
  }
}

test('the link is opened on demand, reused, and released', () =>
  rig(async (m, _dev, states, logs) => {
    const a = await m.connect({ transport: 'tcp', address: 'x:1' });
    const b = await m.connect({ transport: 'tcp', address: 'x:1' });
    assert.equal(a.client, b.client, 'same target: same link');
    assert.equal(m.state, 'connected');
    assert.match(logs[0], /^info: connected to tcp:\/\/127\.0\.0\.1:\d+: .*protocol v1, no module stored/);
    await m.release();
    assert.ok(a.client.closed);
    assert.deepEqual(states, ['connecting', 'connected', 'idle']);
  }));

test('deploy over the manager, then the same module again is skipped', () =>
  rig(async (m, dev) => {
    const conn = await m.connect({ transport: 'simulator' });
    const reports: string[] = [];
    const r = await deployBytes(conn, bytes, { file: '/w/blink.wasm', target: conn.client.label, report: (p) => reports.push(p.message) });
    assert.equal(r.file, 'blink.wasm');
    assert.equal(r.size, bytes.length);
    assert.deepEqual(dev.active?.bytes, bytes);
    assert.match(reports.at(-1)!, /^100% of 2\.9 KB · /);
    const again = await deployBytes(conn, bytes, { file: '/w/blink.wasm', target: 'T' });
    assert.ok(again.alreadyThere);
    assert.equal(again.sha256, r.sha256);
    const forced = await deployBytes(conn, bytes, { file: '/w/blink.wasm', target: 'T', force: true });
    assert.ok(!forced.alreadyThere);
  }));

test('a lost link shows as an error state with the reason', () =>
  rig(async (m, dev, states) => {
    const conn = await m.connect({ transport: 'simulator' });
    dev.faults.cutAfterChunks = 2;
    await assert.rejects(deployBytes(conn, bytes, { file: 'a.wasm', target: 'T' }));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(m.state, 'error');
    assert.match(m.lastError!, /closed the connection/);
    assert.equal(states.at(-1), 'error');
    dev.faults.cutAfterChunks = undefined;
    const again = await m.connect({ transport: 'simulator' });
    assert.notEqual(again.client, conn.client, 'a new link after the loss');
    assert.equal(m.state, 'connected');
  }));

test('device events become log lines', () => {
  assert.deepEqual(describeEvent({ name: 'output', id: 1, source: 0, level: 2, text: 'hello\n' } as never), { level: 'info', text: '[app] hello' });
  assert.deepEqual(describeEvent({ name: 'output', id: 1, source: 1, level: 0, text: 'flash error' } as never), { level: 'error', text: '[device] flash error' });
  assert.deepEqual(describeEvent({ name: 'exited', id: 2, reason: 0, code: 7 } as never), { level: 'info', text: 'module exited: returned, code 7' });
  assert.equal(describeEvent({ name: 'led', id: 3, led: 1, on: 1 } as never), undefined);
});
