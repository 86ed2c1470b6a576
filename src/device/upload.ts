/**
 * Module upload: windowed chunks with cumulative acks (go-back-N), resumable after a cut link,
 * then commit (the device verifies the SHA-256 and activates the module atomically).
 *
 * Pacing fits the link (docs/protocol.md 3.3, "Pacing"): nothing here assumes a speed. The
 * retransmission timeout comes from measured round trips (uploadBegin's, then each chunk's,
 * from when the link took its bytes to its ack), restarts whenever the device answers, and backs
 * off; acks are cumulative, so a late one still counts. Chunks start at `chunkMax` and the window
 * at the device's; a loss (an ack that shows a hole, or silence past the timeout) goes back to the
 * device's ack and halves the window and, on a device with `uploadAnyChunk`, the chunk size; each
 * advancing ack grows them back. uploadCommit follows the last chunk without waiting for its ack;
 * a lost one is found out by a `ping` answered before it. A loss-free link never retransmits. */
import { createHash } from 'node:crypto';
import { CHUNK_ALIGN, Capability, ErrorCode } from '../protocol';
import type { DeviceClient } from './client';
import { DeviceError, DeviceTimeoutError } from './errors';

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
  /** Smallest retransmission timeout (default 1000 ms, as TCP's); the measured one is usually larger. */
  minTimeoutMs?: number;
  commitTimeoutMs?: number;
}

export interface UploadResult {
  sha256: string;
  size: number;
  /** The store slot now active; -1 when the commit's answer was lost (a later `hello` confirmed the module). */
  slot: number;
  /** Where this call started: non-zero when it resumed an interrupted upload. */
  resumedFrom: number;
  chunks: number;
  retransmittedBytes: number;
  wireBytes: number;
  ms: number;
  /** Timeouts that sent chunks again (0 on a loss-free link). */
  timeouts: number;
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

const MIN_CHUNK = 64;
const MAX_TIMEOUT_MS = 60_000;
/** Consecutive timeouts without any progress before the upload gives up. */
const GIVE_UP_AFTER = 6;
/** Bytes of an uploadChunk frame besides the data: 7 of frame, 4 of offset, the delimiter, COBS. */
const wireOf = (len: number) => len + 12 + Math.ceil((len + 11) / 254);

interface Outstanding {
  id: number;
  offset: number;
  len: number;
  epoch: number;
  writtenAt?: number;
}

export async function uploadModule(client: DeviceClient, module: Uint8Array, opts: UploadOptions = {}): Promise<UploadResult> {
  if (!client.has(Capability.upload)) throw new Error(`The device at ${client.label} does not accept module uploads.`);
  const t0 = performance.now();
  const wire0 = client.stats.bytesOut;
  const hash = sha256(module);
  let beginWritten = t0;
  // A lost uploadBegin (or its answer) is sent again: the same SHA-256 resumes, nothing is lost.
  const begin = await again(() => client.send('uploadBegin', { size: module.length, sha256: hash }, { onWritten: () => (beginWritten = performance.now()) }).response);
  const beginRtt = Math.max(1, performance.now() - beginWritten);
  // The chunk must fit the device's frame: 7 bytes of frame + 4 of offset.
  const chunkMax = Math.max(1, Math.min(begin.chunkMax, client.maxFrame - 11));
  const anyChunk = client.has(Capability.uploadAnyChunk) && chunkMax >= MIN_CHUNK;
  const deviceWindow = Math.max(1, begin.window);
  const total = module.length;
  const minRto = opts.minTimeoutMs ?? 1000;

  let acked = Math.min(begin.resumeFrom, total);
  let next = acked;
  let highest = acked;
  let epoch = 0;
  let chunks = 0;
  let retransmitted = 0;
  let timeouts = 0;
  let silentTimeouts = 0;
  // Full chunks and the device's whole window from the start: a loss-free link never needs less,
  // and ramping up cost 3 % of a 64 KiB deploy on BLE 2M (measured); losses shrink both.
  let chunk = chunkMax;
  let window = deviceWindow;
  const commitTimeoutMs = opts.commitTimeoutMs ?? 30000;
  // uploadCommit rides right behind the last chunk (protocol 3.3): no round trip waiting for the
  // last ack. If a chunk was lost the device refuses it (uploadSequence) and we commit again.
  let earlyCommit: Promise<{ slot: number }> | undefined;
  let earlyCommitId = 0;
  const outstanding: Outstanding[] = [];
  // Round-trip estimate (RFC 6298). Before any chunk: uploadBegin's round trip and the byte rate
  // it shows (a lower bound: both frames crossed the link within it), for the first flight.
  let srtt: number | undefined;
  let rttvar = 0;
  const beginRate = (wireOf(37) + 24) / beginRtt; // bytes per ms
  // Only what is to send can be in flight: a small module's first loss is not timed as a full window.
  const firstFlight = Math.min(window, Math.ceil((total - acked) / chunk)) * wireOf(Math.min(chunk, total - acked));
  let rto = clamp(3 * (beginRtt + firstFlight / beginRate), minRto, MAX_TIMEOUT_MS);
  let backoff = 1;
  let lastHeard = performance.now();
  let timer: NodeJS.Timeout | undefined;

  await new Promise<void>((resolve, reject) => {
    let done = false;
    const finish = (e?: Error) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Answers still due (duplicates after a go-back) are of no use now.
      for (const o of outstanding.splice(0)) client.forget(o.id);
      if (e) reject(e);
      else resolve();
    };
    // Once uploadCommit is on its way the device may activate the module: its answer decides.
    const onAbort = () => (earlyCommit ? earlyCommit.then(() => finish(), () => finish(new UploadCancelled())) : finish(new UploadCancelled()));
    if (opts.signal?.aborted) return finish(new UploadCancelled());
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const progress = () => opts.onProgress?.({ acked, total, wireBytes: client.stats.bytesOut - wire0 });

    const goBack = () => {
      epoch++;
      next = acked;
      // Never below 2: with a chunk behind it, a lost chunk shows as a hole at once, not as silence.
      window = Math.max(Math.min(2, deviceWindow), Math.ceil(window / 2));
      if (anyChunk) chunk = Math.max(MIN_CHUNK, align(chunk / 2));
    };

    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (done || !outstanding.length) return;
      // Silence is counted from the device's last answer, or from when the link took the oldest
      // chunk still unanswered, whichever is later.
      const base = Math.max(lastHeard, outstanding[0].writtenAt ?? performance.now());
      timer = setTimeout(onTimeout, Math.max(0, base + Math.min(MAX_TIMEOUT_MS, rto * backoff) - performance.now()));
    };

    const onTimeout = () => {
      timer = undefined;
      if (done) return;
      timeouts++;
      if (++silentTimeouts >= GIVE_UP_AFTER) {
        return finish(new DeviceTimeoutError('uploadChunk', Math.round(Math.min(MAX_TIMEOUT_MS, rto * backoff)), client.label));
      }
      // Chunks still unanswered stay awaited: a late cumulative ack still counts.
      backoff *= 2;
      goBack();
      lastHeard = performance.now();
      pump();
    };

    const onAnswer = (o: Outstanding, received: number) => {
      const i = outstanding.indexOf(o);
      if (i < 0) return; // the upload ended
      outstanding.splice(i, 1);
      const now = performance.now();
      lastHeard = now;
      // Every answer carries its request's id, so it times that very transmission: unlike TCP
      // (Karn), a chunk sent again gives a sample too. Without them a lossy link never learnt
      // its round trip after the first go-back and waited out the first window's timeout each time.
      if (o.writtenAt !== undefined) {
        const r = now - o.writtenAt;
        if (srtt === undefined) {
          srtt = r;
          rttvar = r / 2;
        } else {
          rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - r);
          srtt = 0.875 * srtt + 0.125 * r;
        }
        // Twice the mean: the next chunks may be larger than the sampled ones.
        rto = clamp(Math.max(srtt + 4 * rttvar, 2 * srtt), minRto, MAX_TIMEOUT_MS);
      }
      if (received > acked) {
        acked = Math.min(received, total);
        // The link carries again: back-off is for silence, not for the next loss.
        silentTimeouts = 0;
        backoff = 1;
        progress();
        if (o.epoch === epoch) {
          window = Math.min(deviceWindow, window + 1);
          if (anyChunk) chunk = Math.min(chunkMax, align(chunk * 1.5));
        }
      }
      // The device dropped this chunk (one before it was lost): go back to its ack, once.
      if (o.epoch === epoch && received < o.offset + o.len && received < total) goBack();
      pump();
    };

    const pump = () => {
      if (done) return;
      if (acked >= total) return finish();
      // Chunks of an earlier epoch are wasted already: the go-back's chunks follow them at once.
      let room = window - outstanding.filter((o) => o.epoch === epoch).length;
      while (next < total && room > 0) {
        const offset = next;
        const len = Math.min(chunk, total - offset);
        next += len;
        room--;
        chunks++;
        if (offset < highest) retransmitted += len;
        highest = Math.max(highest, offset + len);
        const o: Outstanding = { id: 0, offset, len, epoch };
        const s = client.send('uploadChunk', { offset, data: module.subarray(offset, offset + len) }, {
          timeoutMs: 0,
          onWritten: () => {
            o.writtenAt = performance.now();
            if (outstanding[0] === o) arm();
          },
        });
        o.id = s.id;
        outstanding.push(o);
        s.response.then(
          (ack) => onAnswer(o, ack.received),
          (e: Error) => finish(e),
        );
      }
      if (next >= total && !earlyCommit) {
        const c = client.send('uploadCommit', {}, { timeoutMs: commitTimeoutMs });
        earlyCommitId = c.id;
        earlyCommit = c.response;
        earlyCommit.catch(() => undefined); // judged after the data, below
      }
      arm();
    };
    progress();
    pump();
  });

  let commit: { slot: number } | undefined;
  let lost = false;
  try {
    commit = earlyCommit && (await commitAnswer(client, earlyCommit, rto));
  } catch (e) {
    // Refused because it overtook a lost chunk, or lost itself: commit (again) now.
    lost = e instanceof DeviceTimeoutError;
    if (lost) client.forget(earlyCommitId);
    if (!lost && !(e instanceof DeviceError && e.code === ErrorCode.uploadSequence)) throw e;
  }
  if (!commit && opts.signal?.aborted) throw new UploadCancelled();
  commit ??= await commitOnce(client, hash, commitTimeoutMs, lost);
  return {
    sha256: Buffer.from(hash).toString('hex'),
    size: total,
    slot: commit.slot,
    resumedFrom: begin.resumeFrom,
    chunks,
    retransmittedBytes: retransmitted,
    wireBytes: client.stats.bytesOut - wire0,
    ms: performance.now() - t0,
    timeouts,
  };
}

const ATTEMPTS = 3;

/**
 * The early commit's answer, or a DeviceTimeoutError as soon as it is known lost. Validating a
 * large module may take the device seconds, so silence alone proves nothing before the commit
 * timeout (30 s); but the device answers in order (protocol 3.2): a `ping` sent after the commit
 * and answered first shows that the commit or its answer was lost. Probes go out every `probeMs`
 * (the upload's retransmission timeout) while the answer is due.
 */
async function commitAnswer(client: DeviceClient, early: Promise<{ slot: number }>, probeMs: number): Promise<{ slot: number }> {
  let settled = false;
  const answered = early.then(() => (settled = true), () => (settled = true));
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const due = new Promise<void>((resolve) => (timer = setTimeout(resolve, probeMs)));
    await Promise.race([answered, due]);
    clearTimeout(timer);
    if (settled) return early;
    // Any answer, an error too, shows the device got past the commit; a lost ping proves nothing.
    const pong = await client.request('ping', { data: new Uint8Array(0) }, probeMs).then(() => true, (e) => e instanceof DeviceError);
    // An answer read in the same chunk as the pong settles first: look once the reads are done.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (settled) return early;
    if (pong) throw new DeviceTimeoutError('uploadCommit', 0, client.label);
  }
}

/** Retries a request that timed out (its frame or the answer was lost on the link). */
async function again<T>(send: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof DeviceTimeoutError) || i >= ATTEMPTS) throw e;
    }
  }
}

/**
 * uploadCommit, sent again if its answer does not come. When the first one did activate the
 * module but its answer was lost, the repeat is refused (no upload open): a fresh `hello` then
 * tells whether the device holds our module.
 */
async function commitOnce(client: DeviceClient, hash: Uint8Array, timeoutMs: number, timedOut: boolean): Promise<{ slot: number }> {
  for (let i = 1; ; i++) {
    try {
      return await client.request('uploadCommit', {}, timeoutMs);
    } catch (e) {
      if (timedOut && e instanceof DeviceError && e.code === ErrorCode.uploadSequence) {
        const info = await again(() => client.hello());
        if (info.moduleSha256 === Buffer.from(hash).toString('hex')) return { slot: -1 };
        throw e;
      }
      if (!(e instanceof DeviceTimeoutError) || i >= ATTEMPTS) throw e;
      timedOut = true;
    }
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function align(x: number): number {
  return Math.max(CHUNK_ALIGN, Math.floor(x / CHUNK_ALIGN) * CHUNK_ALIGN);
}
