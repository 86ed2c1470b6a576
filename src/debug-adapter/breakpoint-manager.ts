/**
 * All breakpoints of a session (source, function, instruction), the device's set of offsets
 * (one per resolved offset, whatever the number of breakpoints on it), and the decision at a hit:
 * conditions, hit counts and logpoints are evaluated here, on the host.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { BP_REFUSED } from '../protocol';
import { resolveFunctionBreakpoint, resolveSourceBreakpoint, type Resolved } from './breakpoints';
import { evaluateExpression, interpolateLogMessage, type EvalContext } from './evaluate';
import type { Instr } from './program/image';
import type { ProgramIndex } from './program/index';

export interface Bp {
  id: number;
  kind: 'source' | 'function' | 'instruction';
  /** Source: 0-based line/column asked for. */
  line?: number;
  column?: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
  hits: number;
  /** Offset we asked the device for, and the one it confirmed. */
  wanted?: number;
  offset?: number;
  reason?: string;
}

export interface DeviceBreakpoints {
  set(offsets: number[]): Promise<number[]>;
  clear(offsets: number[]): Promise<void>;
}

export interface HitDecision {
  stop: boolean;
  hitIds: number[];
  logs: string[];
}

export class BreakpointManager {
  private nextId = 1;
  private readonly sources = new Map<string, Bp[]>();
  private functions: Bp[] = [];
  private instructions: Bp[] = [];
  /** Offsets currently set on the device. */
  private readonly onDevice = new Set<number>();
  /** requested offset → offset the device resolved it to (V8 moves off block/loop). */
  private readonly resolvedOf = new Map<number, number>();

  constructor(private readonly index: ProgramIndex, private device?: DeviceBreakpoints) {}

  attach(device: DeviceBreakpoints | undefined): void {
    this.device = device;
    this.onDevice.clear();
    this.resolvedOf.clear();
  }

  all(): Bp[] {
    return [...[...this.sources.values()].flat(), ...this.functions, ...this.instructions];
  }

  async setSource(path: string, req: DebugProtocol.SourceBreakpoint[], toZero: (line: number, col?: number) => [number, number | undefined]): Promise<Bp[]> {
    const old = this.sources.get(path) ?? [];
    const bps = req.map((b) => {
      const [line, column] = toZero(b.line, b.column);
      const prev = old.find((o) => o.line === line && o.column === column);
      const bp: Bp = { id: prev?.id ?? this.nextId++, kind: 'source', line, column, condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage, hits: prev?.hits ?? 0 };
      return this.resolve(bp, resolveSourceBreakpoint(this.index, line, column));
    });
    this.sources.set(path, bps);
    await this.sync();
    return bps;
  }

  async setFunctions(req: DebugProtocol.FunctionBreakpoint[]): Promise<Bp[]> {
    this.functions = req.map((b) =>
      this.resolve({ id: this.nextId++, kind: 'function', condition: b.condition, hitCondition: b.hitCondition, hits: 0 }, resolveFunctionBreakpoint(this.index, b.name)),
    );
    await this.sync();
    return this.functions;
  }

  async setInstructions(req: DebugProtocol.InstructionBreakpoint[]): Promise<Bp[]> {
    this.instructions = req.map((b) => {
      const at = parseInt(b.instructionReference, 16) + (b.offset ?? 0);
      const instr = this.index.instrAt(at);
      const r: Resolved = instr && instr.offset === at ? { instr } : { reason: `0x${at.toString(16)} is not the start of an instruction.` };
      return this.resolve({ id: this.nextId++, kind: 'instruction', condition: b.condition, hitCondition: b.hitCondition, hits: 0 }, r);
    });
    await this.sync();
    return this.instructions;
  }

  /** Re-sends every breakpoint, e.g. after a reconnect or a device reset. */
  async reapply(): Promise<void> {
    this.onDevice.clear();
    this.resolvedOf.clear();
    await this.sync();
  }

  /** Where a breakpoint really is (after the device's snapping), for the client. */
  locationOf(bp: Bp): Instr | undefined {
    return bp.offset === undefined ? undefined : this.index.instrAt(bp.offset);
  }

  private resolve(bp: Bp, r: Resolved): Bp {
    bp.wanted = r.instr?.offset;
    bp.reason = r.reason;
    return bp;
  }

  private async sync(): Promise<void> {
    const wanted = new Set<number>();
    for (const bp of this.all()) if (bp.wanted !== undefined) wanted.add(bp.wanted);
    const toClear = [...this.onDevice].filter((o) => !wanted.has(o));
    const toSet = [...wanted].filter((o) => !this.onDevice.has(o));
    if (this.device && toClear.length) {
      // Two requested offsets can land on one device offset: keep it while either is wanted.
      const kept = new Set([...wanted].filter((o) => this.onDevice.has(o)).map((o) => this.resolvedOf.get(o)));
      const gone = [...new Set(toClear.map((o) => this.resolvedOf.get(o) ?? o))].filter((o) => !kept.has(o));
      if (gone.length) await this.device.clear(gone);
      for (const o of toClear) {
        this.onDevice.delete(o);
        this.resolvedOf.delete(o);
      }
    }
    if (this.device && toSet.length) {
      const got = await this.device.set(toSet);
      toSet.forEach((o, i) => {
        if (got[i] === undefined || got[i] === BP_REFUSED) return;
        this.onDevice.add(o);
        this.resolvedOf.set(o, got[i]);
      });
    }
    for (const bp of this.all()) {
      if (bp.wanted === undefined) bp.offset = undefined;
      else if (!this.device) bp.offset = bp.wanted; // not connected yet: verified by our map
      else if (this.resolvedOf.has(bp.wanted)) bp.offset = this.resolvedOf.get(bp.wanted);
      else {
        bp.offset = undefined;
        bp.reason = 'The device refused this breakpoint (its breakpoint table may be full).';
      }
    }
  }

  /** Decides what a device stop at `offset` means: stop, log, or run on. */
  async onHit(offset: number, ctx: EvalContext): Promise<HitDecision> {
    const here = this.all().filter((b) => b.offset === offset);
    const d: HitDecision = { stop: false, hitIds: [], logs: [] };
    if (here.length === 0) return { stop: true, hitIds: [], logs: [] }; // the device knows better
    for (const bp of here) {
      if (bp.condition) {
        try {
          const v = await evaluateExpression(bp.condition, ctx);
          if (v === 0 || v === 0n) continue;
        } catch (e) {
          d.logs.push(`Breakpoint condition "${bp.condition}" failed: ${(e as Error).message} (stopping).`);
        }
      }
      bp.hits++;
      if (bp.hitCondition && !hitConditionMet(bp.hitCondition, bp.hits)) continue;
      if (bp.logMessage !== undefined) {
        d.logs.push(await interpolateLogMessage(bp.logMessage, ctx));
        continue;
      }
      d.stop = true;
      d.hitIds.push(bp.id);
    }
    return d;
  }
}

/** VS Code hit conditions: `5` (from the 5th hit on), `>5`, `>=5`, `==5`, `<5`, `%5` (every 5th). */
export function hitConditionMet(cond: string, hits: number): boolean {
  const m = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>': return hits > n;
    case '<': return hits < n;
    case '<=': return hits <= n;
    case '==': return hits === n;
    case '%': return n > 0 && hits % n === 0;
    default: return hits >= n;
  }
}
