import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDevice, uploadModule, DeviceError, LinkLostError, sha256, type UploadResult } from '../../src/device';
import { TcpTransport } from '../../src/transport/tcp';
import { type Faults, UploadDeviceDouble } from './upload-device-double';

const module64k = Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 131 + (i >> 8)) & 0xff);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

async function withDevice(fn: (dev: UploadDeviceDouble, addr: string) => Promise<void>): Promise<void> {
  const dev = new UploadDeviceDouble();
  const addr = await dev.listen();
  try {
    await fn(dev, addr);
  } finally {
    await dev.close();
  }
}

test('a 64 KiB module uploads windowed and is committed with its SHA-256', () =>
  withDevice(async (dev, addr) => {
    const { client } = await connectDevice(new TcpTransport(addr));
    const seen: number[] = [];
    const r = await uploadModule(client, module64k, { onProgress: (p) => seen.push(p.acked) });
    assert.equal(r.sha256, hex(sha256(module64k)));
    assert.deepEqual(dev.active?.bytes, module64k);
    assert.equal(r.chunks, Math.ceil(module64k.length / dev.chunkMax));
    assert.equal(r.retransmittedBytes, 0);
    assert.equal(seen.at(-1), module64k.length);
    assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]), 'progress never goes back');
    await client.close();
  }));

test('a lost chunk is recovered by going back to the cumulative ack', () =>
  withDevice(async (dev, addr) => {
    dev.faults.dropChunks = new Set([3, 40, 41]);
    const { client } = await connectDevice(new TcpTransport(addr));
    const r = await uploadModule(client, module64k);
    assert.deepEqual(dev.active?.bytes, module64k);
    assert.ok(r.retransmittedBytes > 0 && r.retransmittedBytes <= 3 * dev.window * dev.chunkMax, `${r.retransmittedBytes}`);
    await client.close();
  }));

/** Uploads 1000 bytes (5 chunks of 200) with `faults` injected, timeouts short; then `check`. */
const small = module64k.subarray(0, 1000);
const uploadSmall = (faults: Faults, check: (dev: UploadDeviceDouble, r: UploadResult) => void, commitTimeoutMs?: number) =>
  withDevice(async (dev, addr) => {
    dev.faults = faults;
    const { client } = await connectDevice(new TcpTransport(addr));
    check(dev, await uploadModule(client, small, { minTimeoutMs: 200, commitTimeoutMs }));
    await client.close();
  });

test('losing the very last chunk is recovered by the ack timeout', () =>
  uploadSmall({ dropChunks: new Set([5]) }, (dev, r) => {
    assert.deepEqual(dev.active?.bytes, small);
    assert.equal(r.chunks, 6);
  }));

// The commit's own timeout is far away in these two: only the ping can find the loss out.
test('a lost uploadCommit is found out by a ping answered before it (the device answers in order) and sent again', () =>
  uploadSmall({ dropCommits: 1 }, (dev, r) => {
    assert.deepEqual(dev.active?.bytes, small);
    assert.equal(dev.commitsSeen, 2);
    assert.ok(dev.pings >= 1, 'a ping found the loss out');
    assert.equal(r.timeouts, 0, 'no chunk was sent again');
  }, 600_000));

test('a commit whose answer was lost: the ping shows it, the second commit finds no upload open, hello confirms the module', () =>
  uploadSmall({ dropCommitAnswers: 1 }, (dev, r) => {
    assert.equal(r.slot, -1, 'the slot was in the lost answer');
    assert.equal(r.sha256, dev.active?.sha);
    assert.equal(dev.commitsSeen, 2);
  }, 600_000));

test('a link cut mid-upload fails clearly, keeps the previous module, and resumes after reconnecting', () =>
  withDevice(async (dev, addr) => {
    const first = await connectDevice(new TcpTransport(addr));
    const old = module64k.subarray(0, 500);
    await uploadModule(first.client, old);
    await first.client.close();

    dev.faults.cutAfterChunks = 50;
    const a = await connectDevice(new TcpTransport(addr));
    await assert.rejects(uploadModule(a.client, module64k), (e: Error) => e instanceof LinkLostError && /closed the connection/.test(e.message));
    assert.deepEqual(dev.active?.bytes, old, 'the previous module is still the active one');

    dev.faults.cutAfterChunks = undefined;
    const b = await connectDevice(new TcpTransport(addr));
    assert.equal(b.info.moduleSha256, hex(sha256(old)));
    const r = await uploadModule(b.client, module64k);
    assert.ok(r.resumedFrom >= 40 * dev.chunkMax, `resumed from ${r.resumedFrom}`);
    assert.ok(r.chunks < Math.ceil(module64k.length / dev.chunkMax) - 40);
    assert.deepEqual(dev.active?.bytes, module64k);
    await b.client.close();
  }));

test('a hash mismatch at commit is reported in words the user can act on', () =>
  withDevice(async (dev, addr) => {
    dev.faults.corrupt = true;
    const { client } = await connectDevice(new TcpTransport(addr));
    await assert.rejects(uploadModule(client, module64k.subarray(0, 300)), (e: Error) =>
      e instanceof DeviceError && /SHA-256 mismatch/.test(e.message) && /previous module is still active/.test(e.message));
    await client.close();
  }));

test('no device listening gives a clear connection error', async () => {
  const dev = new UploadDeviceDouble();
  const addr = await dev.listen();
  await dev.close();
  await assert.rejects(connectDevice(new TcpTransport(addr)), /Cannot connect to tcp:\/\/127\.0\.0\.1:\d+.*simulator/);
});

test('cancelling an upload says the previous module is kept', () =>
  withDevice(async (_dev, addr) => {
    const { client } = await connectDevice(new TcpTransport(addr));
    const ac = new AbortController();
    const p = uploadModule(client, module64k, { signal: ac.signal, onProgress: (x) => x.acked > 4000 && ac.abort() });
    await assert.rejects(p, /cancelled\. The previous module is still active/);
    await client.close();
  }));
