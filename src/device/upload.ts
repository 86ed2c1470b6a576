/**
 * Module upload: windowed chunks with cumulative acks (go-back-N), resumable after a cut link,
 * then commit (the device verifies the SHA-256 and activates the module atomically).
 */
import { createHash } from 'node:crypto';
import { Capability } from '../protocol';
import type { DeviceClient } from './client';
import { DeviceTimeoutError } from './errors';

export interface UploadProgress {
  /** Bytes the device acknowledged. */
  acked: number;
  total: number;
  /** Bytes this call put on the wire so far (frames, COBS, delimiters), for the KB/s figure. */
  wireBytes: number;
}

export interface UploadOptions {
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
  /** Per-chunk ack timeout; a silent link triggers a go-back to the last ack. */
  chunkTimeoutMs?: number;
  commitTimeoutMs?: number;
}

export interface UploadResult {
  sha256: string;
  size: number;
  slot: number;
  /** Where this call started: non-zero when it resumed an interrupted upload. */
  resumedFrom: number;
  chunks: number;
  retransmittedBytes: number;
  wireBytes: number;
  ms: number;
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export class UploadCancelled extends Error {
  constructor() {
    super('Deploy cancelled. The previous module is still active on the device.');
    this.name = 'UploadCancelled';
  }
}

export async function uploadModule(client: DeviceClient, module: Uint8Array, opts: UploadOptions = {}): Promise<UploadResult> {
  if (!client.has(Capability.upload)) throw new Error(`The device at ${client.label} does not accept module uploads.`);
  const t0 = performance.now();
  const wire0 = client.stats.bytesOut;
  const hash = sha256(module);
  const begin = await client.request('uploadBegin', { size: module.length, sha256: hash });
  // The chunk must fit the device's frame: 7 bytes of frame + 4 of offset.
  const chunkMax = Math.max(1, Math.min(begin.chunkMax, client.maxFrame - 11));
  const window = Math.max(1, begin.window);
  const total = module.length;
  let acked = Math.min(begin.resumeFrom, total);
  let next = acked;
  let epoch = 0;
  let inFlight = 0;
  let chunks = 0;
  let retransmitted = 0;
  let highest = acked;
  const timeoutMs = opts.chunkTimeoutMs ?? 3000;

  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (e: Error) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    };
    const onAbort = () => fail(new UploadCancelled());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const progress = () => opts.onProgress?.({ acked, total, wireBytes: client.stats.bytesOut - wire0 });

    const pump = () => {
      if (failed) return;
      if (acked >= total) {
        opts.signal?.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      while (next < total && inFlight < window) {
        const offset = next;
        const len = Math.min(chunkMax, total - offset);
        const myEpoch = epoch;
        next += len;
        inFlight++;
        chunks++;
        if (offset < highest) retransmitted += len;
        highest = Math.max(highest, offset + len);
        client
          .request('uploadChunk', { offset, data: module.subarray(offset, offset + len) }, timeoutMs)
          .then((ack) => {
            inFlight--;
            if (ack.received > acked) {
              acked = Math.min(ack.received, total);
              progress();
            }
            // The device dropped this chunk (one before it was lost): go back to its ack, once.
            if (myEpoch === epoch && ack.received < offset + len) {
              epoch++;
              next = acked;
            }
            pump();
          })
          .catch((e: Error) => {
            inFlight--;
            if (e instanceof DeviceTimeoutError && myEpoch === epoch) {
              epoch++;
              next = acked;
              pump();
            } else if (!(e instanceof DeviceTimeoutError)) fail(e);
            else pump();
          });
      }
    };
    progress();
    pump();
  });

  const commit = await client.request('uploadCommit', {}, opts.commitTimeoutMs ?? 30000);
  return {
    sha256: Buffer.from(commit.sha256).toString('hex'),
    size: commit.size,
    slot: commit.slot,
    resumedFrom: begin.resumeFrom,
    chunks,
    retransmittedBytes: retransmitted,
    wireBytes: client.stats.bytesOut - wire0,
    ms: performance.now() - t0,
  };
}
