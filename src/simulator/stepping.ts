/**
 * Device-side stepping, decided here: one `step` request becomes as many V8 steps as it takes,
 * and each V8 pause is classified by `decide` (pure, unit-tested).
 */
import type { Range } from '../protocol';
import type { Pause, V8Step } from './engine/cpu-run';

export type DriveKind = 'run' | 'into' | 'over' | 'out';

export interface Drive {
  kind: DriveKind;
  ranges: Range[];
  /** Wasm call depth where the step began. */
  startDepth: number;
}

export type Decision =
  | { stop: 'breakpoint'; hit: number }
  | { stop: 'entry' }
  | { stop: 'step' }
  | { stop: 'pause' }
  | { trap: string }
  | { v8: V8Step };

export interface DecideContext {
  /** Offset of the user breakpoint with this V8 id, if it is one. */
  breakpointOffset(id: string): number | undefined;
  /**
   * Whether a user breakpoint is set at `pc`. V8 names no breakpoint when a step lands on one
   * (hitBreakpoints is empty then), but a breakpoint met during a step wins (protocol 3.5).
   */
  breakpointAt?(pc: number): boolean;
  /** Offset of the pending stop-on-entry location, or null. */
  entryOffset: number | null;
  pauseRequested: boolean;
}

/** A trap: a WebAssembly.RuntimeError raised by wasm code or by a native function it called. */
export function trapMessage(p: Pause): string | null {
  const e = p.exception;
  if (!e) return null;
  const isTrap = e.className === 'RuntimeError' || /^RuntimeError\b/.test(e.description);
  if (!isTrap || p.frames.length === 0) return null;
  const first = e.description.split('\n')[0];
  return first.replace(/^RuntimeError:\s*/, '');
}

function inRanges(pc: number, ranges: Range[]): boolean {
  return ranges.some((r) => pc >= r.start && pc < r.end);
}

/** The first V8 action of a step from a pause. */
export function firstStep(kind: Exclude<DriveKind, 'run'>, paused: Pause): V8Step {
  // Paused inside a native function: finishing the call completes the current (call) instruction.
  return paused.inHost ? 'out' : kind;
}

export function decide(d: Drive, p: Pause, ctx: DecideContext): Decision {
  if (p.exception) {
    const t = trapMessage(p);
    return t !== null ? { trap: t } : { v8: 'run' }; // exit() and halts unwind through JS: let them
  }
  if (p.frames.length === 0) return { v8: 'run' }; // stepped out of the entry into the runner
  const top = p.frames[0];
  if (!p.inHost) {
    if (ctx.entryOffset !== null && top.pc === ctx.entryOffset) return { stop: 'entry' };
    for (const id of p.hitBreakpointIds) {
      const off = ctx.breakpointOffset(id);
      if (off !== undefined && off === top.pc) return { stop: 'breakpoint', hit: off };
    }
    if (d.kind !== 'run' && ctx.breakpointAt?.(top.pc)) return { stop: 'breakpoint', hit: top.pc };
  }
  if (ctx.pauseRequested) return { stop: 'pause' };
  if (d.kind === 'run') return { v8: 'run' }; // a stale pause (e.g. a pause request already served)
  if (p.inHost) return { v8: 'out' }; // a step entered a native function: come back to wasm
  const depth = p.frames.length;
  if (d.kind === 'out') return depth < d.startDepth ? { stop: 'step' } : { v8: 'out' };
  if (d.ranges.length === 0) return { stop: 'step' };
  if (depth !== d.startDepth) return { stop: 'step' }; // returned to the caller, or entered a callee
  return inRanges(top.pc, d.ranges) ? { v8: d.kind } : { stop: 'step' };
}
