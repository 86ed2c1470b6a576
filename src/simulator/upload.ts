/**
 * The upload state machine (docs/protocol.md 3.3): windowed chunks with cumulative acks and
 * go-back-N, resumable for the same SHA-256, verified and validated at commit, written to the
 * inactive flash slot.
 */
import { CHUNK_ALIGN, ErrorCode } from '../protocol';
import { type ActiveModule, type FlashStore, hex, sha256 } from './flash-store';

export class DeviceError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

export interface UploadConfig {
  chunkMax: number;
  window: number;
}

interface InProgress {
  slot: number;
  size: number;
  sha256: Uint8Array;
  received: number;
}

export class Uploader {
  private cur: InProgress | null = null;

  constructor(private readonly store: FlashStore, readonly config: UploadConfig) {}

  begin(size: number, digest: Uint8Array): { resumeFrom: number; chunkMax: number; window: number } {
    if (size === 0) throw new DeviceError(ErrorCode.malformed, 'module size is 0');
    if (size > this.store.slotSize) {
      throw new DeviceError(ErrorCode.tooLarge, `module of ${size} bytes is larger than the ${this.store.slotSize}-byte slot`);
    }
    const c = this.cur;
    if (c && c.size === size && hex(c.sha256) === hex(digest) && c.slot === this.store.inactiveSlot()) {
      c.received -= c.received % this.config.chunkMax;
      return { resumeFrom: c.received, ...this.config };
    }
    const slot = this.store.inactiveSlot();
    try {
      this.store.erase(slot);
    } catch (e) {
      throw new DeviceError(ErrorCode.storage, `cannot erase slot: ${(e as Error).message}`);
    }
    this.cur = { slot, size, sha256: digest, received: 0 };
    return { resumeFrom: 0, ...this.config };
  }

  /**
   * Returns the cumulative ack (docs/protocol.md 3.3, "Chunk edges", as the firmware): a chunk
   * that covers `received` is used from there on (a resumed upload may restart below it with
   * another chunk size); any other (past `received`, wholly below it, empty) is dropped.
   */
  chunk(offset: number, data: Uint8Array): number {
    const c = this.cur;
    if (!c) throw new DeviceError(ErrorCode.uploadSequence, 'uploadChunk without uploadBegin');
    const end = offset + data.length;
    if (offset > c.received || end <= c.received) return c.received;
    if (end > c.size) throw new DeviceError(ErrorCode.uploadSequence, `chunk at ${offset} of ${data.length} bytes runs past the module's ${c.size} bytes`);
    if (end % CHUNK_ALIGN !== 0 && end !== c.size) {
      throw new DeviceError(ErrorCode.uploadSequence, `chunk at ${offset} of ${data.length} bytes ends off a multiple of ${CHUNK_ALIGN} before the module's end`);
    }
    const fresh = data.subarray(c.received - offset);
    try {
      this.store.write(c.slot, c.received, fresh);
    } catch (e) {
      throw new DeviceError(ErrorCode.storage, `flash write failed: ${(e as Error).message}`);
    }
    c.received = end;
    return c.received;
  }

  /** Verifies, validates (`validate` returns a reason to refuse) and activates. */
  commit(validate: (bytes: Uint8Array) => string | null): ActiveModule {
    const c = this.cur;
    if (!c) throw new DeviceError(ErrorCode.uploadSequence, 'uploadCommit without uploadBegin');
    if (c.received !== c.size) throw new DeviceError(ErrorCode.uploadSequence, `only ${c.received} of ${c.size} bytes arrived`);
    this.cur = null; // whatever happens now, the next upload starts over
    const bytes = this.store.read(c.slot, c.size);
    if (hex(sha256(bytes)) !== hex(c.sha256)) throw new DeviceError(ErrorCode.hashMismatch, 'the SHA-256 of the uploaded bytes does not match uploadBegin');
    const reason = validate(bytes);
    if (reason !== null) throw new DeviceError(ErrorCode.invalidModule, reason);
    try {
      return this.store.activate(c.slot, c.size, c.sha256);
    } catch (e) {
      throw new DeviceError(ErrorCode.storage, `cannot activate slot: ${(e as Error).message}`);
    }
  }

  abort(): void {
    this.cur = null;
  }
}
