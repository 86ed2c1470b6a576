/**
 * The link model itself (test/link/link-model.ts): bytes arrive intact and in order, BLE packets
 * are at most MTU - 3 bytes, stream packing fills them across frames, frame packing does not,
 * loss drops whole packets. Counts only, no wall-clock assertions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { LINK_PROFILES, type LinkProfile, startLinkProxy } from './link-model';

/** A TCP echo "device". */
async function echo(): Promise<{ address: string; close: () => Promise<void> }> {
  const socks = new Set<net.Socket>();
  const server = net.createServer((s) => {
    socks.add(s);
    s.on('data', (d) => s.write(d));
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise((r) => {
      for (const s of socks) s.destroy();
      server.close(() => r());
    }),
  };
}

/** Frames of `len` bytes ending in the 0x00 delimiter, no other zeros. */
const frames = (n: number, len: number) => Array.from({ length: n }, (_, i) => Uint8Array.from({ length: len }, (_, j) => (j === len - 1 ? 0 : 1 + ((i + j) % 250))));

async function roundTrip(profile: LinkProfile, packing: 'stream' | 'frame', data: Uint8Array[], loss = 0, timeScale = 1) {
  const dev = await echo();
  const proxy = await startLinkProxy({ target: dev.address, profile, packing, loss, seed: 7, timeScale });
  const total = data.reduce((a, d) => a + d.length, 0);
  const sock = net.connect(Number(proxy.address.split(':')[1]), '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  const got: Buffer[] = [];
  let n = 0;
  const done = new Promise<void>((r) => {
    sock.on('data', (d) => {
      got.push(d);
      n += d.length;
      if (n >= total) r();
    });
  });
  sock.write(Buffer.concat(data)); // one write: the proxy sees all of it before the first event
  if (loss) await new Promise((r) => setTimeout(r, 1000));
  else await done;
  sock.destroy();
  await proxy.close();
  await dev.close();
  return { echoed: Buffer.concat(got), stats: proxy.stats, total };
}

test('BLE stream packing fills packets across frames; frame packing sends a short packet per frame', async () => {
  const data = frames(10, 100); // 1000 bytes
  const s = await roundTrip(LINK_PROFILES.ble2m, 'stream', data, 0, 4);
  assert.deepEqual(s.echoed, Buffer.concat(data));
  assert.equal(s.stats.up.packets, Math.ceil(1000 / 244), 'full 244-byte packets, one short at the end');
  const f = await roundTrip(LINK_PROFILES.ble2m, 'frame', data, 0, 4);
  assert.deepEqual(f.echoed, Buffer.concat(data));
  assert.equal(f.stats.up.packets, 10, 'one packet per 100-byte frame');
});

test('BLE MTU 23 carries 20 bytes per packet, one per event', async () => {
  const data = frames(2, 50);
  const s = await roundTrip(LINK_PROFILES.ble1m, 'stream', data, 0, 10);
  assert.deepEqual(s.echoed, Buffer.concat(data));
  assert.equal(s.stats.up.packets, 5);
  assert.equal(s.stats.up.packetBytes, 100);
});

test('UART carries the bytes intact in order', async () => {
  const data = [Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff)];
  const s = await roundTrip(LINK_PROFILES.uart1m, 'stream', data);
  assert.deepEqual(s.echoed, Buffer.from(data[0]));
});

test('loss drops whole packets, never reorders what arrives', async () => {
  const data = [Uint8Array.from({ length: 4880 }, (_, i) => 1 + (i % 255))];
  const s = await roundTrip(LINK_PROFILES.ble2m, 'stream', data, 0.2, 4);
  assert.ok(s.stats.up.lostPackets + s.stats.down.lostPackets > 0, 'some packets lost');
  assert.equal(s.echoed.length, s.stats.down.delivered);
  // What arrives is the original with whole 244-byte packets cut out (in both directions): still
  // an increasing sequence of positions, i.e. every received byte matches the pattern in order.
  let pos = 0;
  for (const b of s.echoed) {
    while (pos < data[0].length && data[0][pos] !== b) pos++;
    assert.ok(pos < data[0].length, 'bytes in order');
    pos++;
  }
});
