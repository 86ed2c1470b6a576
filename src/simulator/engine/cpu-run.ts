/**
 * One run of a module on the CPU worker, driven through V8's inspector: start (compile, set
 * breakpoints before the first instruction, go), halts (pauses and the exit) in order, stepping
 * primitives, breakpoints, evaluation, termination.
 */
import { type MessagePort, type Worker, receiveMessageOnPort } from 'node:worker_threads';
import { CTL, CTL_WORDS, type CpuData, type CpuMessage } from './control';
import { type DebugCopy, fromRun, toRun } from '../wasm/debug-exports';
import { bodyAt, type ModuleInfo } from '../wasm/module-info';
import type { WorkerInspector, WorkerTarget } from './worker-inspector';
import type { CpuPool } from './cpu-pool';
import { trace as traceLine, tracing } from '../trace';

export interface WasmFrame {
  callFrameId: string;
  /** Function index (imports first). */
  func: number;
  /** Module byte offset (of the original module). */
  pc: number;
}

export interface Pause {
  /** V8's reason: 'other' (breakpoint, step, pause), 'exception', ... */
  reason: string;
  hitBreakpointIds: string[];
  exception?: { className: string; description: string };
  /** Wasm frames, innermost first. */
  frames: WasmFrame[];
  /** The thread is inside a native (JavaScript) function called from frames[0]. */
  inHost: boolean;
}

export type ExitInfo = Extract<CpuMessage, { t: 'exit' }>;
export type Halt = { kind: 'paused'; pause: Pause } | { kind: 'exited'; exit: ExitInfo };
export type V8Step = 'run' | 'into' | 'over' | 'out';

export interface CpuRunOptions {
  inspector: WorkerInspector;
  /** Where CPU threads come from. */
  pool: CpuPool;
  info: ModuleInfo;
  copy: DebugCopy;
  entry: string;
  entryParams: string[];
  ctl: SharedArrayBuffer;
  bootEpochMs: number;
  /** Enable V8's debugger before the module runs (else see enableDebugger()). */
  debug: boolean;
  /** Called for each log/led message, in order, before any later halt. */
  onOutput: (m: Extract<CpuMessage, { t: 'log' | 'led' }>) => void;
  /** Called (after start) before the gate opens: set breakpoints here. */
  beforeGo?: (run: CpuRun) => Promise<void>;
}

export class CpuRun {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private target!: WorkerTarget;
  private scriptId: string | null = null;
  private scriptWaiter: (() => void) | null = null;
  private readonly halts: Halt[] = [];
  private haltWaiter: ((h: Halt) => void) | null = null;
  private readonly ctl: Int32Array;
  /** The bytes the CPU compiles (the debug copy). */
  private readonly bytes: Uint8Array;
  private readonly data: CpuData;
  private readonly booted: Promise<boolean>;
  private exited = false;
  private readyWaiters: (() => void)[] = [];
  /** The instance exists (after the start function): helpers for memory and globals work. */
  instantiated = false;
  debuggerEnabled = false;
  paused = false;

  private constructor(private readonly o: CpuRunOptions) {
    this.ctl = new Int32Array(o.ctl);
    const t = o.pool.take();
    this.worker = t.worker;
    this.port = t.port;
    this.booted = t.booted;
    this.bytes = o.copy.bytes;
    const data: CpuData = {
      bytes: this.bytes, entry: o.entry, entryParams: o.entryParams,
      memoryExport: o.copy.memoryExport, ctl: o.ctl, bootEpochMs: o.bootEpochMs, from: o.copy.from, delta: o.copy.delta,
    };
    this.data = data;
    this.port.on('message', (m: CpuMessage) => this.onMessage(m));
    this.worker.on('error', (e) => this.finish({ t: 'exit', reason: 'trap', code: 0, message: `simulator CPU failed: ${e.message}` }));
    this.worker.on('exit', () => {
      this.target?.close();
      this.compiledWaiter?.(false);
      this.compiledWaiter = null;
      this.scriptWaiter?.();
      this.drain();
      this.finish({ t: 'exit', reason: 'stopped', code: 0, message: 'CPU thread ended' });
    });
  }

  static async start(o: CpuRunOptions): Promise<CpuRun> {
    Atomics.store(new Int32Array(o.ctl), CTL.gate, 0);
    Atomics.store(new Int32Array(o.ctl), CTL.halt, 0);
    // Outputs an ended thread posted and nobody read (its port closed) must not count against this
    // run: the count would creep up over restarts until every log blocks (PENDING_MAX).
    Atomics.store(new Int32Array(o.ctl), CTL.pending, 0);
    await o.inspector.whenReady();
    const run = new CpuRun(o);
    const compiled = new Promise<boolean>((resolve) => {
      run.compiledWaiter = resolve;
    });
    const trace = (m: string) => tracing && traceLine(`[cpu ${run.worker.threadId}] ${m}`);
    try {
      // The thread tells the inspector who it is once it has loaded its code (see attached()).
      await run.booted;
      run.target = await o.inspector.attached(run.worker.threadId);
      trace(`attached as session ${run.target.sessionId}`);
      run.target.on('Debugger.scriptParsed', (p: { scriptId: string; scriptLanguage?: string; length?: number }) => {
        if (p.scriptLanguage === 'WebAssembly' && p.length === run.bytes.length && !run.scriptId) {
          run.scriptId = p.scriptId;
          run.scriptWaiter?.();
        }
      });
      run.target.on('Debugger.paused', (p: any) => run.onPaused(p)); // eslint-disable-line @typescript-eslint/no-explicit-any
      run.target.on('Debugger.resumed', () => {
        run.paused = false;
        for (const f of run.resumedWaiters.splice(0)) f();
      });
      // The debugger goes on while the thread is idle, before it compiles: the module's
      // scriptParsed then comes live rather than from Debugger.enable's replay.
      if (o.debug) await run.enableDebugger(false);
      run.port.postMessage(run.data);
      if (!(await compiled)) return run; // compile failed: the exit halt is queued
      if (o.debug) await run.waitForScript();
      await o.beforeGo?.(run);
      trace('breakpoints set, go');
    } catch (e) {
      await run.terminate();
      throw e;
    }
    Atomics.store(run.ctl, CTL.gate, 1);
    Atomics.notify(run.ctl, CTL.gate);
    return run;
  }

  private compiledWaiter: ((ok: boolean) => void) | null = null;

  /** Turns V8's debugger on (wasm then runs as debuggable code). Idempotent. */
  async enableDebugger(waitForScript = true): Promise<void> {
    if (!this.debuggerEnabled) {
      this.debuggerEnabled = true;
      await this.target.post('Debugger.enable', { maxScriptsCacheSize: 0 });
      await this.target.post('Debugger.setPauseOnExceptions', { state: 'all' });
    }
    if (waitForScript) await this.waitForScript();
  }

  private async waitForScript(): Promise<void> {
    // Defensive: if the module was not announced, Debugger.disable + enable replays every script.
    for (const ms of [1500, 5000]) {
      if (this.scriptId || this.exited) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        this.scriptWaiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      if (this.scriptId || this.exited) return;
      await this.target.post('Debugger.disable');
      await this.target.post('Debugger.enable', { maxScriptsCacheSize: 0 });
      await this.target.post('Debugger.setPauseOnExceptions', { state: 'all' });
    }
    if (!this.scriptId) throw new Error('the module did not appear in the debugger');
  }

  /** Resolves once the instance exists (false if the module ended first or `ms` passed). */
  whenInstantiated(ms: number): Promise<boolean> {
    if (this.instantiated || this.exited) return Promise.resolve(this.instantiated);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(this.instantiated), ms);
      this.readyWaiters.push(() => {
        clearTimeout(t);
        resolve(this.instantiated);
      });
    });
  }

  private onMessage(m: CpuMessage): void {
    switch (m.t) {
      case 'booted':
        return;
      case 'compiled':
        this.compiledWaiter?.(true);
        this.compiledWaiter = null;
        return;
      case 'exit':
        this.compiledWaiter?.(false);
        this.compiledWaiter = null;
        this.finish(m);
        this.wakeReady();
        // The module is over; the thread waits for us to end it (see cpu.ts).
        void this.end();
        return;
      case 'instantiated':
        this.instantiated = true;
        this.wakeReady();
        return;
      default:
        Atomics.sub(this.ctl, CTL.pending, 1);
        Atomics.notify(this.ctl, CTL.pending);
        this.o.onOutput(m);
    }
  }

  private wakeReady(): void {
    const w = this.readyWaiters;
    this.readyWaiters = [];
    for (const f of w) f();
  }

  /** Delivers output the CPU posted before now (called before reporting a halt). */
  drain(): void {
    for (;;) {
      const r = receiveMessageOnPort(this.port);
      if (!r) return;
      this.onMessage(r.message as CpuMessage);
    }
  }

  private finish(exit: ExitInfo): void {
    if (this.exited) return;
    this.exited = true;
    for (const f of this.resumedWaiters.splice(0)) f();
    this.paused = false;
    this.push({ kind: 'exited', exit });
  }

  private push(h: Halt): void {
    const w = this.haltWaiter;
    if (tracing) traceLine(`[cpu ${this.worker.threadId}] halt ${h.kind} queued (${w ? 'a drive waits' : `${this.halts.length} before it`})`);
    if (w) {
      this.haltWaiter = null;
      w(h);
    } else this.halts.push(h);
  }

  /** The next pause or the exit, in the order they happened. */
  next(): Promise<Halt> {
    const h = this.halts.shift();
    if (h) return Promise.resolve(h);
    return new Promise((resolve) => {
      this.haltWaiter = resolve;
    });
  }

  get hasExited(): boolean {
    return this.exited;
  }

  private onPaused(p: {
    reason: string;
    hitBreakpoints?: string[];
    data?: { className?: string; description?: string; subtype?: string };
    callFrames: { callFrameId: string; location: { scriptId: string; columnNumber?: number } }[];
  }): void {
    if (tracing) traceLine(`[cpu ${this.worker.threadId}] V8 paused ${p.reason}`);
    for (const f of this.resumedWaiters.splice(0)) f();
    this.paused = true;
    this.pauseSent = false;
    this.drain();
    const frames: WasmFrame[] = [];
    for (const f of p.callFrames) {
      if (f.location.scriptId !== this.scriptId) continue;
      const pc = fromRun(this.o.copy, f.location.columnNumber ?? 0);
      frames.push({ callFrameId: f.callFrameId, pc, func: bodyAt(this.o.info, pc)?.index ?? 0 });
    }
    // A promise rejected by the thread's own JS (tsx loading code with a cold cache, caught there)
    // is not the module's: pause-on-exceptions stopped on it before the run began. Go on.
    if (p.reason === 'promiseRejection' && frames.length === 0) {
      this.paused = false;
      this.target.post('Debugger.resume').catch(() => {});
      return;
    }
    const inHost = p.callFrames.length > 0 && p.callFrames[0].location.scriptId !== this.scriptId;
    const exception = p.reason === 'exception' || p.reason === 'promiseRejection'
      ? { className: p.data?.className ?? '', description: p.data?.description ?? '' }
      : undefined;
    this.push({ kind: 'paused', pause: { reason: p.reason, hitBreakpointIds: p.hitBreakpoints ?? [], exception, frames, inHost } });
  }

  /**
   * Resumes a paused CPU: run freely or take one V8 step. Does not wait for V8's answer: the
   * next halt says what happened (a step costs one round trip, not two).
   */
  resume(how: V8Step): void {
    const method = { run: 'Debugger.resume', into: 'Debugger.stepInto', over: 'Debugger.stepOver', out: 'Debugger.stepOut' }[how];
    this.paused = false;
    // A Debugger.pause that reached V8 while it was paused was dropped: it no longer counts.
    this.pauseSent = false;
    if (tracing) traceLine(`[cpu ${this.worker.threadId}] ${method}`);
    // V8 answers before its pause loop has ended, and drops a Debugger.pause that arrives in
    // between ("already paused"); Debugger.resumed comes once the loop is left (see requestPause).
    this.leaving = new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 2000);
      t.unref();
      this.resumedWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
    this.target.post(method).catch(() => {}); // a thread that ended reports its exit instead
  }

  /** Asks V8 to pause (once: a request already on its way is not repeated, see pauseSent). */
  async requestPause(force = false): Promise<void> {
    await this.enableDebugger();
    await this.leaving;
    if (force) this.pauseSent = false;
    if (tracing) traceLine(`[cpu ${this.worker.threadId}] requestPause sent=${this.pauseSent} paused=${this.paused}`);
    if (this.pauseSent || this.paused) return;
    this.pauseSent = true;
    this.pauseSentAt = Date.now();
    await this.target.post('Debugger.pause');
  }
  private leaving: Promise<void> = Promise.resolve();
  private pauseSent = false;
  private resumedWaiters: (() => void)[] = [];
  /** Time of the last Debugger.pause sent (for the lost-pause watchdog). */
  pauseSentAt = 0;

  /** Sets a V8 breakpoint at an original module offset; returns its id and the offset V8 chose. */
  /** `condition`: a JS expression V8 evaluates on the paused frame; false: V8 does not pause. */
  async setBreakpoint(offset: number, condition?: string): Promise<{ id: string; offset: number } | null> {
    await this.enableDebugger();
    try {
      const r = await this.target.post<{ breakpointId: string; actualLocation: { columnNumber: number } }>('Debugger.setBreakpoint', {
        location: { scriptId: this.scriptId, lineNumber: 0, columnNumber: toRun(this.o.copy, offset) },
        ...(condition ? { condition } : {}),
      });
      return { id: r.breakpointId, offset: fromRun(this.o.copy, r.actualLocation.columnNumber) };
    } catch {
      return null;
    }
  }

  async removeBreakpoint(id: string): Promise<void> {
    await this.target.post('Debugger.removeBreakpoint', { breakpointId: id }).catch(() => {});
  }

  /** Evaluates in a paused wasm frame (`locals`, `stack`, `globals`...); returns the string result. */
  async evaluateOnFrame(callFrameId: string, expression: string): Promise<string> {
    const r = await this.target.post<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>('Debugger.evaluateOnCallFrame', {
      callFrameId, expression, returnByValue: true, silent: true,
    });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
    return String(r.result.value);
  }

  /** Evaluates in the CPU's global scope (works while running, sleeping or paused). */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.target.post<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>('Runtime.evaluate', {
      expression, returnByValue: true, silent: true,
    });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.text);
    return r.result.value as T;
  }

  /** Stops the CPU wherever it is (running, sleeping, paused) and waits for the thread to end. */
  async terminate(): Promise<void> {
    Atomics.store(this.ctl, CTL.halt, 1);
    Atomics.store(this.ctl, CTL.gate, 2);
    Atomics.notify(this.ctl, CTL.gate);
    Atomics.add(this.ctl, CTL.wake, 1);
    Atomics.notify(this.ctl, CTL.wake);
    await this.end();
    this.finish({ t: 'exit', reason: 'stopped', code: 0 });
  }

  /**
   * Ends the thread. A thread paused in the debugger only ends once resumed, and no inspector
   * message may reach it once it is being terminated (Node aborts: see WorkerTarget.closed): so
   * first `Debugger.disable` (resumes it and keeps it from pausing on the unwinding halt), then
   * close the target, then terminate.
   */
  private end(): Promise<void> {
    this.ending ??= (async () => {
      const t = this.target;
      if (t && this.debuggerEnabled && !t.closed && !t.detached) {
        await Promise.race([t.post('Debugger.disable').catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
      }
      t?.close();
      await this.worker.terminate();
      this.port.close();
    })();
    return this.ending;
  }
  private ending: Promise<void> | null = null;
}

export { CTL_WORDS };

