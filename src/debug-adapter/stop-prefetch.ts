/**
 * What VS Code asks for right after a stop — the caller frames (stackTrace after the top frame),
 * then the scopes of the frames it shows and their values — requested as soon as the stop event
 * arrives, all at once: pipelined (protocol 1.2, `pipelining`), they cost one round trip
 * together, and showing the stop (stack, Locals, Operand stack, Globals of the top two frames)
 * needs no further one. The answers land in the StoppedState's caches, which a DAP request
 * arriving meanwhile shares instead of asking again; a resume drops them with the stop.
 *
 * Bounded in bytes, so that a slow link (BLE at 20 bytes a connection event) is not kept busy
 * with what nobody looks at: one `frames` for at most PREFETCH_FRAMES frames and one `valuesUpTo`
 * of at most PREFETCH_MAX_VALUES values per scope (a longer scope gets the rest when shown).
 * PREFETCH_BOUND is the most that can cost; docs/debugging.md says it.
 */
import type { DeviceClient } from '../device';
import { Capability, Scope } from '../protocol';
import type { ScopeId, StoppedState } from './inspection';

/** VS Code asks for the top frame, then for 19 more (its stackTrace page). */
export const PREFETCH_FRAMES = 20;
/** Frames whose scopes are prefetched: the top one and its caller. */
export const PREFETCH_SCOPE_FRAMES = 2;
/** Values per scope asked for ahead (`valuesUpTo.max`). */
export const PREFETCH_MAX_VALUES = 16;

/** Wire bytes, COBS and delimiter included (at most 2 for frames this short). */
const FRAMES_REQUEST = 13; // type 1, id 2, start 2, count 2, crc 4
const VALUES_UP_TO_REQUEST = 16; // type 1, id 2, scope 1, frame 2, start 2, max 2, crc 4
const ANSWER_OVERHEAD = 13; // type 1, id 2, total 2, count 2, crc 4
/** The most a stop's prefetch sends and receives: frames and 5 scopes (locals, stacks of 2 frames, globals). */
export const PREFETCH_BOUND = {
  requestBytes: FRAMES_REQUEST + 5 * VALUES_UP_TO_REQUEST,
  answerBytes: ANSWER_OVERHEAD + 8 * (PREFETCH_FRAMES - 1) + 5 * (ANSWER_OVERHEAD + 9 * PREFETCH_MAX_VALUES),
};

export interface PrefetchPlan {
  /** Frames to have: [0, frames). */
  frames: number;
  scopes: { scope: ScopeId; frame: number }[];
}

/** What to prefetch at this stop (pure). Scopes already known (the stop event\'s locals) are left out. */
export function prefetchPlan(s: Pick<StoppedState, 'depth' | 'hasScope'>, globals: number): PrefetchPlan {
  const plan: PrefetchPlan = { frames: Math.min(s.depth, PREFETCH_FRAMES), scopes: [] };
  for (let frame = 0; frame < Math.min(s.depth, PREFETCH_SCOPE_FRAMES); frame++) {
    plan.scopes.push({ scope: Scope.locals, frame }, { scope: Scope.operandStack, frame });
  }
  if (globals > 0) plan.scopes.push({ scope: Scope.globals, frame: 0 });
  plan.scopes = plan.scopes.filter((x) => !s.hasScope(x.scope, x.frame));
  return plan;
}

/** Sends the plan\'s requests back to back (no waiting between them); answers fill `s`\'s caches. */
export function prefetchStop(s: StoppedState, client: DeviceClient, globals: number): void {
  if (!client.has(Capability.pipelining)) return; // one request at a time: fetch on demand
  const plan = prefetchPlan(s, globals);
  s.prefetchFrames(plan.frames);
  for (const x of plan.scopes) s.prefetchScope(x.scope, x.frame, PREFETCH_MAX_VALUES);
}
