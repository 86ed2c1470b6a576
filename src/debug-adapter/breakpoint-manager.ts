/**
 * All breakpoints of a session (source, function, instruction), the device's set of offsets
 * (one per resolved offset, whatever the number of breakpoints on it), and the decision at a hit.
 * Conditions, hit counts and logpoints are checked when set (invalid: unverified with a message)
 * and, on a device with `deviceConditions` (protocol 1.1), compiled and decided there; otherwise,
 * or when the device cannot take one, they are evaluated here at each stop.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { BP_REFUSED, BpCondFlag, HitOp, StopFlag, type Value } from '../protocol';
import { resolveFunctionBreakpoint, resolveSourceBreakpoint, type Resolved } from './breakpoints';
import { compileCondition, compileLogMessage, formatLogMessage, parseHitCondition, validateBreakpoint, type NameScope } from './device-condition';
import { describe } from './dwarf/dap';
import { truthy, type SourceEvaluator, type SourceLanguage } from './dwarf/conditions';
import { evaluateExpression, interpolateLogMessage, parseLogMessage, type EvalContext } from './evaluate';
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
  /** The device decides this breakpoint's hits (its condition, hit count, logpoint). */
  onDevice?: boolean;
  /**
   * Set on the extra places of a line breakpoint (the line's other inlined instances): same id
   * and settings, its own offset; hits are counted on the primary. Not shown to the client.
   */
  primary?: Bp;
}

/** A breakpoint program for bpSetCond. */
export interface CondSpec {
  flags: number;
  hitOp: number;
  hitCount: number;
  condLength: number;
  program: Uint8Array;
}

export interface DeviceBreakpoints {
  set(offsets: number[]): Promise<number[]>;
  clear(offsets: number[]): Promise<void>;
  /** Protocol 1.1: a breakpoint decided on the device; resolves to the offset it landed on, or throws. */
  setCond?(offset: number, spec: CondSpec): Promise<number>;
  /** The device answers pipelined requests in order (protocol 1.2): send them without waiting. */
  pipelined?: boolean;
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

  /** requested offset → the program it was set with on the device ('' = plain). */
  private readonly specOf = new Map<number, string>();
  private noted = new Set<string>();

  /** The program's source language, when it is debugged through DWARF (conditions in C/C++/Rust). */
  source?: SourceLanguage;

  constructor(private readonly index: ProgramIndex, private device?: DeviceBreakpoints, private readonly note: (line: string) => void = () => {}) {}

  /** The expressions of a breakpoint's condition and logpoint that are in the source language. */
  private sourceExprs(bp: Bp): string[] {
    if (!this.source) return [];
    const exprs = bp.condition?.trim() ? [bp.condition] : [];
    if (bp.logMessage !== undefined) {
      try {
        for (const p of parseLogMessage(bp.logMessage)) if ('expr' in p) exprs.push(p.expr);
      } catch {
        // An invalid message is reported by validate.
      }
    }
    return exprs.filter((e) => this.source!.isSource(e));
  }

  attach(device: DeviceBreakpoints | undefined): void {
    this.device = device;
    this.onDevice.clear();
    this.resolvedOf.clear();
    this.specOf.clear();
  }

  all(): Bp[] {
    return [...[...this.sources.values()].flat(), ...this.functions, ...this.instructions];
  }

  async setSource(path: string, req: DebugProtocol.SourceBreakpoint[], toZero: (line: number, col?: number) => [number, number | undefined], file = 0): Promise<Bp[]> {
    const old = (this.sources.get(path) ?? []).filter((o) => !o.primary);
    const all: Bp[] = [];
    const bps = req.map((b) => {
      const [line, column] = toZero(b.line, b.column);
      const prev = old.find((o) => o.line === line && o.column === column);
      const bp: Bp = { id: prev?.id ?? this.nextId++, kind: 'source', line, column, condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage, hits: prev?.hits ?? 0 };
      const r = resolveSourceBreakpoint(this.index, line, column, file);
      all.push(this.resolve(bp, r));
      for (const i of r.more ?? []) all.push({ ...bp, hits: 0, wanted: i.offset, primary: bp });
      return bp;
    });
    await this.validate(all);
    this.sources.set(path, all);
    await this.sync();
    return bps;
  }

  async setFunctions(req: DebugProtocol.FunctionBreakpoint[]): Promise<Bp[]> {
    this.functions = req.map((b) =>
      this.resolve({ id: this.nextId++, kind: 'function', condition: b.condition, hitCondition: b.hitCondition, hits: 0 }, resolveFunctionBreakpoint(this.index, b.name)),
    );
    await this.validate(this.functions);
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
    await this.validate(this.instructions);
    await this.sync();
    return this.instructions;
  }

  /** Re-sends every breakpoint, e.g. after a reconnect or a device reset. */
  async reapply(): Promise<void> {
    this.onDevice.clear();
    this.resolvedOf.clear();
    this.specOf.clear();
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

  /** $names of the breakpoint's function and the module's globals, for checks and the compiler. */
  private scopeAt(offset: number | undefined): NameScope | undefined {
    const fn = offset === undefined ? undefined : this.index.func(this.index.instrAt(offset)?.funcIndex ?? -1);
    if (!fn) return undefined;
    const globals = this.index.image.globals;
    const at = (i: number) => (i >= 0 ? i : undefined);
    return {
      local: (name) => at(fn.locals.findIndex((l) => l.name === name)),
      global: (name) => globals.find((g) => g.name === name || (g.exportName !== undefined && `$${g.exportName}` === name))?.index,
      localCount: fn.locals.length,
      globalCount: globals.length,
    };
  }

  /** A breakpoint's device program, or why it stays with the adapter. */
  private specFor(bp: Bp): CondSpec | string {
    if (this.sourceExprs(bp).length) return 'it is C/C++/Rust, which only the debugger\'s DWARF engine reads (the device evaluates wasm-level expressions: $name, i32[addr])';
    const scope = this.scopeAt(bp.wanted);
    const cond = bp.condition?.trim() ? compileCondition(bp.condition, scope) : undefined;
    if (cond && !cond.ok) return cond.message;
    const log = bp.logMessage !== undefined ? compileLogMessage(bp.logMessage, scope) : undefined;
    if (log && !log.ok) return log.message;
    const hit = bp.hitCondition?.trim() ? parseHitCondition(bp.hitCondition) : { op: HitOp.none, n: 0 };
    const c = cond?.ok ? cond.code : new Uint8Array(0);
    const l = log?.ok ? log.code : new Uint8Array(0);
    if (c.length + l.length > 96) return 'its programs need more than the device\'s 96 bytes';
    const program = new Uint8Array(c.length + l.length);
    program.set(c);
    program.set(l, c.length);
    return { flags: log ? BpCondFlag.log : 0, hitOp: hit.op, hitCount: hit.n, condLength: c.length, program };
  }

  private noteOnce(bp: Bp, why: string): void {
    const what = bp.logMessage !== undefined ? `Logpoint "${bp.logMessage}"` : bp.condition ? `Breakpoint condition "${bp.condition}"` : `Hit condition "${bp.hitCondition}"`;
    const line = `${what} is evaluated by the debugger at each hit, not on the device: ${why}.`;
    if (this.noted.has(line)) return;
    this.noted.add(line);
    this.note(line);
  }

  /** Checks conditions at set time: an invalid one leaves its breakpoint unverified. */
  private async validate(bps: Bp[]): Promise<void> {
    for (const bp of bps) {
      if (bp.wanted === undefined) continue;
      // C/C++/Rust expressions are the DWARF engine's to check; the rest (hit condition, braces) ours.
      const src = this.sourceExprs(bp);
      const wasm = { ...bp, condition: bp.condition && src.includes(bp.condition) ? undefined : bp.condition, logMessage: bp.logMessage !== undefined && src.length ? bp.logMessage.replace(/(^|[^\\])\{[^}]*\}/g, '$1') : bp.logMessage };
      let err = validateBreakpoint(wasm, this.scopeAt(bp.wanted));
      for (const e of src) {
        if (err) break;
        const why = await this.source!.check(e, bp.wanted);
        if (why) err = e === bp.condition ? `Invalid condition "${e}": ${why}` : `Invalid log message "${bp.logMessage}": {${e}}: ${why}`;
      }
      if (err) {
        bp.wanted = undefined;
        bp.reason = err;
      }
    }
  }

  private async sync(): Promise<void> {
    const wanted = new Set<number>();
    for (const bp of this.all()) if (bp.wanted !== undefined) wanted.add(bp.wanted);
    // What each offset should be on the device: plain, or one breakpoint's program.
    const want = new Map<number, { key: string; spec?: CondSpec; bp?: Bp }>();
    const at = new Map<number, Bp[]>();
    for (const bp of this.all()) if (bp.wanted !== undefined) at.set(bp.wanted, [...(at.get(bp.wanted) ?? []), bp]);
    for (const [off, bps] of at) {
      for (const bp of bps) bp.onDevice = false;
      const decided = bps.filter((b) => b.condition?.trim() || b.hitCondition?.trim() || b.logMessage !== undefined);
      want.set(off, { key: '' });
      if (!decided.length || !this.device) continue;
      if (!this.device.setCond) {
        for (const b of decided) this.noteOnce(b, 'this device does not evaluate conditions (protocol 1.0)');
        continue;
      }
      if (bps.length > 1) {
        for (const b of decided) this.noteOnce(b, 'another breakpoint is at the same instruction');
        continue;
      }
      if (bps[0].hitCondition?.trim() && (bps[0].primary || this.all().some((o) => o.primary === bps[0]))) {
        // The device counts hits per instruction; the line's inlined instances share one count.
        this.noteOnce(bps[0].primary ?? bps[0], 'the line has several inlined instances');
        continue;
      }
      const spec = this.specFor(bps[0]);
      if (typeof spec === 'string') {
        this.noteOnce(bps[0], spec);
        continue;
      }
      want.set(off, { key: `${spec.flags}/${spec.hitOp}/${spec.hitCount}/${spec.condLength}/${Buffer.from(spec.program).toString('hex')}`, spec, bp: bps[0] });
    }
    // An offset whose program changed is set again (a plain bpSet removes a program).
    for (const [off, w] of want) {
      if (this.onDevice.has(off) && this.specOf.get(off) !== w.key) {
        if (w.spec || this.specOf.get(off)) this.onDevice.delete(off);
      }
    }
    const toClear = [...this.onDevice].filter((o) => !wanted.has(o));
    const toSet = [...wanted].filter((o) => !this.onDevice.has(o));
    const device = this.device;
    if (device && (toClear.length || toSet.length)) {
      // Every request goes out before any answer is awaited: on a device that takes pipelined
      // requests (protocol 1.2) clear, set and each bpSetCond share one round trip. It answers
      // in order, so the clear still comes first.
      let chain: Promise<unknown> = Promise.resolve();
      const issue = <T>(f: () => Promise<T>): Promise<T> => {
        const p = device.pipelined ? f() : chain.then(f);
        chain = p.catch(() => undefined);
        return p;
      };
      // Two requested offsets can land on one device offset: keep it while either is wanted.
      const kept = new Set([...wanted].filter((o) => this.onDevice.has(o)).map((o) => this.resolvedOf.get(o)));
      const gone = [...new Set(toClear.map((o) => this.resolvedOf.get(o) ?? o))].filter((o) => !kept.has(o));
      const cleared = gone.length ? issue(() => device.clear(gone)) : Promise.resolve();
      const plain = toSet.filter((o) => !want.get(o)?.spec);
      const set = plain.length ? issue(() => device.set(plain)) : Promise.resolve([] as number[]);
      const conds = toSet.filter((x) => want.get(x)?.spec).map((o) => {
        const w = want.get(o)!;
        const r = issue(() => device.setCond!(o, w.spec!)).then((resolved) => ({ resolved }), (error: Error) => ({ error }));
        return { o, w, r };
      });
      set.catch(() => undefined); // awaited below, after the clear: a failed clear must not leave it unhandled
      await cleared;
      for (const o of toClear) {
        this.onDevice.delete(o);
        this.resolvedOf.delete(o);
      }
      const got = await set;
      plain.forEach((o, i) => {
        if (got[i] === undefined || got[i] === BP_REFUSED) return;
        this.onDevice.add(o);
        this.resolvedOf.set(o, got[i]);
        this.specOf.set(o, '');
      });
      for (const { o, w, r } of conds) {
        const res = await r;
        if ('resolved' in res) {
          if (res.resolved === BP_REFUSED) continue;
          this.onDevice.add(o);
          this.resolvedOf.set(o, res.resolved);
          this.specOf.set(o, w.key);
          w.bp!.onDevice = true;
          continue;
        }
        // Refused (table full, a rule of the device's): plain, decided here.
        this.noteOnce(w.bp!, `the device refused it (${res.error.message})`);
        const [rr] = await device.set([o]);
        if (rr === undefined || rr === BP_REFUSED) continue;
        this.onDevice.add(o);
        this.resolvedOf.set(o, rr);
        this.specOf.set(o, '');
      }
    }
    for (const [o, w] of want) if (w.bp && this.specOf.get(o) === w.key && w.key) w.bp.onDevice = true;
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

  /** A logpoint the device decided: its text from the values it sent. */
  onLogHit(offset: number, values: Value[]): string[] {
    const shown = values.map((v) => (v.value === null ? 'null' : v.value));
    return this.all()
      .filter((b) => b.offset === offset && b.onDevice && b.logMessage !== undefined)
      .map((b) => {
        (b.primary ?? b).hits++;
        return formatLogMessage(b.logMessage!, shown);
      });
  }

  /** Decides what a device stop at `offset` means: stop, log, or run on. */
  async onHit(offset: number, ctx: EvalContext, flags = 0, source?: SourceEvaluator): Promise<HitDecision> {
    const isSource = (e: string) => this.source?.isSource(e) === true && source !== undefined;
    const here = this.all().filter((b) => b.offset === offset);
    const d: HitDecision = { stop: false, hitIds: [], logs: [] };
    if (here.length === 0) return { stop: true, hitIds: [], logs: [] }; // the device knows better
    for (const bp of here) {
      if (bp.onDevice) {
        // The device evaluated it and stops only when the breakpoint holds (or failed).
        (bp.primary ?? bp).hits++;
        if (flags & StopFlag.conditionError) {
          d.logs.push(`${bp.logMessage !== undefined ? `Logpoint "${bp.logMessage}"` : `Breakpoint condition "${bp.condition}"`} failed on the device (a memory read out of bounds or a division by zero): stopping.`);
        }
        d.stop = true;
        d.hitIds.push(bp.id);
        continue;
      }
      if (bp.condition) {
        try {
          if (isSource(bp.condition)) {
            if (!truthy(await source!(bp.condition), bp.condition)) continue;
          } else {
            const v = await evaluateExpression(bp.condition, ctx);
            if (v === 0 || v === 0n) continue;
          }
        } catch (e) {
          d.logs.push(`Breakpoint condition "${bp.condition}" failed: ${(e as Error).message} (stopping).`);
        }
      }
      const counted = bp.primary ?? bp;
      counted.hits++;
      if (bp.hitCondition && !hitConditionMet(bp.hitCondition, counted.hits)) continue;
      if (bp.logMessage !== undefined) {
        d.logs.push(await interpolateLogMessage(bp.logMessage, ctx, (e) => (isSource(e) ? source!(e).then((o) => describe(o)) : undefined)));
        continue;
      }
      d.stop = true;
      if (!d.hitIds.includes(bp.id)) d.hitIds.push(bp.id);
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
