/**
 * File-backed module store with two slots (A/B), like the firmware's flash partitions: an upload
 * writes the inactive slot; `activate` switches slots by atomically replacing `active.json`. An
 * interrupted or failed upload never touches the active module.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';

export interface ActiveModule {
  slot: number;
  sha256: Uint8Array;
  size: number;
}

export const ZERO_SHA = new Uint8Array(32);

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export class FlashStore {
  private active: ActiveModule | null = null;

  constructor(readonly dir: string, readonly slotSize: number) {
    mkdirSync(dir, { recursive: true });
    this.active = this.load();
  }

  private slotPath(slot: number): string {
    return join(this.dir, `slot-${slot === 0 ? 'a' : 'b'}.wasm`);
  }

  /** Reads active.json and checks the slot still holds those bytes (a torn write means no module). */
  private load(): ActiveModule | null {
    const p = join(this.dir, 'active.json');
    if (!existsSync(p)) return null;
    try {
      const j = JSON.parse(readFileSync(p, 'utf8')) as { slot: number; sha256: string; size: number };
      const bytes = readFileSync(this.slotPath(j.slot));
      if (bytes.length < j.size) return null;
      const mod = bytes.subarray(0, j.size);
      if (hex(sha256(mod)) !== j.sha256) return null;
      return { slot: j.slot, sha256: Uint8Array.from(Buffer.from(j.sha256, 'hex')), size: j.size };
    } catch {
      return null;
    }
  }

  getActive(): ActiveModule | null {
    return this.active;
  }

  readActive(): Uint8Array | null {
    const a = this.active;
    if (!a) return null;
    return new Uint8Array(readFileSync(this.slotPath(a.slot)).subarray(0, a.size));
  }

  /** The slot an upload goes to. */
  inactiveSlot(): number {
    return this.active ? 1 - this.active.slot : 0;
  }

  /** Erases the inactive slot for a new upload. */
  erase(slot: number): void {
    const fd = openSync(this.slotPath(slot), 'w');
    closeSync(fd);
  }

  write(slot: number, offset: number, data: Uint8Array): void {
    const fd = openSync(this.slotPath(slot), existsSync(this.slotPath(slot)) ? 'r+' : 'w+');
    try {
      writeSync(fd, data, 0, data.length, offset);
    } finally {
      closeSync(fd);
    }
  }

  read(slot: number, size: number): Uint8Array {
    const b = readFileSync(this.slotPath(slot));
    return new Uint8Array(b.subarray(0, size));
  }

  /** Makes `slot` the active module (durably), the previous one becomes the inactive slot. */
  activate(slot: number, size: number, digest: Uint8Array): ActiveModule {
    const fd = openSync(this.slotPath(slot), 'r+');
    try {
      ftruncateSync(fd, size);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const tmp = join(this.dir, 'active.json.tmp');
    writeFileSync(tmp, JSON.stringify({ slot, sha256: hex(digest), size }));
    const fd2 = openSync(tmp, 'r');
    fsyncSync(fd2);
    closeSync(fd2);
    renameSync(tmp, join(this.dir, 'active.json'));
    this.active = { slot, sha256: digest, size };
    return this.active;
  }
}
