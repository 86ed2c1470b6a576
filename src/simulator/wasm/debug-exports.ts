/**
 * V8 hands a host function only the memory and globals a module exports, while the firmware's
 * native functions (WAMR) see the module's memory whatever it exports. So the simulator runs a
 * copy of the module whose export section also exports its memory and every mutable global under
 * reserved names. Only the export section changes: every byte after it moves by the same `delta`,
 * so module byte offsets convert with `toRun` / `fromRun`.
 */
import { ByteReader } from './bytes';
import type { ModuleInfo } from './module-info';

export const MEMORY_EXPORT = '__nrf_sim_memory';
export const GLOBAL_EXPORT_PREFIX = '__nrf_sim_global_';

export interface DebugCopy {
  bytes: Uint8Array;
  /** Offsets at or after `from` (original numbering) move by `delta` in the copy. */
  from: number;
  delta: number;
  memoryExport: string | null;
  /** Global index -> export name usable on the instance (mutable globals only). */
  globalExports: Map<number, string>;
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function nameBytes(s: string): number[] {
  const b = Buffer.from(s, 'utf8');
  return [...leb(b.length), ...b];
}

export function toRun(c: DebugCopy, offset: number): number {
  return offset >= c.from ? offset + c.delta : offset;
}
export function fromRun(c: DebugCopy, offset: number): number {
  return offset >= c.from + c.delta ? offset - c.delta : offset;
}

export function makeDebugCopy(bytes: Uint8Array, m: ModuleInfo): DebugCopy {
  const globalExports = new Map<number, string>();
  const extra: number[][] = [];
  let memoryExport: string | null = null;
  const exportedMemory = m.exports.find((e) => e.kind === 'memory' && e.index === 0);
  if (exportedMemory) memoryExport = exportedMemory.name;
  else if (m.memoryCount > 0) {
    memoryExport = MEMORY_EXPORT;
    extra.push([...nameBytes(MEMORY_EXPORT), 0x02, 0x00]);
  }
  m.globals.forEach((g, i) => {
    if (!g.mutable) return;
    if (g.exportName !== undefined) {
      globalExports.set(i, g.exportName);
      return;
    }
    const name = GLOBAL_EXPORT_PREFIX + i;
    globalExports.set(i, name);
    extra.push([...nameBytes(name), 0x03, ...leb(i)]);
  });
  if (extra.length === 0) return { bytes, from: bytes.length, delta: 0, memoryExport, globalExports };

  // Find the export section, or where it belongs (before the first section with id > 7).
  const r = new ByteReader(bytes, 8);
  let sectionStart = -1;
  let bodyStart = 0;
  let bodyEnd = 0;
  let insertAt = bytes.length;
  while (!r.eof()) {
    const at = r.pos;
    const id = r.u8();
    const size = r.u32();
    if (id === 7) {
      sectionStart = at;
      bodyStart = r.pos;
      bodyEnd = r.pos + size;
      break;
    }
    if (id >= 8) {
      insertAt = at; // start, element, datacount, code, data all follow the export section
      break;
    }
    r.pos += size;
  }
  let oldCount = 0;
  let oldEntries: Uint8Array = new Uint8Array(0);
  let replaceFrom = insertAt;
  let replaceTo = insertAt;
  if (sectionStart >= 0) {
    const s = new ByteReader(bytes, bodyStart, bodyEnd);
    oldCount = s.u32();
    oldEntries = bytes.subarray(s.pos, bodyEnd);
    replaceFrom = sectionStart;
    replaceTo = bodyEnd;
  }
  const body = [...leb(oldCount + extra.length), ...oldEntries, ...extra.flat()];
  const section = Uint8Array.from([7, ...leb(body.length), ...body]);
  const out = new Uint8Array(bytes.length - (replaceTo - replaceFrom) + section.length);
  out.set(bytes.subarray(0, replaceFrom), 0);
  out.set(section, replaceFrom);
  out.set(bytes.subarray(replaceTo), replaceFrom + section.length);
  return { bytes: out, from: replaceTo, delta: section.length - (replaceTo - replaceFrom), memoryExport, globalExports };
}
