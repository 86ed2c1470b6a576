/** The offset ranges a line step runs through on the device: one request per DAP step. */
import type { Range } from '../protocol';
import type { ProgramIndex } from './program/index';

/**
 * All instructions of the pc's line inside the pc's function, merged into contiguous ranges.
 * The device keeps stepping while the pc is inside them (in the frame the step began in).
 */
export function lineRanges(index: ProgramIndex, pc: number): Range[] {
  const here = index.instrAt(pc);
  if (!here) return [];
  const mine = index.onLine(here.line).filter((i) => i.funcIndex === here.funcIndex).map((i) => ({ start: i.offset, end: i.endOffset }));
  mine.sort((a, b) => a.start - b.start);
  const out: Range[] = [];
  for (const r of mine) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
