/**
 * Linear memory of one stop, as the DWARF engine sees it. The engine reads whole 4 KiB pages;
 * a device answers at most ~1 KiB per request. So the cache holds only the byte ranges we know
 * the engine needs (the variables' own bytes, learnt from a first evaluation) and reads them in
 * as few requests as fit; unknown bytes read as zero until fetched (see variables.ts).
 */
export interface Span { start: number; end: number }

/** Bytes closer than this are fetched in one read rather than two. */
const GAP = 64;

export class StopMemory {
  private readonly known: { start: number; data: Uint8Array }[] = [];
  /** Device requests this stop made for memory (the bench prints it). */
  requests = 0;

  constructor(private readonly read: (address: number, length: number) => Promise<{ data: Uint8Array; requests: number }>) {}

  /**
   * `length` bytes at `offset`: known bytes, zeros elsewhere; or, with `probe`, every unknown
   * aligned 32-bit word holding its own address. A pointer read from unknown memory then points
   * at itself, so the engine reports where the pointer is: how a reference's hidden pointer, which
   * no expression names, is found (see DwarfStop.variablesOf).
   */
  page(offset: number, length: number, probe = false): ArrayBuffer {
    const out = new Uint8Array(length);
    if (probe) {
      const view = new DataView(out.buffer);
      for (let a = (offset + 3) & ~3; a + 4 <= offset + length; a += 4) view.setUint32(a - offset, a >>> 0, true);
    }
    for (const k of this.known) {
      const from = Math.max(offset, k.start);
      const to = Math.min(offset + length, k.start + k.data.length);
      if (from < to) out.set(k.data.subarray(from - k.start, to - k.start), from - offset);
    }
    return out.buffer;
  }

  /** The parts of `spans` not yet known. */
  missing(spans: Span[]): Span[] {
    const out: Span[] = [];
    for (const s of spans) {
      let at = s.start;
      const sorted = this.known.filter((k) => k.start < s.end && k.start + k.data.length > s.start).sort((a, b) => a.start - b.start);
      for (const k of sorted) {
        if (k.start > at) out.push({ start: at, end: Math.min(k.start, s.end) });
        at = Math.max(at, k.start + k.data.length);
        if (at >= s.end) break;
      }
      if (at < s.end) out.push({ start: at, end: s.end });
    }
    return out;
  }

  /** Fetches what of `spans` is unknown, neighbours merged into one read. */
  async fetch(spans: Span[], limit = 1 << 20): Promise<void> {
    const need = merge(this.missing(spans).filter((s) => s.end > s.start && s.end - s.start <= limit));
    for (const s of need) {
      const r = await this.read(s.start, s.end - s.start);
      this.requests += r.requests;
      this.known.push({ start: s.start, data: r.data });
      // Past the end of memory: remember the gap as zeros so it is not asked again.
      if (r.data.length < s.end - s.start) this.known.push({ start: s.start + r.data.length, data: new Uint8Array(s.end - s.start - r.data.length) });
    }
  }
}

function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + GAP) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
