/** Flash store (A/B slots, durable activation) and the upload state machine, in-process. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ErrorCode } from '../../src/protocol';
import { FlashStore, hex, sha256 } from '../../src/simulator/flash-store';
import { DeviceError, Uploader } from '../../src/simulator/upload';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
const ok = () => null;

function upload(u: Uploader, data: Uint8Array, validate: (b: Uint8Array) => string | null = ok) {
  const b = u.begin(data.length, sha256(data));
  for (let off = b.resumeFrom; off < data.length; off += b.chunkMax) assert.equal(u.chunk(off, data.subarray(off, off + b.chunkMax)), Math.min(off + b.chunkMax, data.length));
  return u.commit(validate);
}

function code(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    if (e instanceof DeviceError) return e.code;
    throw e;
  }
  return -1;
}

test('uploads alternate between the slots and survive a restart', () => {
  const s = new FlashStore(dir, 4096);
  const u = new Uploader(s, { chunkMax: 96, window: 4 });
  const a = bytes(1000, 1);
  assert.equal(upload(u, a).slot, 0);
  const b = bytes(777, 2);
  assert.equal(upload(u, b).slot, 1);
  const again = new FlashStore(dir, 4096);
  assert.equal(again.getActive()?.slot, 1);
  assert.deepEqual(again.readActive(), b);
  assert.equal(hex(again.getActive()!.sha256), hex(sha256(b)));
});

test('failed commits leave the active module untouched', () => {
  const s = new FlashStore(dir, 4096);
  const u = new Uploader(s, { chunkMax: 64, window: 4 });
  const a = bytes(300, 3);
  upload(u, a);
  const b = bytes(300, 4);
  u.begin(b.length, sha256(bytes(300, 5)));
  for (let off = 0; off < b.length; off += 64) u.chunk(off, b.subarray(off, off + 64));
  assert.equal(code(() => u.commit(ok)), ErrorCode.hashMismatch);
  assert.equal(code(() => upload(u, b, () => 'no')), ErrorCode.invalidModule);
  assert.deepEqual(new FlashStore(dir, 4096).readActive(), a);
  assert.deepEqual(s.readActive(), a);
});

test('sequence errors, go-back-N, sizes', () => {
  const s = new FlashStore(dir, 1000);
  const u = new Uploader(s, { chunkMax: 64, window: 4 });
  assert.equal(code(() => u.chunk(0, new Uint8Array(1))), ErrorCode.uploadSequence);
  assert.equal(code(() => u.commit(ok)), ErrorCode.uploadSequence);
  assert.equal(code(() => u.begin(1001, new Uint8Array(32))), ErrorCode.tooLarge);
  const d = bytes(200, 6);
  u.begin(d.length, sha256(d));
  assert.equal(u.chunk(64, d.subarray(64, 128)), 0, 'out of order: dropped, same ack');
  assert.equal(u.chunk(0, d.subarray(0, 64)), 64);
  assert.equal(u.chunk(0, d.subarray(0, 64)), 64, 'a duplicate: dropped');
  assert.equal(code(() => u.chunk(64, d.subarray(64, 100))), ErrorCode.uploadSequence, 'a chunk ending off 16 that is not the last');
  assert.equal(u.chunk(32, d.subarray(32, 112)), 112, 'over received: used from received on');
  assert.equal(u.chunk(112, new Uint8Array(0)), 112, 'empty: dropped');
  assert.equal(code(() => u.chunk(112, new Uint8Array(89))), ErrorCode.uploadSequence, 'past the size');
  assert.equal(code(() => u.commit(ok)), ErrorCode.uploadSequence);
  assert.equal(u.chunk(112, d.subarray(112)), 200, 'the last chunk ends anywhere');
  assert.deepEqual(u.commit(ok).size, 200);
  assert.deepEqual(s.readActive(), d, 'byte for byte, overlaps included');
});

test('resume: same hash and size continue from a chunk boundary; anything else starts over', () => {
  const s = new FlashStore(dir, 4096);
  const u = new Uploader(s, { chunkMax: 96, window: 4 });
  const d = bytes(1000, 7);
  u.begin(d.length, sha256(d));
  for (let off = 0; off < 288; off += 96) u.chunk(off, d.subarray(off, off + 96));
  assert.equal(u.begin(d.length, sha256(d)).resumeFrom, 288);
  for (let off = 288; off < 1000; off += 96) u.chunk(off, d.subarray(off, off + 96));
  assert.equal(u.commit(ok).size, 1000);
  const e = bytes(1000, 8);
  u.begin(e.length, sha256(e));
  u.chunk(0, e.subarray(0, 96));
  assert.equal(u.begin(999, sha256(e.subarray(0, 999))).resumeFrom, 0);
});

test('a torn active.json (hash does not match the slot) means no module', () => {
  const s = new FlashStore(dir, 4096);
  upload(new Uploader(s, { chunkMax: 64, window: 1 }), bytes(100, 9));
  writeFileSync(join(dir, 'active.json'), JSON.stringify({ slot: 0, sha256: '00'.repeat(32), size: 100 }));
  assert.equal(new FlashStore(dir, 4096).getActive(), null);
});
