/** Valid wasm modules of an exact size for deploy tests and benches: one memory, one data segment of seeded bytes. */

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function build(payload: Uint8Array): Uint8Array {
  const pages = Math.max(1, Math.ceil(payload.length / 65536));
  const mem = [0x01, 0x00, ...leb(pages)];
  const seg = [0x01, 0x00, 0x41, 0x00, 0x0b, ...leb(payload.length)];
  const head = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, ...leb(mem.length), ...mem, 0x0b, ...leb(seg.length + payload.length), ...seg];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** A module of exactly `size` bytes (at least 32) whose data is pseudo-random from `seed`. */
export function dataModule(size: number, seed = 1): Uint8Array {
  let a = seed >>> 0;
  const rnd = () => {
    a = (Math.imul(a ^ (a >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return a >>> 24;
  };
  let n = size - 20;
  for (;;) {
    const m = build(new Uint8Array(n));
    if (m.length === size) break;
    n += size - m.length;
  }
  const payload = Uint8Array.from({ length: n }, rnd);
  return build(payload);
}
