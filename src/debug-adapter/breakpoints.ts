/**
 * Source breakpoints to module byte offsets and back. Lines and columns here are 0-based; the
 * session converts from the client's convention.
 */
import type { Instr } from './program/image';
import type { ProgramIndex } from './program/index';

export interface Resolved {
  instr?: Instr;
  /** More places for the same line: its other inlined instances (DWARF), one instruction each. */
  more?: Instr[];
  /** Why the breakpoint cannot be verified, for the user. */
  reason?: string;
}

/** How far below a line without instructions we look for the next one (a comment block, say). */
const MAX_LINE_SLIDE = 50;

/**
 * A line breakpoint stops before any of the line's instructions run: the one with the lowest
 * offset (in a folded expression that is the innermost, leftmost operand, not the first token).
 * With a column: the instruction starting exactly there, else the first one to its right.
 * A line with no instruction moves down to the next line that has one. A line of a function
 * inlined at several call sites (or a template's instances) has one such place per instance.
 */
export function resolveSourceBreakpoint(index: ProgramIndex, line: number, column?: number, file = 0): Resolved {
  for (let l = line; l <= line + MAX_LINE_SLIDE; l++) {
    const on = index.onLine(l, file);
    if (on.length === 0) continue;
    const places = instances(on).map((group) => (column !== undefined && l === line ? group.find((i) => i.column >= column) : group.reduce((a, b) => (b.offset < a.offset ? b : a))));
    const found = places.filter((i): i is Instr => i !== undefined).sort((a, b) => a.offset - b.offset);
    if (found.length === 0) return { reason: 'No WebAssembly instruction at or after this column.' };
    return found.length > 1 ? { instr: found[0], more: found.slice(1) } : { instr: found[0] };
  }
  return { reason: 'No WebAssembly instruction on or below this line (comments, types and declarations have no code).' };
}

/** A line's instructions (by column) grouped by function and inlined call: one group per instance. */
function instances(on: readonly Instr[]): Instr[][] {
  const groups = new Map<string, Instr[]>();
  for (const i of on) {
    const k = `${i.funcIndex}:${i.inlineBlock ?? -1}`;
    groups.set(k, [...(groups.get(k) ?? []), i]);
  }
  return [...groups.values()];
}

/** Every instruction position in the given (0-based, inclusive lines) span, for breakpointLocations. */
export function breakpointLocations(index: ProgramIndex, line: number, column?: number, endLine?: number, endColumn?: number, file = 0): Instr[] {
  const last = endLine ?? line;
  const out: Instr[] = [];
  for (let l = line; l <= last; l++) {
    for (const i of index.onLine(l, file)) {
      if (l === line && column !== undefined && i.column < column) continue;
      if (l === last && endColumn !== undefined && i.column >= endColumn) continue;
      out.push(i);
    }
  }
  return out;
}

/** Function breakpoint: first instruction of the function named `$name`, an export name, or an index. */
export function resolveFunctionBreakpoint(index: ProgramIndex, name: string): Resolved {
  const f = index.funcNamed(name);
  if (!f) return { reason: `No function named ${name} (use its $name, an export name, or its index).` };
  const i = index.instrs[index.indexAtOrAfter(f.start)];
  if (!i || i.offset >= f.end) return { reason: `${f.name} has no instructions.` };
  return { instr: i };
}
