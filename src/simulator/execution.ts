/**
 * The module's life on the simulator: run, stop, pause, continue, device-side stepping,
 * breakpoints, and inspection of a paused module. Mirrors the firmware agent's state machine:
 * idle -> running <-> paused -> idle.
 */
import { type Body_, ErrorCode, ExitReason, type Range, RunFlag, StepKind, StopFlag, StopReason, type Value } from '../protocol';
import { CpuRun, type ExitInfo, type Pause } from './engine/cpu-run';
import type { CpuPool } from './engine/cpu-pool';
import type { WorkerInspector } from './engine/worker-inspector';
import { type CondEntry, decideHit, parseCondRequest } from './conditions';
import { type LoadedModule, resolveEntry } from './module';
import { INSTALL_FILTER, v8Filter } from './v8-filter';
import { type DecideContext, type Drive, decide, firstStep } from './stepping';
import { trace, tracing } from './trace';
import { DeviceError } from './upload';
import { type FrameSnapshot, LOCALS_EXPRESSION, SNAPSHOT_EXPRESSION, fitValues, parseSnapshot, valueText } from './values';
import { firstInstruction, snapToInstruction } from './wasm/module-info';
import { trapOperands } from './trap-operands';

export type ExecState = 'idle' | 'running' | 'paused';


export interface ExecutionEvents {
  stopped(body: Body_<'stopped'>): void;
  trap(body: Body_<'trap'>): void;
  exited(body: Body_<'exited'>): void;
  logHit(body: Body_<'logHit'>): void;
  /** log/led output of the module, in order. */
  log(text: string): void;
  led(led: number, on: number): void;
}

export interface ExecutionDeps {
  inspector: WorkerInspector;
  pool: CpuPool;
  ctl: SharedArrayBuffer;
  bootEpochMs: number;
  events: ExecutionEvents;
  /** Enable V8's debugger for every run (else only when breakpoints exist or on pause/step requests). */
  debugAlways: boolean;
  /** Largest number of breakpoints (the firmware has a fixed table). */
  maxBreakpoints: number;
}

/** Locals carried by a `stopped` event: keeps the common stop one small frame. */
const STOP_LOCALS_BUDGET = 96;
export const BP_REFUSED = 0xffffffff;
/** Ranges one `step` may carry (the firmware's fixed table; protocol 3.5). */
export const STEP_RANGES_MAX = 8;

const EXIT_REASON: Record<ExitInfo['reason'], number> = {
  returned: ExitReason.returned, exit: ExitReason.exit, trap: ExitReason.trap, stopped: ExitReason.stopped,
};

export class Execution {
  state: ExecState = 'idle';
  stopOnTrap = false;
  private mod: LoadedModule | null = null;
  private run: CpuRun | null = null;
  private pause: Pause | null = null;
  private trapped = false;
  private trapReported = false;
  private stopping = false;
  private pauseRequested = false;
  private snapshots = new Map<number, FrameSnapshot>();
  private entryOffset: number | null = null;
  private entryTempId: string | null = null;
  private driveDone: Promise<void> = Promise.resolve();
  /** Resolved breakpoint offsets -> V8 breakpoint id in the current run (null: not set in V8). */
  private readonly bps = new Map<number, string | null>();
  private readonly bpById = new Map<string, number>();
  /** Breakpoints decided here (bpSetCond), by resolved offset. */
  private readonly conds = new Map<number, CondEntry>();

  constructor(private readonly d: ExecutionDeps) {}

  /** The module breakpoints resolve against (the active one); clears breakpoints when it changes. */
  setModule(mod: LoadedModule | null): void {
    if (mod !== this.mod) {
      this.bps.clear();
      this.bpById.clear();
      this.conds.clear();
    }
    this.mod = mod;
  }

  private requirePaused(): Pause {
    if (this.state !== 'paused' || !this.pause) throw new DeviceError(ErrorCode.invalidState, `the module is ${this.state}, not paused`);
    return this.pause;
  }

  // ---- run / stop ---------------------------------------------------------------------------

  async start(flags: number, entryName: string): Promise<void> {
    if (this.state !== 'idle' && !this.trapped) throw new DeviceError(ErrorCode.invalidState, `the module is already ${this.state}`);
    const mod = this.mod;
    if (!mod) throw new DeviceError(ErrorCode.noModule, 'no module stored: upload one first');
    const entry = resolveEntry(mod.info, entryName);
    if (this.trapped) await this.stop(ExitReason.trap);
    const stopOnEntry = (flags & RunFlag.stopOnEntry) !== 0;
    this.entryOffset = stopOnEntry ? firstInstruction(mod.info, entry.firstFunc) : null;
    this.entryTempId = null;
    this.trapReported = false;
    this.stopping = false;
    this.pauseRequested = false;
    this.trapped = false;
    this.pause = null;
    this.state = 'running';
    const debug = this.d.debugAlways || stopOnEntry || this.bps.size > 0;
    let run: CpuRun;
    try {
      run = await CpuRun.start({
        inspector: this.d.inspector, pool: this.d.pool, info: mod.info, copy: mod.copy,
        entry: entry.exportName, entryParams: entry.params, ctl: this.d.ctl, bootEpochMs: this.d.bootEpochMs, debug,
        onOutput: (m) => (m.t === 'log' ? this.d.events.log(m.text) : m.t === 'led' ? this.d.events.led(m.led, m.on) : undefined),
        beforeGo: async (r) => {
          this.bpById.clear();
          if (this.conds.size) await r.evaluate(INSTALL_FILTER).catch(() => undefined);
          for (const off of [...this.bps.keys()]) await this.armBreakpoint(r, off);
          if (this.entryOffset !== null && !this.bps.has(this.entryOffset)) {
            this.entryTempId = (await r.setBreakpoint(this.entryOffset))?.id ?? null;
          }
        },
      });
    } catch (e) {
      this.state = 'idle';
      throw e;
    }
    this.run = run;
    this.drive(run, { kind: 'run', ranges: [], startDepth: 0 });
  }

  /**
   * Ends the module (stop request, or leaving a trap stop with continue, step or run: nothing can
   * run past a trap, so the run ends as trapped, protocol 3.4): an `exited` event follows.
   */
  async stop(reason: number = ExitReason.stopped): Promise<void> {
    const run = this.run;
    if (!run || this.state === 'idle') throw new DeviceError(ErrorCode.invalidState, 'no module is running');
    this.stopping = true;
    this.stopReason = reason;
    if (this.state === 'paused') this.drive(run, { kind: 'run', ranges: [], startDepth: 0 });
    await run.terminate();
    await this.driveDone;
  }
  private stopReason: number = ExitReason.stopped;

  /** Drops the running module without any event (reset). */
  async kill(): Promise<void> {
    const run = this.run;
    this.run = null;
    this.state = 'idle';
    this.pause = null;
    this.trapped = false;
    if (run) await run.terminate();
  }

  /** Reset: no module running, no breakpoints, default options. */
  async reset(): Promise<void> {
    await this.kill();
    this.bps.clear();
    this.bpById.clear();
    this.conds.clear();
    this.stopOnTrap = false;
  }

  // ---- resume -------------------------------------------------------------------------------

  async continue(): Promise<void> {
    this.requirePaused();
    trace('continue');
    if (this.trapped) return this.stop(ExitReason.trap);
    const run = this.run!;
    this.resumed();
    run.resume('run');
    this.drive(run, { kind: 'run', ranges: [], startDepth: 0 });
  }

  async step(kind: number, ranges: Range[]): Promise<void> {
    const p = this.requirePaused();
    const k = kind === StepKind.into ? 'into' : kind === StepKind.over ? 'over' : kind === StepKind.out ? 'out' : null;
    if (!k) throw new DeviceError(ErrorCode.malformed, `unknown step kind ${kind}`);
    for (const r of ranges) if (r.end < r.start) throw new DeviceError(ErrorCode.malformed, 'a step range ends before it starts');
    if (ranges.length > STEP_RANGES_MAX) throw new DeviceError(ErrorCode.tableFull, `at most ${STEP_RANGES_MAX} step ranges`);
    if (this.trapped) return this.stop(ExitReason.trap);
    const run = this.run!;
    this.resumed();
    run.resume(firstStep(k, p));
    this.drive(run, { kind: k, ranges: k === 'out' ? [] : ranges, startDepth: p.frames.length });
  }

  async requestPause(): Promise<void> {
    if (this.state !== 'running' || !this.run) throw new DeviceError(ErrorCode.invalidState, `the module is ${this.state}, not running`);
    trace(`pause requested (V8 paused: ${this.run.paused})`);
    this.pauseRequested = true;
    await this.run.requestPause();
    this.watchPause(this.run);
  }

  /**
   * A busy loop or a sleeping native pauses within milliseconds; a pause request still unserved
   * after half a second was lost (e.g. it reached V8 while the module was starting): ask again.
   */
  private watchPause(run: CpuRun): void {
    const check = () => {
      if (this.run !== run || !this.pauseRequested || this.state !== 'running') return;
      if (!run.paused && Date.now() - run.pauseSentAt >= 500) {
        trace('pause request lost: asking again');
        run.requestPause(true).catch(() => {});
      }
      setTimeout(check, 250).unref();
    };
    setTimeout(check, 500).unref();
  }

  private resumed(): void {
    this.state = 'running';
    this.pause = null;
    this.snapshots.clear();
  }

  // ---- the drive loop: V8 pauses until a protocol stop or the exit ---------------------------

  private drive(run: CpuRun, d: Drive): void {
    this.driveDone = this.driveLoop(run, d).catch((e) => {
      if (run === this.run) this.d.events.exited({ reason: ExitReason.trap, code: 0 });
      process.stderr.write(`nrf-wasm-sim: internal error: ${(e as Error).stack ?? e}\n`);
      trace(`internal error: ${(e as Error).stack ?? e}`);
      if (run === this.run) {
        this.run = null;
        this.state = 'idle';
      }
    });
  }

  private async driveLoop(run: CpuRun, d: Drive): Promise<void> {
    const exec = this; // eslint-disable-line @typescript-eslint/no-this-alias
    const ctx: DecideContext = {
      breakpointOffset: (id) => exec.bpById.get(id),
      breakpointAt: (pc) => exec.bps.has(pc),
      get entryOffset() {
        return exec.entryOffset;
      },
      get pauseRequested() {
        return exec.pauseRequested;
      },
    };
    for (;;) {
      const h = await run.next();
      if (run !== this.run) {
        if (tracing) trace(`drive ${d.kind}: a halt of an old run, ignored`);
        return;
      }
      if (h.kind === 'exited') {
        this.finished(h.exit);
        return;
      }
      const p = h.pause;
      if (this.stopping) {
        run.resume('run');
        continue;
      }
      const requestedBefore = this.pauseRequested;
      let dec = decide(d, p, ctx);
      const cond = 'stop' in dec && dec.stop === 'breakpoint' ? this.conds.get(dec.hit) : undefined;
      if (cond && 'stop' in dec && dec.stop === 'breakpoint') {
        const r = await decideHit(cond, this.pauseReader(run, p));
        if (r.stop) {
          await this.stopAt(p, StopReason.breakpoint, dec.hit, r.error ? StopFlag.conditionError : 0);
          return;
        }
        if (r.log) this.d.events.logHit({ offset: dec.hit, values: r.log });
        dec = decide(d, { ...p, hitBreakpointIds: [] }, { ...ctx, breakpointAt: undefined }); // as if the breakpoint were not there
      }
      if (tracing) trace(`halt ${p.reason} frames=${p.frames.map((f) => f.pc).join(',')} host=${p.inHost} bp=${p.hitBreakpointIds.length} drive=${d.kind} pauseReq=${requestedBefore} -> ${JSON.stringify(dec)}`);
      if ('v8' in dec) {
        run.resume(dec.v8);
        // A pause request that this pause did not serve: it landed outside wasm (instantiating,
        // the runner), or it came while we were deciding (V8 was paused, so it was not sent).
        if (this.pauseRequested && (p.frames.length === 0 || !requestedBefore)) {
          setTimeout(() => {
            if (this.run === run && this.pauseRequested && this.state === 'running') run.requestPause().catch(() => {});
          }, p.frames.length === 0 ? 2 : 0);
        }
        continue;
      }
      if ('trap' in dec) {
        const top = p.frames[0];
        this.d.events.trap({ func: top.func, pc: top.pc, message: dec.trap });
        this.trapReported = true;
        if (this.stopOnTrap) {
          this.trapped = true;
          await this.stopAt(p, StopReason.trap, 0); // the spec: hit is 0 for a trap (the trap event has the pc)
          return;
        }
        run.resume('run');
        continue;
      }
      let reason: number = StopReason.step;
      let hit = 0;
      switch (dec.stop) {
        case 'entry':
          reason = StopReason.entry;
          this.entryOffset = null;
          if (this.entryTempId) await run.removeBreakpoint(this.entryTempId);
          this.entryTempId = null;
          break;
        case 'breakpoint':
          reason = StopReason.breakpoint;
          hit = dec.hit;
          break;
        case 'pause':
          reason = StopReason.pause;
          break;
        case 'step':
          reason = StopReason.step;
          break;
      }
      await this.stopAt(p, reason, hit);
      return;
    }
  }

  /** Values and memory at a pause the module is not stopped at (yet): for breakpoint programs. */
  private pauseReader(run: CpuRun, p: Pause) {
    const id = p.frames[0].callFrameId;
    return {
      snapshot: async () => parseSnapshot(await run.evaluateOnFrame(id, SNAPSHOT_EXPRESSION)),
      memory: async () => {
        const b64 = await run.evaluateOnFrame(id, `(() => { const m = memories[0]; return m ? Buffer.from(m.buffer).toString('base64') : ''; })()`);
        return b64 ? new Uint8Array(Buffer.from(b64, 'base64')) : undefined;
      },
    };
  }

  private async stopAt(p: Pause, reason: number, hit: number, extraFlags = 0): Promise<void> {
    this.pauseRequested = false;
    this.pause = p;
    this.snapshots.clear();
    const top = p.frames[0];
    let locals: Value[] = [];
    let flags = extraFlags;
    try {
      const all = await this.topLocals();
      locals = fitValues(all, 0, STOP_LOCALS_BUDGET);
      if (locals.length === all.length) flags |= StopFlag.localsComplete;
    } catch {
      // the host can still ask with `values`
    }
    this.state = 'paused';
    this.d.events.stopped({ reason, flags, hit, depth: p.frames.length, func: top.func, pc: top.pc, locals });
  }

  private finished(exit: ExitInfo): void {
    this.run = null;
    this.state = 'idle';
    this.pause = null;
    this.trapped = false;
    if (exit.reason === 'trap' && !this.trapReported && !this.stopping) {
      this.d.events.trap({ func: exit.func ?? 0, pc: exit.pc ?? 0, message: exit.message ?? 'trap' });
    }
    const reason = this.stopping ? this.stopReason : EXIT_REASON[exit.reason];
    this.d.events.exited({ reason, code: this.stopping ? 0 : exit.code });
    this.stopping = false;
  }

  // ---- breakpoints --------------------------------------------------------------------------

  private async armBreakpoint(run: CpuRun, offset: number): Promise<number> {
    // A decided breakpoint with a condition: V8 itself skips the hits where it is false.
    const cond = this.conds.get(offset)?.cond;
    const r = await run.setBreakpoint(offset, cond?.length ? v8Filter(cond) : undefined);
    if (!r) {
      this.bps.set(offset, null);
      return offset;
    }
    this.bps.set(offset, r.id);
    this.bpById.set(r.id, offset);
    return offset;
  }

  async setBreakpoints(offsets: number[]): Promise<number[]> {
    const out: number[] = [];
    for (const off of offsets) {
      const snapped = this.mod ? snapToInstruction(this.mod.info, off) : null;
      if (snapped === null) {
        out.push(BP_REFUSED);
        continue;
      }
      if (this.conds.delete(snapped)) {
        // A plain breakpoint stops at every hit: drop V8's condition filter.
        const id = this.bps.get(snapped) ?? null;
        if (id && this.run && !this.run.hasExited) {
          this.bpById.delete(id);
          await this.run.removeBreakpoint(id);
          await this.armBreakpoint(this.run, snapped);
        }
      }
      if (!this.bps.has(snapped)) {
        if (this.bps.size >= this.d.maxBreakpoints) {
          out.push(BP_REFUSED);
          continue;
        }
        this.bps.set(snapped, null);
        if (this.run && !this.run.hasExited && snapped !== this.entryOffset) await this.armBreakpoint(this.run, snapped);
        else if (this.run && snapped === this.entryOffset && this.entryTempId) {
          // The stop-on-entry breakpoint already sits there: adopt it (one V8 breakpoint per offset).
          this.bps.set(snapped, this.entryTempId);
          this.bpById.set(this.entryTempId, snapped);
          this.entryTempId = null;
        }
      }
      out.push(snapped);
    }
    return out;
  }

  /** A breakpoint decided here (protocol 1.1): the program is checked first, like the firmware. */
  async setCondBreakpoint(m: Body_<'bpSetCond'>): Promise<number> {
    const entry = parseCondRequest(m);
    const [r] = await this.setBreakpoints([m.offset]);
    if (r === BP_REFUSED) return r;
    this.conds.set(r, entry);
    const id = this.bps.get(r) ?? null;
    if (id && this.run && !this.run.hasExited) {
      // Armed plain a moment ago: again, with the condition as V8's filter.
      this.bpById.delete(id);
      await this.run.removeBreakpoint(id);
      await this.armBreakpoint(this.run, r);
    }
    return r;
  }

  async clearBreakpoints(offsets: number[]): Promise<void> {
    const list = offsets.length === 0 ? [...this.bps.keys()] : offsets;
    for (const off of list) {
      this.conds.delete(off);
      if (!this.bps.has(off)) continue;
      const id = this.bps.get(off) ?? null;
      this.bps.delete(off);
      if (id) {
        this.bpById.delete(id);
        if (this.run) await this.run.removeBreakpoint(id);
      }
    }
  }

  // ---- inspection ---------------------------------------------------------------------------

  private async snapshot(frame: number): Promise<FrameSnapshot> {
    const p = this.requirePausedOrStopping();
    const f = p.frames[frame];
    if (!f) throw new DeviceError(ErrorCode.outOfBounds, `no frame ${frame} (depth ${p.frames.length})`);
    let s = this.snapshots.get(frame);
    if (!s) {
      s = parseSnapshot(await this.run!.evaluateOnFrame(f.callFrameId, SNAPSHOT_EXPRESSION));
      this.snapshots.set(frame, s);
    }
    return s;
  }

  /** Locals of the top frame, for the stopped event (the lighter expression). */
  private async topLocals(): Promise<Value[]> {
    const cached = this.snapshots.get(0);
    if (cached) return cached.locals;
    const p = this.requirePausedOrStopping();
    return parseSnapshot(await this.run!.evaluateOnFrame(p.frames[0].callFrameId, LOCALS_EXPRESSION)).locals;
  }

  private requirePausedOrStopping(): Pause {
    if (!this.pause || !this.run) throw new DeviceError(ErrorCode.invalidState, `the module is ${this.state}, not paused`);
    return this.pause;
  }

  frames(start: number, count: number, budget: number): { total: number; frames: { func: number; pc: number }[] } {
    const p = this.requirePaused();
    const max = Math.min(count === 0 ? Infinity : count, Math.floor(budget / 8));
    const frames = p.frames.slice(start, start + max).map((f) => ({ func: f.func, pc: f.pc }));
    return { total: p.frames.length, frames };
  }

  async values(scope: number, frame: number, start: number, budget: number): Promise<{ total: number; values: Value[] }> {
    this.requirePaused();
    if (scope > 2) throw new DeviceError(ErrorCode.malformed, `unknown scope ${scope}`);
    const s = await this.snapshot(scope === 2 ? 0 : frame);
    let all = scope === 0 ? s.locals : scope === 1 ? s.stack : s.globals;
    if (scope === 1 && frame === 0 && this.trapped && this.mod && this.pause) {
      // V8 shows the stack after the trapping instruction popped its operands: put them back.
      const ops = trapOperands(this.mod.info, this.mod.bytes, this.pause.frames[0].pc, s.locals, s.globals);
      if (ops) all = [...all, ...ops];
    }
    return { total: all.length, values: fitValues(all, start, budget) };
  }

  /** Assigns an exported-or-mutable global (V8 cannot assign locals or stack slots). */
  async setGlobal(index: number, value: Value): Promise<void> {
    if (!this.run || this.state === 'idle' || !this.mod) throw new DeviceError(ErrorCode.invalidState, 'no module is running');
    const g = this.mod.info.globals[index];
    if (!g) throw new DeviceError(ErrorCode.outOfBounds, `no global ${index}`);
    if (!g.mutable) throw new DeviceError(ErrorCode.unsupported, `global ${index} is immutable`);
    if (g.type !== value.type) throw new DeviceError(ErrorCode.malformed, `global ${index} is ${g.type}, not ${value.type}`);
    if (!(await this.run.whenInstantiated(this.state === 'paused' ? 0 : 2000))) {
      throw new DeviceError(ErrorCode.invalidState, 'the module is not instantiated yet (still in its start function)');
    }
    const name = this.mod.copy.globalExports.get(index)!;
    const err = await this.run.evaluate<string>(`__nrfSim.setGlobal(${JSON.stringify(name)}, ${JSON.stringify(g.type)}, ${JSON.stringify(valueText(value))})`);
    if (err) throw new DeviceError(ErrorCode.internal, err);
    this.snapshots.clear();
  }

  async memRead(address: number, length: number): Promise<{ memorySize: number; data: Uint8Array }> {
    const a = address >>> 0;
    const n = length >>> 0;
    const json = await this.memoryAccess(
      `JSON.stringify(__nrfSim.readMemory(${a}, ${n}))`,
      `(() => { const m = memories[0]; if (!m) return '[0,null]'; const b = m.buffer;
        return JSON.stringify(${a} > b.byteLength ? [b.byteLength, null] : [b.byteLength, Buffer.from(b, ${a}, Math.min(${n}, b.byteLength - ${a})).toString('base64')]); })()`,
    );
    const [size, b64] = JSON.parse(json ?? '[0,null]') as [number, string | null];
    if (b64 === null) throw new DeviceError(ErrorCode.outOfBounds, `address 0x${a.toString(16)} is past the end of memory (${size} bytes)`);
    return { memorySize: size, data: new Uint8Array(Buffer.from(b64, 'base64')) };
  }

  async memWrite(address: number, data: Uint8Array): Promise<void> {
    const a = address >>> 0;
    const b64 = JSON.stringify(Buffer.from(data).toString('base64'));
    const ok = await this.memoryAccess(
      `String(__nrfSim.write(${a}, ${b64}))`,
      `(() => { const m = memories[0]; const d = Buffer.from(${b64}, 'base64');
        if (!m || ${a} + d.length > m.buffer.byteLength) return 'false'; new Uint8Array(m.buffer, ${a}, d.length).set(d); return 'true'; })()`,
    );
    if (ok !== 'true') throw new DeviceError(ErrorCode.outOfBounds, `${data.length} bytes at 0x${a.toString(16)} do not fit in linear memory`);
    this.snapshots.clear();
  }

  /**
   * Paused: through the top wasm frame (V8 binds `memories`; works before the instance exists,
   * e.g. stopped in the start function). Running: through the CPU's helpers once instantiated.
   */
  private async memoryAccess(running: string, paused: string): Promise<string | null> {
    const run = this.requireInstance();
    if (this.state === 'paused' && this.pause && this.pause.frames.length > 0) {
      return run.evaluateOnFrame(this.pause.frames[0].callFrameId, paused);
    }
    if (!(await run.whenInstantiated(2000))) throw new DeviceError(ErrorCode.invalidState, 'the module is not instantiated yet');
    return run.evaluate<string>(running).catch(() => null);
  }

  private requireInstance(): CpuRun {
    if (!this.run || this.state === 'idle') throw new DeviceError(ErrorCode.invalidState, 'no module is running');
    return this.run;
  }
}
