/** The offset ranges a line step runs through on the device: one request per DAP step. */
import type { Range } from '../protocol';
import type { ProgramIndex } from './program/index';

/**
 * All instructions of the pc's line inside the pc's function, merged into contiguous ranges.
 * The device keeps stepping while the pc is inside them (in the frame the step began in).
 * With DWARF, instructions the line table gives no line (line 0: compiler-made code) belong to
 * every line: a step runs through them to the next real line. `extra` adds ranges (inlined
 * callees to step over).
 */
export function lineRanges(index: ProgramIndex, pc: number, extra: Range[] = []): Range[] {
  const here = index.instrAt(pc);
  if (!here) return [];
  const dwarf = index.image.dwarf !== undefined;
  const f = index.func(here.funcIndex);
  const inFunc = f ? index.instrs.slice(index.indexAtOrAfter(f.start), index.indexAtOrAfter(f.end)) : index.instrs.filter((i) => i.funcIndex === here.funcIndex);
  const same = (i: typeof here) => (i.file ?? 0) === (here.file ?? 0) && i.line === here.line;
  const mine = inFunc.filter((i) => (here.line >= 0 ? same(i) : i.line < 0) || (dwarf && i.line < 0)).map((i) => ({ start: i.offset, end: i.endOffset }));
  mine.push(...extra);
  return mergeRanges(mine);
}

export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

/** Ranges one `step` request may carry (every device holds 8; protocol 3.5). */
export const STEP_RANGES_MAX = 8;

/**
 * The ranges to send from `pc`: all of them when they fit, else the one holding pc and those
 * after it (code mostly runs forward), then the ones before, up to STEP_RANGES_MAX. When the
 * device stops in a range left out, the session steps again (still on the line).
 */
export function rangesToSend(all: Range[], pc: number): Range[] {
  if (all.length <= STEP_RANGES_MAX) return all;
  const at = Math.max(0, all.findIndex((r) => pc < r.end));
  const order = [...all.slice(at), ...all.slice(0, at).reverse()];
  return order.slice(0, STEP_RANGES_MAX).sort((a, b) => a.start - b.start);
}

export function inRanges(all: Range[], pc: number): boolean {
  return all.some((r) => pc >= r.start && pc < r.end);
}
