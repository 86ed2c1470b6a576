/**
 * The debug adapter: DAP requests from the editor become device protocol requests, device events
 * become DAP events. One thread (the module). Stepping, breakpoints and stops happen on the device;
 * conditions, hit counts and logpoints are decided here at a breakpoint stop.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  Breakpoint, BreakpointEvent, ContinuedEvent, Event, ExitedEvent, Handles, InitializedEvent, InvalidatedEvent, Logger, LoggingDebugSession,
  OutputEvent, ProgressEndEvent, ProgressStartEvent, ProgressUpdateEvent, Scope as DapScope, Source, StackFrame, StoppedEvent,
  TerminatedEvent, Thread, logger,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DeviceClient, DeviceError, type DeviceInfo } from '../device';
import {
  Access, Capability, DeviceState, ErrorCode, ExitReason, Option, OutputLevel, OutputSource, ResetCause, RunFlag, Scope, StepKind,
  StopReason, type EventMessage, type Range, type Value,
} from '../protocol';
import { BreakpointManager, type Bp } from './breakpoint-manager';
import { breakpointLocations } from './breakpoints';
import { deploy, stopRunningModule } from './deploy';
import { disassemble, hexAddress, parseAddress } from './disassembly';
import { DWARF_ENGINE_MISSING_EVENT, type DwarfEngineMissing, LAUNCH_FAILED_EVENT, REPORTS_LAUNCH_FAILURES, RESET_REQUEST } from './custom-requests';
import { AdapterError } from './errors';
import { launchFailure } from './launch-failure';
import { evaluateExpression, ExpressionError, isSimpleHoverTarget } from './evaluate';
import { readMemory, StoppedState, writeMemory, type ScopeId, type StopEvent } from './inspection';
import { prefetchStop } from './stop-prefetch';
import type { AttachArguments, LaunchArguments } from './launch-config';
import { loadProgram } from './program/from-wat';
import { ProgramIndex } from './program/index';
import { STEP_RANGES_MAX, inRanges, lineRanges, rangesToSend } from './stepping';
import type { Instr, ProgramImage } from './program/image';
import { bleNotAuthorizedMessage } from '../transport/ble';
import { openTarget, type Target } from './target';
import { traceLink } from './trace-link';
import { formatValue, parseValue } from './values';
import { globalVariables, localVariables, memoryVariable, operandVariables } from './variables';
import { runBuild } from './build-command';
import { childExpression, unavailableText, variableRow } from './dwarf/dap';
import { SourceConditions } from './dwarf/conditions';
import { DwarfEngine, ENGINE_EXTENSION, findEngine } from './dwarf/engine';
import { DwarfStop, splitFrameId, type SourceFrame } from './dwarf/stop';
import { addDwarfLines, urlToPath } from './program/from-dwarf';

const THREAD_ID = 1;

function progressUpdate(message: string, percentage: number): DebugProtocol.ProgressUpdateEvent {
  const e = new ProgressUpdateEvent(DEPLOY_PROGRESS, message) as DebugProtocol.ProgressUpdateEvent;
  e.body.percentage = percentage;
  return e;
}
const TRAP_FILTER = 'trap';
const DEPLOY_PROGRESS = 'nrf-wasm-deploy';
/** How long a dropped link is retried before the session ends. */
const RECONNECT_MS = 10000;

type VarRef =
  | { scope: ScopeId | 'memory'; frame: number }
  /** Source-level (DWARF) variables: a scope's, or the children of an expression. */
  | { scope: 'dwarf'; frame: number; which: 'locals' | 'globals' }
  | { scope: 'dwarf-expr'; frame: number; expr: string };

/** The DWARF engine is shared by the sessions of this process: loading it costs ~0.7 s. */
let sharedEngine: { dir: string; engine: Promise<DwarfEngine> } | undefined;

export class NrfWasmSession extends LoggingDebugSession {
  private index?: ProgramIndex;
  private breakpoints?: BreakpointManager;
  private target?: Target;
  private client?: DeviceClient;
  private args?: AttachArguments & Partial<LaunchArguments>;
  private mode: 'launch' | 'attach' = 'launch';
  private stopped?: StoppedState;
  private varRefs = new Handles<VarRef>();
  private stopOnTrap = true;
  /** A line step whose line has more ranges than one request carries (see rangesToSend). */
  private lineStep?: { kind: number; ranges: Range[]; depth: number };
  private lastTrap?: { message: string; func: number; pc: number };
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((r) => (this.configured = r));
  private progress = false;
  private deployAbort?: AbortController;
  private closing = false;
  private ended = false;
  /** Device events are handled one at a time, in order (a stop may need requests). */
  private eventChain: Promise<void> = Promise.resolve();
  private readonly dataWatches = new Map<string, number>();
  private dataRequested: DebugProtocol.DataBreakpoint[] = [];
  /** Set once our module runs: before that, an `exited` is the previous module's (a board runs its module at boot). */
  private started = false;
  /** Set when the program's lines come from DWARF. */
  private engine?: DwarfEngine;
  private dwarfStop?: DwarfStop;
  /** Between `initialized` and configurationDone on a pipelining device: the set-up waits for `run` (afterConnect). */
  private deferSetup = false;

  constructor() {
    super();
    // Our program model is 0-based; the base class converts to the client's convention.
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
  }

  // ---- set-up -------------------------------------------------------------------------------

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.progress = args.supportsProgressReporting === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsBreakpointLocationsRequest: true,
      supportsInstructionBreakpoints: true,
      supportsSteppingGranularity: true,
      supportsDisassembleRequest: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsSetVariable: true,
      supportsEvaluateForHovers: true,
      supportsExceptionInfoRequest: true,
      supportsValueFormattingOptions: true,
      supportsTerminateRequest: true,
      supportTerminateDebuggee: true,
      supportsDataBreakpoints: true,
      supportsDataBreakpointBytes: true,
      supportsCancelRequest: true,
      supportsDelayedStackTraceLoading: true,
      exceptionBreakpointFilters: [
        { filter: TRAP_FILTER, label: 'Traps', description: 'Stop where the module traps (unreachable, division by zero, out-of-bounds memory…)', default: true },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    await this.begin(response, args, 'launch');
  }

  protected override async attachRequest(response: DebugProtocol.AttachResponse, args: AttachArguments): Promise<void> {
    await this.begin(response, args, 'attach');
  }

  private async begin(response: DebugProtocol.Response, args: AttachArguments & Partial<LaunchArguments>, mode: 'launch' | 'attach'): Promise<void> {
    this.mode = mode;
    this.args = args;
    logger.setup(args.trace ? Logger.LogLevel.Verbose : Logger.LogLevel.Stop, false);
    try {
      if (mode === 'launch' && args.build) await runBuild(args.build, args.program, (l) => this.console(l, 'console'));
      const built = loadProgram(args.program);
      for (const w of built.warnings) this.console(w, 'console');
      if (built.dwarf) await this.loadDwarf(built.image, built.dwarf, args.dwarfEngine);
      this.index = new ProgramIndex(built.image);
      this.breakpoints = new BreakpointManager(this.index, undefined, (l) => this.console(l, 'console'));
      if (this.engine && built.image.dwarf) this.breakpoints.source = new SourceConditions(this.engine, built.image.dwarf);
      this.target = await openTarget(args, (l) => logger.verbose(l));
      const info = await this.connect();
      if (mode === 'launch') {
        if (args.deploy !== false) {
          await stopRunningModule(this.client!);
          this.deployAbort = new AbortController();
          await deploy(this.client!, built.image, this.deployReporter(), this.deployAbort.signal, (e) => this.userText(e));
          this.deployAbort = undefined;
        } else {
          this.checkSameModule(info);
          await stopRunningModule(this.client!);
        }
      } else {
        this.checkSameModule(info);
      }
      // A device that takes pipelined requests gets the session's set-up (options, breakpoints)
      // and `run` together after configurationDone: one round trip after `hello`. Meanwhile
      // breakpoints are verified by the program's own map (launch-setup.ts).
      this.deferSetup = this.client!.has(Capability.pipelining);
      if (!this.deferSetup) await this.afterConnect();
      this.sendEvent(new InitializedEvent());
      await this.configurationDone;
      if (this.ended) return;
      const state = this.client!.info?.state;
      this.started = true;
      const run = mode === 'launch' || state === DeviceState.idle ? { flags: args.stopOnEntry ? RunFlag.stopOnEntry : 0, entry: args.entry ?? '' } : undefined;
      if (run && mode === 'attach') this.console(`The module is not running on ${this.target.label}: starting it.`, 'console');
      // What the run causes (a stop, the end) is told after the launch's answer, as a client expects.
      const answered = this.holdEvents();
      try {
        if (this.deferSetup) {
          this.deferSetup = false;
          await this.afterConnect(run);
        } else if (run) await this.client!.request('run', run);
        if (!run && state === DeviceState.paused) {
          await this.reportPausedState('Attached to a paused module');
        }
        this.sendResponse(response);
      } finally {
        answered();
      }
    } catch (e) {
      this.fail(response, e, (args as Record<string, unknown>)[REPORTS_LAUNCH_FAILURES] === true);
      await this.release();
    }
  }

  /** Lines, frames and variables of a .wasm with DWARF; without the engine, disassembly only. */
  private async loadDwarf(image: ProgramImage, dwarf: { codeStart: number; bytes: Uint8Array }, explicit?: string): Promise<void> {
    const dir = findEngine(explicit);
    if (!dir) {
      this.console(`${path.basename(image.path)} has C/C++/Rust debug info (DWARF), but the DWARF engine is not installed: debugging it in the Disassembly view. Install the "WebAssembly DWARF Debugging" extension (${ENGINE_EXTENSION}) to debug its source.`, 'console');
      this.sendEvent(new Event(DWARF_ENGINE_MISSING_EVENT, { program: image.path, extension: ENGINE_EXTENSION } satisfies DwarfEngineMissing));
      return;
    }
    try {
      if (!sharedEngine || sharedEngine.dir !== dir) sharedEngine = { dir, engine: DwarfEngine.start(dir) };
      this.engine = await sharedEngine.engine;
      const t = Date.now();
      const { sources, missing } = await addDwarfLines(image, this.engine, dwarf.codeStart, dwarf.bytes);
      logger.verbose(`DWARF: ${sources.length} source files, ${image.instrs.length} instructions mapped in ${Date.now() - t} ms`);
      const own = sources.filter((f) => !missing.includes(f) && path.isAbsolute(f));
      this.console(`Source debugging ${path.basename(image.path)} from its DWARF info: ${own.map((f) => path.basename(f)).join(', ') || 'no source file found on this machine'}.`, 'console');
    } catch (e) {
      sharedEngine = undefined;
      throw new AdapterError('dwarfFailed', { path: image.path, message: (e as Error).message });
    }
  }

  private checkSameModule(info: DeviceInfo): void {
    const img = this.index!.image;
    if (!info.moduleSha256) throw new AdapterError('noModuleOnDevice', { path: img.path });
    if (info.moduleSha256 !== img.sha256) {
      throw new AdapterError('moduleMismatch', { device: info.moduleSha256.slice(0, 12) + '…', path: path.basename(img.path), program: img.sha256.slice(0, 12) + '…' });
    }
  }

  /** Opens a link and greets the device; every failure becomes a sentence for the user. */
  private async connect(): Promise<DeviceInfo> {
    const t = this.target!;
    let client: DeviceClient | undefined;
    try {
      let link = await t.transport.connect();
      if (this.args?.trace) link = traceLink(link, (l) => this.console(l, 'console'));
      client = new DeviceClient(link);
      const info = await client.hello();
      this.client = client;
      client.onEvent((e) => (this.eventChain = this.eventChain.then(() => this.onDeviceEvent(e)).catch((err: Error) => this.console(`internal error: ${err.stack ?? err.message}`, 'stderr'))));
      client.onClose((err) => void this.onLinkClosed(client!, err));
      client.onBadFrame((err) => logger.verbose(`bad frame from the device: ${err.message}`));
      this.console(`Connected to ${info.board} (${info.runtime} ${info.runtimeVersion}, firmware ${info.firmwareVersion}) over ${client.label}.`, 'console');
      return info;
    } catch (e) {
      await client?.close().catch(() => undefined);
      if (e instanceof DeviceError && e.code === ErrorCode.unsupportedVersion) throw new AdapterError('protocolVersion', { message: e.message });
      if (e instanceof AdapterError) throw e;
      throw new AdapterError('noDevice', { message: `Cannot reach the device (${t.label}): ${(e as Error).message}` });
    }
  }

  /**
   * Session state the device keeps per connection: options and breakpoints, then `run` if given.
   * On a device that takes pipelined requests (protocol 1.2) every request goes out before any
   * answer is awaited (the device answers in order): one round trip for all of it. Breakpoints
   * the device placed otherwise than the program's map said are reported changed.
   */
  private async afterConnect(run?: { flags: number; entry: string }): Promise<void> {
    const client = this.client!;
    const pipelined = client.has(Capability.pipelining);
    // Events that follow `run` (a stop, a logpoint) may arrive with the set-up's answers: they
    // wait until those are taken in (which breakpoints the device decides, where each landed).
    const setupDone = this.holdEvents();
    try {
      await this.setUp(client, pipelined, run);
    } finally {
      setupDone();
    }
  }

  /** Device events wait (in order) until the returned function is called. */
  private holdEvents(): () => void {
    let release!: () => void;
    const barrier = new Promise<void>((r) => (release = r));
    this.eventChain = this.eventChain.then(() => barrier);
    return release;
  }

  private async setUp(client: DeviceClient, pipelined: boolean, run?: { flags: number; entry: string }): Promise<void> {
    const sent: Promise<unknown>[] = [];
    // Pipelined: sent now, awaited all together below; else one at a time.
    const send = (f: () => Promise<unknown>): Promise<unknown> => {
      const p = f();
      if (!pipelined) return p;
      p.catch(() => undefined);
      sent.push(p);
      return Promise.resolve();
    };
    await send(() => client.request('options', { flags: this.stopOnTrap ? Option.stopOnTrap : 0 }));
    // The device may still hold breakpoints from an earlier session (a board keeps them across
    // connections): this session's table starts empty.
    await send(() => client.request('bpClear', { offsets: [] }));
    if (client.has(Capability.dataBreakpoints)) await send(() => client.request('dataBpClear', { watchId: 0xff }));
    const data = this.reapplyDataBreakpoints(client);
    await send(() => data);
    const shown = this.breakpoints!.all().map((b) => ({ bp: b, offset: b.offset }));
    this.breakpoints!.attach({
      set: async (offsets) => (offsets.length ? (await client.request('bpSet', { offsets })).resolved : []),
      clear: async (offsets) => void (offsets.length ? await client.request('bpClear', { offsets }) : undefined),
      setCond: client.has(Capability.deviceConditions)
        ? async (offset, spec) => (await client.request('bpSetCond', { offset, ...spec })).resolved
        : undefined,
      pipelined,
    });
    await send(() => this.breakpoints!.reapply());
    if (run) await send(() => client.request('run', run));
    await Promise.all(sent);
    for (const r of await data) if (r.verified === false) this.console(`Data breakpoint not set: ${r.message}`, 'stderr');
    for (const { bp, offset } of shown) if (bp.offset !== offset) this.sendEvent(new BreakpointEvent('changed', this.toDap(bp)));
  }

  private deployReporter() {
    return {
      start: (title: string) => this.progress && this.sendEvent(new ProgressStartEvent(DEPLOY_PROGRESS, title)),
      update: (percent: number, message: string) => this.progress && this.sendEvent(progressUpdate(message, percent)),
      end: (message: string) => this.progress && this.sendEvent(new ProgressEndEvent(DEPLOY_PROGRESS, message)),
      log: (line: string) => this.console(line, 'console'),
    };
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured();
    this.sendResponse(response);
  }

  protected override cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    if (args.progressId === DEPLOY_PROGRESS) this.deployAbort?.abort();
    this.sendResponse(response);
  }

  // ---- device events ----------------------------------------------------------------------

  private async onDeviceEvent(e: EventMessage): Promise<void> {
    if (!this.started && (e.name === 'exited' || e.name === 'stopped' || e.name === 'trap')) return;
    switch (e.name) {
      case 'stopped':
        return this.onStopped(e);
      case 'output': {
        const category = e.source === OutputSource.app ? (e.level === OutputLevel.error ? 'stderr' : 'stdout') : e.level <= OutputLevel.warning ? 'stderr' : 'console';
        this.console(e.source === OutputSource.app ? e.text : `[device] ${e.text}`, category);
        return;
      }
      case 'trap':
        this.lastTrap = { message: e.message, func: e.func, pc: e.pc };
        this.console(`Trap in ${this.index!.funcName(e.func)}${this.where(e.pc)}: ${e.message}`, 'stderr');
        return;
      case 'exited': {
        this.setStopped(undefined);
        // Only a module that ended by itself has an exit code; a trap or our `stop` has none.
        if (e.reason === ExitReason.trap) this.console(`The module ended with a trap${this.lastTrap ? ` (${this.lastTrap.message})` : ''}.`, 'stderr');
        else if (e.reason === ExitReason.stopped) this.console('The module was stopped by the debugger.', 'console');
        else {
          this.console(`The module exited with code ${e.code}.`, 'console');
          this.sendEvent(new ExitedEvent(e.code));
        }
        this.end();
        return;
      }
      case 'deviceReset':
        return this.onDeviceReset(e.cause);
      case 'led':
        this.sendEvent(new Event('nrfWasm.led', { led: e.led, on: e.on !== 0 }));
        return;
      case 'logHit':
        for (const l of this.breakpoints?.onLogHit(e.offset, e.values) ?? []) this.console(l, 'stdout');
        return;
      case 'linkError':
        this.console(`The device dropped a damaged frame (${e.count} so far): the link is noisy. Check the cable and the baud rate.`, 'stderr');
        return;
    }
  }

  /** A new stop replaces the previous one's state (and its cached memory). */
  private setStopped(s: StoppedState | undefined): void {
    this.dwarfStop?.dispose();
    this.dwarfStop = s && this.engine && this.client ? new DwarfStop(this.engine, this.index!, s, this.client) : undefined;
    this.stopped = s;
  }

  /**
   * After a write (setVariable, writeMemory) the source-level view is read again: its variables
   * and memory were cached for the stop. The wasm-level caches are kept: a memory write changes
   * no local or global, and setValue updated its own entry.
   */
  private refreshDwarfStop(): void {
    if (this.dwarfStop && this.stopped) this.setStopped(this.stopped);
  }

  private async onStopped(e: StopEvent): Promise<void> {
    const line = this.lineStep;
    this.lineStep = undefined;
    if (line && e.reason === StopReason.step && e.depth === line.depth && inRanges(line.ranges, e.pc)) {
      // Still on the line, in a range the step request had no room for: step on.
      this.lineStep = line;
      await this.client!.request('step', { kind: line.kind, ranges: rangesToSend(line.ranges, e.pc) });
      return;
    }
    const s = new StoppedState(this.client!, this.index!, e);
    this.setStopped(s);
    this.varRefs.reset();
    let reason = 'pause';
    let hitIds: number[] | undefined;
    let text: string | undefined;
    switch (e.reason) {
      case StopReason.breakpoint: {
        const ds = this.dwarfStop;
        const d = await this.breakpoints!.onHit(e.pc, s.evalContext(0), e.flags, ds && (async (expr) => (await ds.evaluate(0, expr)).object));
        for (const l of d.logs) this.console(l, 'console');
        if (!d.stop) {
          this.setStopped(undefined);
          await this.client!.request('continue', {});
          return;
        }
        reason = 'breakpoint';
        hitIds = d.hitIds;
        break;
      }
      case StopReason.entry: reason = 'entry'; break;
      case StopReason.step: reason = 'step'; break;
      case StopReason.pause: reason = 'pause'; break;
      case StopReason.trap:
        reason = 'exception';
        text = this.lastTrap?.message ?? 'trap';
        break;
      case StopReason.dataBreakpoint:
        reason = 'data breakpoint';
        text = `memory at ${hexAddress(e.hit)} accessed`;
        break;
    }
    // Before VS Code asks: its stackTrace, scopes and variables find the answers on their way.
    prefetchStop(s, this.client!, this.index!.image.globals.length);
    const ev = new StoppedEvent(reason, THREAD_ID, text) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    if (hitIds?.length) ev.body.hitBreakpointIds = hitIds;
    if (text) ev.body.description = reason === 'exception' ? `Trap: ${text}` : text;
    this.sendEvent(ev);
  }

  private async onDeviceReset(cause: number): Promise<void> {
    this.setStopped(undefined);
    const causeText = Object.entries(ResetCause).find(([, v]) => v === cause)?.[0] ?? 'unknown';
    this.console(`The device reset (${causeText}): its breakpoints and session state are gone. Reconnecting the session…`, 'stderr');
    try {
      const info = await this.client!.hello();
      if (info.moduleSha256 !== this.index!.image.sha256) throw new Error('after the reset the device holds another module');
      await this.afterConnect();
      if (info.state === DeviceState.idle) {
        await this.client!.request('run', { flags: 0, entry: this.args?.entry ?? '' });
        this.console('The module runs again from the start; breakpoints are set again.', 'console');
      } else this.console('The module restarted at boot; breakpoints are set again.', 'console');
      this.sendEvent(new ContinuedEvent(THREAD_ID, true));
    } catch (e) {
      this.console(`Cannot resume the session after the reset: ${(e as Error).message}. Start debugging again.`, 'stderr');
      this.end();
    }
  }

  private async onLinkClosed(client: DeviceClient, err?: Error): Promise<void> {
    if (this.closing || this.ended || client !== this.client) return;
    // Nothing can be inspected until we are back: the editor must not show a paused thread with
    // an empty stack meanwhile. A device found paused on reconnecting is reported stopped again.
    if (this.stopped) this.sendEvent(new ContinuedEvent(THREAD_ID, true));
    this.setStopped(undefined);
    this.console(`Lost the link to ${this.target!.label}${err ? `: ${err.message.replace(/\.+$/, '')}` : ''}. Reconnecting for ${RECONNECT_MS / 1000} s…`, 'stderr');
    const until = Date.now() + RECONNECT_MS;
    let lastError: Error | undefined;
    while (Date.now() < until && !this.closing) {
      try {
        const info = await this.connect();
        if (info.moduleSha256 !== this.index!.image.sha256) throw new Error('the device now holds another module');
        await this.afterConnect();
        this.console(`Reconnected to ${this.target!.label}; breakpoints set again.`, 'console');
        if (info.state === DeviceState.paused) await this.reportPausedState('Reconnected');
        else if (info.state === DeviceState.running) this.sendEvent(new ContinuedEvent(THREAD_ID, true));
        else {
          this.console('The module ended while the link was down.', 'console');
          this.end();
        }
        return;
      } catch (e) {
        lastError = e as Error;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    this.console(`Could not reconnect: ${lastError?.message.replace(/\.+$/, '') ?? 'the session was closed'}. Check the cable or the radio, then start debugging again.`, 'stderr');
    this.end();
  }

  /** A device found paused (attach, reconnect) has no stop event for us: build one from its frames. */
  private async reportPausedState(why: string): Promise<void> {
    const f = await this.client!.request('frames', { start: 0, count: 1 });
    const top = f.frames[0];
    if (!top) return;
    const e: StopEvent = { name: 'stopped', id: 0, reason: StopReason.pause, flags: 0, hit: 0, depth: f.total, func: top.func, pc: top.pc, locals: [] };
    const s = new StoppedState(this.client!, this.index!, e);
    this.setStopped(s);
    this.varRefs.reset();
    prefetchStop(s, this.client!, this.index!.image.globals.length);
    const ev = new StoppedEvent('pause', THREAD_ID) as DebugProtocol.StoppedEvent;
    ev.body.description = why;
    this.sendEvent(ev);
  }

  // ---- breakpoints ------------------------------------------------------------------------

  /** The index of the client's source among the program's sources, or -1. */
  private sourceIndex(source: DebugProtocol.Source): number {
    if (!this.index || !source.path) return -1;
    return this.index.fileIndex(path.resolve(source.path));
  }

  private toDap(bp: Bp): DebugProtocol.Breakpoint {
    const b = new Breakpoint(bp.offset !== undefined) as DebugProtocol.Breakpoint;
    b.id = bp.id;
    const at = this.breakpoints!.locationOf(bp);
    if (at) {
      b.instructionReference = hexAddress(at.offset);
      if (at.line >= 0) {
        b.line = this.convertDebuggerLineToClient(at.line);
        b.column = this.convertDebuggerColumnToClient(at.column);
        b.source = this.sourceOf(at);
      }
    }
    if (bp.offset === undefined) b.message = bp.reason;
    return b;
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    await this.handle(response, async () => {
      const req = args.breakpoints ?? [];
      const file = this.sourceIndex(args.source);
      if (!this.breakpoints || file < 0) {
        response.body = { breakpoints: req.map(() => ({ verified: false, message: `Not part of the program being debugged (${this.index?.image.path ?? 'none'}).` })) };
        return;
      }
      const toZero = (l: number, c?: number): [number, number | undefined] => [this.convertClientLineToDebugger(l), c === undefined ? undefined : this.convertClientColumnToDebugger(c)];
      const bps = await this.breakpoints.setSource(this.index!.sources[file], req, toZero, file);
      response.body = { breakpoints: bps.map((b) => this.toDap(b)) };
    });
  }

  protected override async setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    await this.handle(response, async () => {
      const bps = this.breakpoints ? await this.breakpoints.setFunctions(args.breakpoints) : [];
      response.body = { breakpoints: bps.map((b) => this.toDap(b)) };
    });
  }

  protected override async setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): Promise<void> {
    await this.handle(response, async () => {
      const bps = this.breakpoints ? await this.breakpoints.setInstructions(args.breakpoints) : [];
      response.body = { breakpoints: bps.map((b) => this.toDap(b)) };
    });
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    const file = this.sourceIndex(args.source);
    if (!this.index || file < 0) {
      response.body = { breakpoints: [] };
      return this.sendResponse(response);
    }
    const line = this.convertClientLineToDebugger(args.line);
    const col = args.column === undefined ? undefined : this.convertClientColumnToDebugger(args.column);
    const endLine = args.endLine === undefined ? undefined : this.convertClientLineToDebugger(args.endLine);
    const endCol = args.endColumn === undefined ? undefined : this.convertClientColumnToDebugger(args.endColumn);
    const seen = new Set<string>();
    const out: DebugProtocol.BreakpointLocation[] = [];
    for (const i of breakpointLocations(this.index, line, col, endLine, endCol, file)) {
      const k = `${i.line}:${i.column}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ line: this.convertDebuggerLineToClient(i.line), column: this.convertDebuggerColumnToClient(i.column) });
    }
    response.body = { breakpoints: out };
    this.sendResponse(response);
  }

  protected override async setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<void> {
    await this.handle(response, async () => {
      this.stopOnTrap = args.filters.includes(TRAP_FILTER);
      if (this.client && !this.client.closed && !this.deferSetup) await this.client.request('options', { flags: this.stopOnTrap ? Option.stopOnTrap : 0 });
    });
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const no = (description: string) => {
      response.body = { dataId: null, description };
      this.sendResponse(response);
    };
    if (!this.client?.has(Capability.dataBreakpoints)) return no(`${this.target?.label ?? 'This device'} has no data breakpoints.`);
    let address: number | undefined;
    let length = args.bytes ?? 4;
    if (args.asAddress) address = parseAddress(args.name);
    else {
      const m = /^\s*(i8|u8|i16|u16|i32|u32|i64|u64|f32|f64)\s*\[\s*(0x[0-9a-f]+|\d+)\s*\]\s*$/i.exec(args.name);
      if (m) {
        address = parseAddress(m[2]);
        length = Number(m[1].replace(/\D/g, '')) / 8;
      }
    }
    if (address === undefined) return no('Only linear memory can be watched: use "Add Data Breakpoint at Address", or watch a memory expression such as i32[0x100].');
    length = Math.max(1, Math.min(255, length));
    response.body = {
      dataId: `${address}:${length}`, description: `${length} byte${length > 1 ? 's' : ''} at ${hexAddress(address)}`,
      accessTypes: ['write', 'read', 'readWrite'], canPersist: true,
    };
    this.sendResponse(response);
  }

  protected override async setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): Promise<void> {
    await this.handle(response, async () => {
      const client = this.requireClient();
      this.dataRequested = args.breakpoints;
      if (this.deferSetup) {
        // Set with the rest of the session at configurationDone; a refusal is said then.
        response.body = { breakpoints: args.breakpoints.map(() => ({ verified: true })) };
        return;
      }
      if (this.dataWatches.size) await client.request('dataBpClear', { watchId: 0xff });
      response.body = { breakpoints: await this.reapplyDataBreakpoints(client) };
    });
  }

  /** Sets the requested data breakpoints on the device (after a clear), one result each. */
  private async reapplyDataBreakpoints(client: DeviceClient): Promise<DebugProtocol.Breakpoint[]> {
    this.dataWatches.clear();
    // All requests first (pipelined when the device takes it), then the answers, in order.
    const sets = this.dataRequested.map((b) => {
      const [address, length] = b.dataId.split(':').map(Number);
      const access = b.accessType === 'read' ? Access.read : b.accessType === 'readWrite' ? Access.readWrite : Access.write;
      const p = client.has(Capability.pipelining) ? client.request('dataBpSet', { address, length, access }) : undefined;
      return { b, p, req: { address, length, access } };
    });
    const out: DebugProtocol.Breakpoint[] = [];
    for (const { b, p, req } of sets) {
      try {
        const r = await (p ?? client.request('dataBpSet', req));
        this.dataWatches.set(b.dataId, r.watchId);
        out.push({ verified: true });
      } catch (e) {
        out.push({ verified: false, message: this.userText(e) });
      }
    }
    return out;
  }

  // ---- execution control ------------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, this.client?.info ? `module on ${this.client.info.board}` : 'module')] };
    this.sendResponse(response);
  }

  protected override async continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    await this.handle(response, async () => {
      await this.resume(() => this.requireClient().request('continue', {}));
      response.body = { allThreadsContinued: true };
    });
  }

  protected override async nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): Promise<void> {
    await this.handle(response, () => this.step(StepKind.over, args.granularity));
  }

  protected override async stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): Promise<void> {
    await this.handle(response, () => this.step(StepKind.into, args.granularity));
  }

  protected override async stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): Promise<void> {
    await this.handle(response, () => this.step(StepKind.out, args.granularity));
  }

  /** One device request per DAP step: a line step carries the line's ranges and the device runs through them. */
  private async step(kind: number, granularity?: DebugProtocol.SteppingGranularity): Promise<void> {
    const s = this.requireStopped();
    let ranges = granularity === 'instruction' || kind === StepKind.out ? [] : lineRanges(this.index!, s.top.pc);
    if (this.dwarfStop && granularity !== 'instruction') {
      // Inlined code: step over runs through inlined callees; step out of an inlined function
      // runs until its ranges are left (a step over them, in the same device frame).
      const inline = await this.dwarfStop.inlineRanges(s.top.pc, kind);
      if (kind === StepKind.out && inline.length) {
        kind = StepKind.over;
        ranges = inline;
      } else if (kind === StepKind.over) ranges = lineRanges(this.index!, s.top.pc, inline);
    }
    this.lineStep = ranges.length > STEP_RANGES_MAX ? { kind, ranges, depth: s.depth } : undefined;
    await this.resume(() => this.requireClient().request('step', { kind, ranges: rangesToSend(ranges, s.top.pc) }));
  }

  /**
   * Leaves the current stop with `request`. The stop is dropped only once the device accepted:
   * a refused request leaves the stopped state (stack, variables) as it was. At a trap stop the
   * device accepts and ends the run (protocol 3.4): the `exited` event that follows ends the session.
   */
  private async resume(request: () => Promise<unknown>): Promise<void> {
    const s = this.requireStopped();
    await request();
    if (this.stopped === s) this.setStopped(undefined); // a stop that came meanwhile is the next one
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    await this.handle(response, async () => {
      if (this.stopped) return; // already paused: nothing to do, the stop stays as shown
      await this.requireClient().request('pause', {});
    });
  }

  /**
   * Not advertised (supportsRestartRequest is off): VS Code restarts by ending this session and
   * launching a new one, which rebuilds, redeploys and reruns. A client that sends `restart`
   * anyway is told so rather than answered with a success that does nothing.
   */
  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    this.fail(response, new AdapterError('restartUnsupported'));
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.handle(response, async () => {
      try {
        await this.requireClient().request('stop', {});
      } catch {
        this.end(); // nothing was running: end the session ourselves
      }
    });
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): Promise<void> {
    const client = this.client;
    this.closing = true;
    if (client && !client.closed) {
      const terminate = args?.terminateDebuggee ?? this.mode === 'launch';
      try {
        if (terminate) await client.request('stop', {}, 2000);
        else {
          // Detach: the module runs on, free of our breakpoints.
          await client.request('bpClear', { offsets: [] }, 2000);
          if (this.dataWatches.size) await client.request('dataBpClear', { watchId: 0xff }, 2000);
          if (this.stopped) await client.request('continue', {}, 2000);
        }
      } catch {
        // The device may already be gone; disconnect anyway.
      }
    }
    await this.release();
    this.sendResponse(response);
  }

  // ---- state ------------------------------------------------------------------------------

  /** The client's Source for a source file (an absolute path, or a URL the DWARF names). */
  private sourceFor(p: string): DebugProtocol.Source {
    const src = new Source(path.basename(p), path.isAbsolute(p) ? this.convertDebuggerPathToClient(p) : undefined) as DebugProtocol.Source;
    // Files the DWARF names but this machine lacks (libc, Rust's core) are shown dimmed.
    if (this.index?.image.dwarf && (!path.isAbsolute(p) || !existsSync(p))) src.presentationHint = 'deemphasize';
    return src;
  }

  private sourceOf(i: Instr): DebugProtocol.Source | undefined {
    const p = this.index?.sources[i.file ?? 0];
    return p ? this.sourceFor(p) : undefined;
  }

  protected override async stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): Promise<void> {
    await this.handle(response, async () => {
      const s = this.stopped;
      if (!s) {
        response.body = { stackFrames: [], totalFrames: 0 };
        return;
      }
      const start = args.startFrame ?? 0;
      if (this.dwarfStop) {
        response.body = await this.dwarfStackTrace(s, this.dwarfStop, start, args.levels || s.depth);
        return;
      }
      const frames = await s.frameRange(start, args.levels || s.depth);
      const src = this.index!.image.sourcePath ? this.sourceFor(this.index!.image.sourcePath) : undefined;
      response.body = {
        totalFrames: s.depth,
        stackFrames: frames.map((f, k) => {
          const i = this.index!.instrAt(f.pc);
          const sf = new StackFrame(start + k, this.index!.funcName(f.func)) as DebugProtocol.StackFrame;
          sf.instructionPointerReference = hexAddress(f.pc);
          if (i && i.line >= 0 && src) {
            sf.source = src;
            sf.line = this.convertDebuggerLineToClient(i.line);
            sf.column = this.convertDebuggerColumnToClient(i.column);
          } else {
            sf.line = 0;
            sf.column = 0;
            sf.presentationHint = 'subtle';
          }
          return sf;
        }),
      };
    });
  }

  /**
   * Source frames: each device frame, with the functions inlined at its pc before it. Device
   * frames are fetched only as far as the client asks (VS Code asks for the top one first).
   */
  private async dwarfStackTrace(s: StoppedState, ds: DwarfStop, start: number, levels: number): Promise<DebugProtocol.StackTraceResponse['body']> {
    const out: SourceFrame[] = [];
    let physical = 0;
    // One request for the device frames the client may want (inlining only adds frames).
    await s.frameRange(0, Math.min(s.depth, start + levels));
    for (; physical < s.depth && out.length < start + levels; physical++) {
      const f = await s.frame(physical);
      if (!f) break;
      out.push(...(await ds.expand(physical, f.pc)));
    }
    const frames = out.slice(start, start + levels).map((f) => {
      const sf = new StackFrame(f.id, f.name) as DebugProtocol.StackFrame;
      sf.instructionPointerReference = hexAddress(f.pc);
      if (f.file !== undefined && f.line !== undefined) {
        sf.source = this.sourceFor(urlToPath(f.file));
        sf.line = this.convertDebuggerLineToClient(f.line);
        sf.column = this.convertDebuggerColumnToClient(f.column ?? 0);
      } else {
        const i = this.index!.instrAt(f.pc);
        sf.line = 0;
        sf.column = 0;
        sf.presentationHint = 'subtle';
        if (i) sf.name = `${this.index!.funcName(i.funcIndex)}`;
      }
      return sf;
    });
    return { stackFrames: frames, totalFrames: out.length + (s.depth - physical) };
  }

  protected override async scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): Promise<void> {
    const frame = args.frameId;
    const { physical, inline } = splitFrameId(frame);
    const f = this.dwarfStop ? await this.stopped?.frame(physical).catch(() => undefined) : undefined;
    if (this.dwarfStop && f && (this.index!.instrAt(f.pc)?.line ?? -1) >= 0) {
      // C/C++/Rust variables first; the module's wasm-level scopes stay available, collapsed.
      const locals = new DapScope('Locals', this.varRefs.create({ scope: 'dwarf', frame, which: 'locals' }), false) as DebugProtocol.Scope;
      locals.presentationHint = 'locals';
      const globals = new DapScope('Globals', this.varRefs.create({ scope: 'dwarf', frame, which: 'globals' }), true);
      const wasmLocals = new DapScope('Wasm locals', this.varRefs.create({ scope: Scope.locals, frame: physical }), true);
      const stack = new DapScope('Operand stack', this.varRefs.create({ scope: Scope.operandStack, frame: physical }), true);
      const wasmGlobals = new DapScope('Wasm globals', this.varRefs.create({ scope: Scope.globals, frame: physical }), true);
      const memory = new DapScope('Memory', this.varRefs.create({ scope: 'memory', frame: physical }), true);
      response.body = { scopes: inline > 0 ? [locals, globals] : [locals, globals, wasmLocals, stack, wasmGlobals, memory] };
      this.sendResponse(response);
      return;
    }
    const locals = new DapScope('Locals', this.varRefs.create({ scope: Scope.locals, frame }), false) as DebugProtocol.Scope;
    locals.presentationHint = 'locals';
    const stack = new DapScope('Operand stack', this.varRefs.create({ scope: Scope.operandStack, frame }), false);
    const globals = new DapScope('Globals', this.varRefs.create({ scope: Scope.globals, frame }), false);
    const memory = new DapScope('Memory', this.varRefs.create({ scope: 'memory', frame }), true);
    response.body = { scopes: [locals, stack, globals, memory] };
    this.sendResponse(response);
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    await this.handle(response, async () => {
      const ref = this.varRefs.get(args.variablesReference);
      const s = this.stopped;
      if (!ref || !s) {
        response.body = { variables: [] };
        return;
      }
      const o = { hex: args.format?.hex, funcName: (i: number) => this.index!.funcName(i) };
      let variables: DebugProtocol.Variable[];
      if (ref.scope === 'dwarf' || ref.scope === 'dwarf-expr') {
        variables = await this.dwarfVariables(ref);
      } else if (ref.scope === 'memory') {
        variables = [memoryVariable((await readMemory(this.requireClient(), 0, 0)).memorySize)];
      } else {
        const values = await s.scope(ref.scope, ref.frame);
        if (ref.scope === Scope.locals) {
          const f = await s.frame(ref.frame);
          variables = localVariables(values, f && this.index!.func(f.func), o);
        } else if (ref.scope === Scope.operandStack) variables = operandVariables(values, o);
        else variables = globalVariables(values, this.index!.image.globals, o);
      }
      const start = args.start ?? 0;
      response.body = { variables: args.count ? variables.slice(start, start + args.count) : variables.slice(start) };
    });
  }

  private async dwarfVariables(ref: Extract<VarRef, { scope: 'dwarf' | 'dwarf-expr' }>): Promise<DebugProtocol.Variable[]> {
    const ds = this.dwarfStop;
    if (!ds) return [];
    const childRef = (expr: string, o: { hasChildren: boolean }) => (o.hasChildren ? this.varRefs.create({ scope: 'dwarf-expr', frame: ref.frame, expr }) : 0);
    if (ref.scope === 'dwarf') {
      const vars = (await ds.variablesOf(ref.frame)).filter((x) => (x.v.scope === 'GLOBAL') === (ref.which === 'globals'));
      return vars.map(({ v, r }) => {
        if (r instanceof Error) return { name: v.name, value: unavailableText(r), type: v.type, variablesReference: 0 };
        const row = variableRow(v.name, v.type, r.object, v.name, childRef(v.name, r.object));
        if (v.scope === 'PARAMETER') row.presentationHint = { kind: 'property' };
        return row;
      });
    }
    const parent = await ds.evaluate(ref.frame, ref.expr, true);
    const rows: DebugProtocol.Variable[] = [];
    for (const c of parent.children ?? []) {
      const { expr, label } = childExpression(ref.expr, parent.object, c.name);
      // Each child again by its expression: its bytes (and a string's text) are fetched if new.
      const r = await ds.evaluate(ref.frame, expr).catch(() => ({ object: c.value }));
      rows.push(variableRow(label, undefined, r.object, expr, childRef(expr, r.object)));
    }
    return rows;
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    await this.handle(response, async () => {
      const s = this.requireStopped();
      const ref = this.varRefs.get(args.variablesReference);
      if (!ref || ref.scope === 'memory') throw new AdapterError('unknownVariable', { name: args.name });
      if (ref.scope === 'dwarf' || ref.scope === 'dwarf-expr') throw new AdapterError('evaluate', { message: 'Source-level variables are read-only here: change the wasm local, global or memory they live in (Wasm locals, Memory).' });
      const client = this.requireClient();
      const values = await s.scope(ref.scope, ref.frame);
      const o = { funcName: (i: number) => this.index!.funcName(i) };
      let rows: DebugProtocol.Variable[];
      if (ref.scope === Scope.locals) {
        const f = await s.frame(ref.frame);
        rows = localVariables(values, f && this.index!.func(f.func), o);
      } else if (ref.scope === Scope.operandStack) rows = operandVariables(values, o);
      else rows = globalVariables(values, this.index!.image.globals, o);
      const at = rows.findIndex((r) => r.name === args.name);
      if (at < 0) throw new AdapterError('unknownVariable', { name: args.name });
      if (ref.scope === Scope.globals) {
        if (!client.has(Capability.setGlobal)) throw new AdapterError('deviceRequest', { message: `${this.target!.label} cannot change globals.` });
        if (this.index!.image.globals[at] && !this.index!.image.globals[at].mutable) throw new AdapterError('deviceRequest', { message: `${args.name} is immutable (declare it (mut ...) to change it).` });
      } else if (!client.has(Capability.setLocal)) throw new AdapterError('cannotSetLocal', { device: this.target!.label });
      const v = parseValue(args.value, values[at].type);
      if (!v) throw new AdapterError('badValue', { value: args.value, type: values[at].type });
      await s.setValue(ref.scope, ref.frame, at, v);
      this.refreshDwarfStop();
      response.body = { value: formatValue(v, { ...o, hex: args.format?.hex }), type: v.type };
      this.sendEvent(new InvalidatedEvent(['variables'], THREAD_ID));
    });
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    await this.handle(response, async () => {
      const s = this.stopped;
      if (!s) throw new AdapterError('notPaused');
      const expr = args.expression.trim();
      let dwarfError: string | undefined;
      if (this.dwarfStop && !/^\$|^(local|global)\[\d+\]$/.test(expr)) {
        const ds = this.dwarfStop;
        const frameId = args.frameId ?? 0;
        const r = await ds.evaluate(frameId, expr).catch((e: Error) => e);
        if (!(r instanceof Error)) {
          const row = variableRow(expr, undefined, r.object, expr, r.object.hasChildren ? this.varRefs.create({ scope: 'dwarf-expr', frame: frameId, expr }) : 0);
          response.body = { result: row.value, type: row.type, variablesReference: row.variablesReference, memoryReference: row.memoryReference };
          return;
        }
        // Not C/Rust: maybe a wasm-level expression (i32[0x100]); if that fails too, the engine's reason.
        dwarfError = r.message.replace(/^EvalError: /, '').split('\n')[0];
      }
      const frame = splitFrameId(args.frameId ?? 0).physical;
      const ctx = s.evalContext(frame);
      const o = { hex: args.format?.hex, funcName: (i: number) => this.index!.funcName(i) };
      const named = /^(local|global)\[(\d+)\]$/.exec(expr);
      let v: Value | undefined;
      if (isSimpleHoverTarget(expr)) v = await ctx.variable('name', expr);
      else if (named) v = await ctx.variable(named[1] as 'local' | 'global', Number(named[2]));
      if (isSimpleHoverTarget(expr) || named) {
        if (!v) throw new AdapterError('evaluate', { message: `${expr} is not defined here.` });
        response.body = { result: formatValue(v, o), type: v.type, variablesReference: 0, memoryReference: v.type === 'i32' ? hexAddress(v.value >>> 0) : undefined };
        return;
      }
      try {
        const n = await evaluateExpression(expr, ctx);
        const isInt = typeof n === 'bigint' || Number.isInteger(n);
        const hex = isInt ? `0x${BigInt.asUintN(typeof n === 'bigint' || n > 0xffffffff || n < -0x80000000 ? 64 : 32, BigInt(n)).toString(16)}` : '';
        response.body = { result: o.hex && isInt ? hex : isInt ? `${n} (${hex})` : String(n), variablesReference: 0 };
      } catch (e) {
        if (dwarfError !== undefined) throw new AdapterError('evaluate', { message: dwarfError });
        if (e instanceof ExpressionError) throw new AdapterError('evaluate', { message: e.message });
        throw e;
      }
    });
  }

  protected override async readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): Promise<void> {
    await this.handle(response, async () => {
      const base = parseAddress(args.memoryReference);
      if (base === undefined) throw new AdapterError('evaluate', { message: `"${args.memoryReference}" is not a memory address.` });
      const address = base + (args.offset ?? 0);
      if (address < 0 || args.count === 0) {
        response.body = { address: hexAddress(Math.max(0, address)), unreadableBytes: args.count };
        return;
      }
      const r = await readMemory(this.requireClient(), address, args.count);
      response.body = { address: hexAddress(address), data: Buffer.from(r.data).toString('base64'), unreadableBytes: args.count - r.data.length };
    });
  }

  protected override async writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): Promise<void> {
    await this.handle(response, async () => {
      const client = this.requireClient();
      if (!client.has(Capability.memoryWrite)) throw new AdapterError('deviceRequest', { message: `${this.target!.label} cannot write memory.` });
      const base = parseAddress(args.memoryReference);
      if (base === undefined) throw new AdapterError('evaluate', { message: `"${args.memoryReference}" is not a memory address.` });
      const data = Buffer.from(args.data, 'base64');
      await writeMemory(client, base + (args.offset ?? 0), data);
      this.refreshDwarfStop();
      response.body = { bytesWritten: data.length };
      this.sendEvent(new Event('memory', { memoryReference: args.memoryReference, offset: args.offset ?? 0, count: data.length }));
    });
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    if (!this.index) return this.fail(response, new AdapterError('noProgram'));
    const hasSource = this.index.sources.length > 0;
    response.body = {
      instructions: disassemble(this.index, args, hasSource ? {
        source: (i) => this.sourceOf(i)!, line: (l) => this.convertDebuggerLineToClient(l), column: (c) => this.convertDebuggerColumnToClient(c),
      } : undefined),
    };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const t = this.lastTrap;
    response.body = {
      exceptionId: 'trap', breakMode: 'always',
      description: t ? `${t.message} (in ${this.index?.funcName(t.func)}${this.where(t.pc)})` : 'The module trapped.',
      details: { message: t?.message, typeName: 'WebAssembly trap' },
    };
    this.sendResponse(response);
  }

  /** `nrfWasm.resetDevice`: the extension's Reset Device command during a session goes through our link. */
  protected override async customRequest(command: string, response: DebugProtocol.Response, args: unknown): Promise<void> {
    if (command === RESET_REQUEST) {
      await this.handle(response, async () => void (await this.requireClient().request('reset', {})));
      return;
    }
    super.customRequest(command, response, args);
  }

  // ---- helpers ----------------------------------------------------------------------------

  private where(pc: number): string {
    const i = this.index?.instrAt(pc);
    const p = i && this.index?.sources[i.file ?? 0];
    return i && i.line >= 0 && p ? ` at ${path.basename(p)}:${i.line + 1}:${i.column + 1}` : ` at ${hexAddress(pc)}`;
  }

  private requireClient(): DeviceClient {
    if (!this.client || this.client.closed) throw new AdapterError('linkLost', { message: `Not connected to ${this.target?.label ?? 'a device'}.` });
    return this.client;
  }

  private requireStopped(): StoppedState {
    if (!this.stopped) throw new AdapterError('notPaused');
    return this.stopped;
  }

  private console(text: string, category: 'console' | 'stdout' | 'stderr'): void {
    this.sendEvent(new OutputEvent(text.endsWith('\n') ? text : text + '\n', category));
  }

  /** Runs a request handler; an exception becomes the DAP error response. */
  private async handle(response: DebugProtocol.Response, f: () => Promise<void>): Promise<void> {
    try {
      await f();
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, e);
    }
  }

  /** `reported`: the client shows the failure itself (LAUNCH_FAILED_EVENT), with no popup of VS Code's. */
  private fail(response: DebugProtocol.Response, e: unknown, reported = false): void {
    const err = e instanceof AdapterError ? e : new AdapterError('deviceRequest', { message: this.userText(e) });
    if (reported) this.sendEvent(new Event(LAUNCH_FAILED_EVENT, launchFailure(err)));
    // The message is final text, passed as one variable so braces in it are not read as variables.
    this.sendErrorResponse(response, { id: err.code, format: '{_message}', variables: { _message: err.message }, showUser: !reported });
  }

  /** A failure in the user's words; an unpaired BLE link gets the platform's pairing steps. */
  private userText(e: unknown): string {
    if (e instanceof DeviceError && e.code === ErrorCode.notAuthorized) return bleNotAuthorizedMessage(this.client?.label);
    return (e as Error)?.message ?? String(e);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.configured();
    this.sendEvent(new TerminatedEvent());
  }

  private async release(): Promise<void> {
    this.closing = true;
    this.setStopped(undefined);
    const raw = this.index?.image.dwarf?.rawModuleId;
    if (this.engine && raw) await this.engine.call('removeRawModule', raw).catch(() => undefined);
    await this.client?.close().catch(() => undefined);
    await this.target?.dispose().catch(() => undefined);
  }
}

