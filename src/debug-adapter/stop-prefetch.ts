/**
 * What VS Code asks for right after a stop — the caller frames (stackTrace after the top frame),
 * then the scopes of the frames it shows and their values — requested as soon as the stop event
 * arrives, all at once: pipelined (protocol 1.2, `pipelining`), they cost one round trip
 * together, and showing the stop (stack, Locals, Operand stack, Globals of the top two frames)
 * needs no further one. The answers land in the StoppedState's caches, which a DAP request
 * arriving meanwhile shares instead of asking again; a resume drops them with the stop.
 *
 * Bounded, so that a slow link (BLE at 20 bytes a connection event) is not kept busy with what
 * nobody looks at: at most PREFETCH_FRAMES frames, and a locals or globals scope only when it
 * holds at most PREFETCH_MAX_VALUES values (frame 1's function is not known yet: the module's
 * largest function decides). docs/debugging.md states the bound in bytes.
 */
import type { DeviceClient } from '../device';
import { Capability, Scope } from '../protocol';
import type { StoppedState } from './inspection';
import type { ProgramIndex } from './program/index';

/** VS Code asks for the top frame, then for 19 more (its stackTrace page). */
export const PREFETCH_FRAMES = 20;
/** Frames whose scopes are prefetched: the top one and its caller. */
export const PREFETCH_SCOPE_FRAMES = 2;
/** A locals or globals scope with more values than this is fetched when shown, not before. */
export const PREFETCH_MAX_VALUES = 32;
/** Largest wire size of one value (tag + 8 bytes). */
const VALUE_BYTES = 9;
/** framesOk / valuesOk around their list: COBS + delimiter 2, type 1, id 2, total 2, count 2, crc 4. */
const ANSWER_OVERHEAD = 13;

export interface PrefetchPlan {
  frames: number;
  scopes: { scope: (typeof Scope)[keyof typeof Scope]; frame: number }[];
}

/** What to prefetch at this stop (pure: tests and the docs' bound use it). */
export function prefetchPlan(s: Pick<StoppedState, 'depth' | 'top' | 'hasScope'>, index: ProgramIndex): PrefetchPlan {
  const plan: PrefetchPlan = { frames: Math.min(s.depth, PREFETCH_FRAMES), scopes: [] };
  const maxLocals = Math.max(0, ...index.image.funcs.map((f) => f.locals.length));
  for (let frame = 0; frame < Math.min(s.depth, PREFETCH_SCOPE_FRAMES); frame++) {
    const locals = frame === 0 ? (index.func(s.top.func)?.locals.length ?? maxLocals) : maxLocals;
    if (locals <= PREFETCH_MAX_VALUES) plan.scopes.push({ scope: Scope.locals, frame });
    plan.scopes.push({ scope: Scope.operandStack, frame });
  }
  const globals = index.image.globals.length;
  if (globals > 0 && globals <= PREFETCH_MAX_VALUES) plan.scopes.push({ scope: Scope.globals, frame: 0 });
  plan.scopes = plan.scopes.filter((x) => !s.hasScope(x.scope, x.frame));
  return plan;
}

/** Worst-case answer bytes of a plan, operand stacks excepted (their size is the program's). */
export function prefetchBytesBound(plan: PrefetchPlan, index: ProgramIndex, topFunc: number): number {
  const maxLocals = Math.max(0, ...index.image.funcs.map((f) => f.locals.length));
  let bytes = plan.frames > 1 ? ANSWER_OVERHEAD + 8 * (plan.frames - 1) : 0;
  for (const x of plan.scopes) {
    if (x.scope === Scope.operandStack) continue;
    const n = x.scope === Scope.globals ? index.image.globals.length : x.frame === 0 ? (index.func(topFunc)?.locals.length ?? maxLocals) : maxLocals;
    bytes += ANSWER_OVERHEAD + VALUE_BYTES * n;
  }
  return bytes;
}

/** Sends the plan's requests back to back (no waiting between them); answers fill `s`'s caches. */
export function prefetchStop(s: StoppedState, client: DeviceClient, index: ProgramIndex): void {
  if (!client.has(Capability.pipelining)) return; // one request at a time: fetch on demand
  const plan = prefetchPlan(s, index);
  s.prefetchFrames(plan.frames);
  // A failure is not reported here: the DAP request that needs the values asks again and says why.
  for (const x of plan.scopes) s.scope(x.scope, x.frame).catch(() => undefined);
}
