/** A cursor over wasm binary bytes: LEB128 integers, names, bytes. Throws WasmFormatError. */

export class WasmFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte 0x${offset.toString(16)}`);
    this.name = 'WasmFormatError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class ByteReader {
  constructor(readonly buf: Uint8Array, public pos = 0, readonly end = buf.length) {}

  fail(message: string, at = this.pos): never {
    throw new WasmFormatError(message, at);
  }
  eof(): boolean {
    return this.pos >= this.end;
  }
  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.buf[this.pos++];
  }
  bytes(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.end) this.fail('unexpected end');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  skip(n: number): void {
    this.bytes(n);
  }
  /** Unsigned LEB128 up to 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    return this.fail('LEB128 too long');
  }
  /** Signed LEB128 of up to `bits` bits; only skipped or returned as a number (exact up to 2^53). */
  sleb(bits: 32 | 33 | 64): number {
    let result = 0;
    let shift = 0;
    const max = Math.ceil(bits / 7);
    for (let i = 0; i < max; i++) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 2 ** shift;
        return result;
      }
    }
    return this.fail('LEB128 too long');
  }
  name(): string {
    const n = this.u32();
    return utf8.decode(this.bytes(n));
  }
}

/** One section of a module: where its header starts, its contents, a custom section's name. */
export interface Section {
  id: number;
  at: number;
  start: number;
  end: number;
  name?: string;
}

/**
 * The sections of a module after its 8-byte header, in order (the one walk over them: the
 * simulator's module reader, the debug adapter's DWARF check and its stripping of debug sections).
 */
export function sections(bytes: Uint8Array): Section[] {
  const r = new ByteReader(bytes, 8);
  const out: Section[] = [];
  while (!r.eof()) {
    const at = r.pos;
    const id = r.u8();
    const size = r.u32();
    const s: Section = { id, at, start: r.pos, end: r.pos + size };
    if (s.end > bytes.length) r.fail('section runs past the end of the module');
    if (id === 0) s.name = new ByteReader(bytes, s.start, s.end).name();
    out.push(s);
    r.pos = s.end;
  }
  return out;
}
