/**
 * Breakpoints decided on the simulator (protocol 1.1 `bpSetCond`, docs/protocol.md 3.7): the
 * program of each offset, its hit count, and the decision at a V8 pause, with the same
 * interpreter rules as the firmware (src/protocol/condition.ts is cond.c's twin).
 */
import { BpCondFlag, type Body_, ErrorCode, type Value } from '../protocol';
import { checkProgram, hitMet, Op, progTrue, progValueOf, ProgramError, runProgram, type ProgValue } from '../protocol/condition';
import { DeviceError } from './upload';

export interface CondEntry {
  flags: number;
  hitOp: number;
  hitCount: number;
  cond: Uint8Array;
  log: Uint8Array;
  hits: number;
}

/** What a hit means: stop (maybe flagged: the program failed), or run on (after logging). */
export type CondDecision = { stop: true; error: boolean } | { stop: false; log?: Value[] };

/** What a program may read at the pause. */
export interface PauseReader {
  snapshot(): Promise<{ locals: Value[]; globals: Value[] }>;
  memory(): Promise<Uint8Array | undefined>;
}

/** Checks a bpSetCond body; throws badProgram / malformed like the firmware. */
export function parseCondRequest(m: Body_<'bpSetCond'>): CondEntry {
  if ((m.flags & ~BpCondFlag.log) !== 0 || m.hitOp > 6) throw new DeviceError(ErrorCode.malformed, 'unknown flags or hit operator');
  const log = (m.flags & BpCondFlag.log) !== 0;
  const p = m.program;
  const bad = () => new DeviceError(ErrorCode.badProgram, 'invalid breakpoint program');
  if (p.length > 96 || m.condLength > p.length || (!log && m.condLength !== p.length)) throw bad();
  const cond = p.slice(0, m.condLength);
  const logProg = p.slice(m.condLength);
  if ((cond.length && !checkProgram(cond, false)) || (log && !checkProgram(logProg, true))) throw bad();
  return { flags: m.flags, hitOp: m.hitOp, hitCount: m.hitCount, cond, log: logProg, hits: 0 };
}

/** Whether a checked program reads linear memory (then the pause fetches it). */
function readsMemory(p: Uint8Array): boolean {
  const imm = (op: number) => (op === Op.i64 || op === Op.f64 ? 8 : op === Op.local || op === Op.global ? 2 : op === Op.load || op === Op.andThen || op === Op.orElse ? 1 : 0);
  for (let i = 0; i < p.length; i += 1 + imm(p[i])) if (p[i] === Op.load) return true;
  return false;
}

function toWire(v: ProgValue): Value {
  return v.f ? { type: 'f64', value: v.d } : { type: 'i64', value: v.i };
}

export async function decideHit(c: CondEntry, at: PauseReader): Promise<CondDecision> {
  let snap: { locals: Value[]; globals: Value[] } | undefined;
  let mem: Uint8Array | undefined;
  const needMem = readsMemory(c.cond) || readsMemory(c.log);
  const env = async () => {
    snap ??= await at.snapshot();
    if (needMem && !mem) mem = await at.memory();
    const s = snap;
    return {
      local: (i: number) => (s.locals[i] ? progValueOf(s.locals[i]) : undefined),
      global: (i: number) => (s.globals[i] ? progValueOf(s.globals[i]) : undefined),
      memory: () => mem,
    };
  };
  try {
    if (c.cond.length && !progTrue(runProgram(c.cond, await env())[0])) return { stop: false };
    c.hits++;
    if (!hitMet(c.hitOp, c.hits, c.hitCount)) return { stop: false };
    if (!(c.flags & BpCondFlag.log)) return { stop: true, error: false };
    return { stop: false, log: runProgram(c.log, await env()).map(toWire) };
  } catch (e) {
    if (e instanceof ProgramError) return { stop: true, error: true };
    throw e;
  }
}

