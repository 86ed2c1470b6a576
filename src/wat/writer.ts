// Growable byte buffer with the LEB128/IEEE writers the binary format needs.

export class Writer {
  buf: Uint8Array;
  len = 0;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.len + need) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  /** Ensures room for `n` more bytes. */
  reserve(n: number): void {
    if (this.len + n > this.buf.length) this.grow(n);
  }

  u8(v: number): void {
    if (this.len === this.buf.length) this.grow(1);
    this.buf[this.len++] = v;
  }

  u32(v: number): void {
    if (this.len + 5 > this.buf.length) this.grow(5);
    const b = this.buf;
    let n = this.len;
    v >>>= 0;
    while (v >= 0x80) {
      b[n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[n++] = v;
    this.len = n;
  }

  s32(v: number): void {
    if (this.len + 5 > this.buf.length) this.grow(5);
    const b = this.buf;
    let n = this.len;
    v |= 0;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
        b[n++] = byte;
        break;
      }
      b[n++] = byte | 0x80;
    }
    this.len = n;
  }

  s64(v: bigint): void {
    // Values that fit in 32 bits take the fast path.
    if (v >= -0x80000000n && v <= 0x7fffffffn) {
      this.s32(Number(v));
      return;
    }
    if (this.len + 10 > this.buf.length) this.grow(10);
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
        this.buf[this.len++] = byte;
        break;
      }
      this.buf[this.len++] = byte | 0x80;
    }
  }

  u32le(v: number): void {
    if (this.len + 4 > this.buf.length) this.grow(4);
    const b = this.buf;
    const n = this.len;
    b[n] = v & 0xff;
    b[n + 1] = (v >>> 8) & 0xff;
    b[n + 2] = (v >>> 16) & 0xff;
    b[n + 3] = (v >>> 24) & 0xff;
    this.len = n + 4;
  }

  bytes(data: Uint8Array): void {
    if (this.len + data.length > this.buf.length) this.grow(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  /** The ASCII characters of s from `from` on, one byte each (one capacity check). */
  ascii(s: string, from: number): void {
    const n = s.length - from;
    if (this.len + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let o = this.len;
    for (let i = from; i < s.length; i++) b[o++] = s.charCodeAt(i);
    this.len = o;
  }

  /** Length-prefixed byte vector (names, data). */
  vec(data: Uint8Array): void {
    this.u32(data.length);
    this.bytes(data);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export function u32Size(v: number): number {
  v >>>= 0;
  let n = 1;
  while (v >= 0x80) {
    v >>>= 7;
    n++;
  }
  return n;
}
