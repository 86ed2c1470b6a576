/**
 * The simulated board: flash store, upload, execution, buttons and LEDs, options, and the
 * request handlers of the device debug protocol. Transport- and connection-independent: a
 * Session feeds it decoded requests and forwards its events.
 */
import {
  Capability, DeviceState, ErrorCode, type Message, type MessageName, OutputLevel, OutputSource, Option, PROTOCOL_VERSION,
  PROTOCOL_VERSION_MIN, Scope, type Body_,
} from '../protocol';
import { CTL, CTL_WORDS } from './engine/control';
import { CpuPool } from './engine/cpu-pool';
import type { WorkerScript } from './engine/worker-file';
import { WorkerInspector } from './engine/worker-inspector';
import { Execution } from './execution';
import { FlashStore, ZERO_SHA } from './flash-store';
import { type LoadedModule, loadModule, validateModule } from './module';
import { BUTTON_COUNT, LED_COUNT } from './native-api';
import { DeviceError, Uploader } from './upload';

export const SIMULATOR_VERSION = '0.1.0';

export interface DeviceOptions {
  flashDir: string;
  boardName: string;
  slotSize: number;
  maxFrame: number;
  chunkMax: number;
  window: number;
  debugAlways: boolean;
  worker: WorkerScript;
  /** Prints LED changes and app output on stderr. */
  echo: (line: string) => void;
}

export type EventName = 'stopped' | 'output' | 'exited' | 'trap' | 'deviceReset' | 'led' | 'linkError' | 'logHit';
export type Response = { [N in MessageName]: { name: N; body: Body_<N> } }[MessageName];
export type EventListener = <N extends EventName>(name: N, body: Body_<N>) => void;

/** Capabilities, honestly: V8 cannot assign locals or stack slots, nor watch memory. */
export const CAPABILITIES =
  Capability.upload | Capability.debug | Capability.setGlobal | Capability.memoryWrite | Capability.buttonsInput |
  Capability.leds | Capability.resumableUpload | Capability.persistentStore | Capability.reset | Capability.deviceConditions |
  Capability.pipelining | Capability.uploadAnyChunk;

const FREE_MEMORY = 256 * 1024;

export class Device {
  readonly store: FlashStore;
  private readonly uploader: Uploader;
  private readonly exec: Execution;
  private readonly pool: CpuPool;
  private readonly inspector: WorkerInspector;
  private readonly ctl = new SharedArrayBuffer(CTL_WORDS * 4);
  private readonly leds = new Array<number>(LED_COUNT).fill(0);
  private mod: LoadedModule | null = null;
  private bootEpochMs = Date.now();
  private listener: EventListener = () => {};

  constructor(private readonly o: DeviceOptions) {
    this.store = new FlashStore(o.flashDir, o.slotSize);
    this.uploader = new Uploader(this.store, { chunkMax: o.chunkMax, window: o.window });
    const inspector = new WorkerInspector();
    this.inspector = inspector;
    this.pool = new CpuPool(o.worker);
    inspector.whenReady().then(() => this.pool.warm(), (e) => o.echo(`nrf-wasm-sim: the inspector is unavailable: ${(e as Error).message}`));
    this.exec = new Execution({
      inspector, pool: this.pool, ctl: this.ctl, bootEpochMs: this.bootEpochMs, debugAlways: o.debugAlways, maxBreakpoints: 256,
      events: {
        stopped: (b) => this.emit('stopped', b),
        trap: (b) => this.emit('trap', b),
        exited: (b) => this.emit('exited', b),
        logHit: (b) => this.emit('logHit', b),
        log: (text) => this.appOutput(text),
        led: (led, on) => this.setLed(led, on),
      },
    });
    this.loadActive();
  }

  /** Where events go (the current connection's session). */
  setListener(l: EventListener): void {
    this.listener = l;
  }

  emit<N extends EventName>(name: N, body: Body_<N>): void {
    this.listener(name, body);
  }

  private loadActive(): void {
    const bytes = this.store.readActive();
    try {
      this.mod = bytes ? loadModule(bytes) : null;
    } catch {
      this.mod = null;
    }
    this.exec.setModule(this.mod);
  }

  private appOutput(text: string): void {
    this.o.echo(`[app] ${text}`);
    this.emit('output', { source: OutputSource.app, level: OutputLevel.info, text });
  }

  private setLed(led: number, on: number): void {
    if (this.leds[led] === on) return;
    this.leds[led] = on;
    this.o.echo(`LED${led} ${on ? 'on' : 'off'}  [${this.leds.map((x) => (x ? '●' : '○')).join(' ')}]`);
    this.emit('led', { led, on });
  }

  get state(): number {
    return this.exec.state === 'running' ? DeviceState.running : this.exec.state === 'paused' ? DeviceState.paused : DeviceState.idle;
  }

  /** Reboots: the module stops, session state is gone, the store stays. */
  async reboot(): Promise<void> {
    await this.exec.reset();
    this.uploader.abort();
    const ctl = new Int32Array(this.ctl);
    for (let i = 0; i < BUTTON_COUNT; i++) Atomics.store(ctl, CTL.buttons + i, 0);
    for (let i = 0; i < LED_COUNT; i++) this.leds[i] = 0;
    this.bootEpochMs = Date.now();
    this.loadActive();
  }

  async shutdown(): Promise<void> {
    await this.exec.kill();
    await this.pool.close();
  }

  /** Before the process exits: no CPU thread may stay paused in the inspector (it would hang the exit). */
  releaseThreads(): Promise<void> {
    return this.inspector.releaseAll();
  }

  /** Handles one request after the handshake; throws DeviceError for an `error` response. */
  async handle(m: Message, hostMaxFrame: number): Promise<Response> {
    // Bytes available for a response body (frame minus type, id and crc).
    const budget = hostMaxFrame - 7;
    switch (m.name) {
      case 'uploadBegin':
        return { name: 'uploadBeginOk', body: this.uploader.begin(m.size, m.sha256) };
      case 'uploadChunk':
        return { name: 'uploadAck', body: { received: this.uploader.chunk(m.offset, m.data) } };
      case 'uploadCommit': {
        if (this.exec.state !== 'idle') throw new DeviceError(ErrorCode.invalidState, 'stop the running module before activating another');
        const a = this.uploader.commit(validateModule);
        this.loadActive();
        return { name: 'uploadCommitOk', body: { slot: a.slot, sha256: a.sha256, size: a.size } };
      }
      case 'uploadAbort':
        this.uploader.abort();
        return { name: 'uploadAbortOk', body: {} };
      case 'run':
        await this.exec.start(m.flags, m.entry);
        return { name: 'runOk', body: {} };
      case 'stop':
        await this.exec.stop();
        return { name: 'stopOk', body: {} };
      case 'options':
        this.exec.stopOnTrap = (m.flags & Option.stopOnTrap) !== 0;
        return { name: 'optionsOk', body: {} };
      case 'bpSet':
        return { name: 'bpSetOk', body: { resolved: await this.exec.setBreakpoints(m.offsets) } };
      case 'bpSetCond':
        return { name: 'bpSetCondOk', body: { resolved: await this.exec.setCondBreakpoint(m) } };
      case 'bpClear':
        await this.exec.clearBreakpoints(m.offsets);
        return { name: 'bpClearOk', body: {} };
      case 'continue':
        await this.exec.continue();
        return { name: 'continueOk', body: {} };
      case 'pause':
        await this.exec.requestPause();
        return { name: 'pauseOk', body: {} };
      case 'step':
        await this.exec.step(m.kind, m.ranges);
        return { name: 'stepOk', body: {} };
      case 'frames':
        return { name: 'framesOk', body: this.exec.frames(m.start, m.count, budget - 4) };
      case 'values':
        return { name: 'valuesOk', body: await this.exec.values(m.scope, m.frame, m.start, budget - 4) };
      case 'valuesUpTo': {
        const r = await this.exec.values(m.scope, m.frame, m.start, budget - 4);
        return { name: 'valuesUpToOk', body: { total: r.total, values: r.values.slice(0, m.max) } };
      }
      case 'setValue':
        if (m.scope !== Scope.globals) {
          throw new DeviceError(ErrorCode.unsupported, 'V8 cannot assign locals or operand stack slots (no setLocal capability)');
        }
        await this.exec.setGlobal(m.index, m.value);
        return { name: 'setValueOk', body: {} };
      case 'memRead': {
        const r = await this.exec.memRead(m.address, Math.min(m.length, budget - 8));
        return { name: 'memReadOk', body: { address: m.address, memorySize: r.memorySize, data: r.data } };
      }
      case 'memWrite':
        await this.exec.memWrite(m.address, m.data);
        return { name: 'memWriteOk', body: {} };
      case 'dataBpSet':
      case 'dataBpClear':
        throw new DeviceError(ErrorCode.unsupported, 'data breakpoints are not supported: V8 cannot watch linear memory');
      case 'input':
        if (m.button >= BUTTON_COUNT) throw new DeviceError(ErrorCode.outOfBounds, `no button ${m.button} (the board has ${BUTTON_COUNT})`);
        if (m.pressed > 1) throw new DeviceError(ErrorCode.malformed, 'pressed must be 0 or 1');
        Atomics.store(new Int32Array(this.ctl), CTL.buttons + m.button, m.pressed);
        this.o.echo(`button${m.button} ${m.pressed ? 'pressed' : 'released'}`);
        return { name: 'inputOk', body: {} };
      case 'bondList':
      case 'bondErase':
        // No Bluetooth LE here: no bonds (no CAP_BONDS), as on the host build (protocol.md 1.3).
        throw new DeviceError(ErrorCode.unsupported, 'no Bluetooth LE on this device: no bonds');
      case 'ping':
        return { name: 'pingOk', body: { data: m.data } }; // too long for the host: the session says so
      default:
        throw new DeviceError(ErrorCode.unknownType, `${m.name} is not a request`);
    }
  }

  /** The helloOk body (the version is agreed by the session). */
  helloOk(version: number): Body_<'helloOk'> {
    const a = this.store.getActive();
    return {
      version,
      capabilities: CAPABILITIES,
      maxFrame: this.o.maxFrame,
      freeMemory: FREE_MEMORY,
      state: this.state,
      moduleSha256: a?.sha256 ?? ZERO_SHA,
      moduleSize: a?.size ?? 0,
      board: this.o.boardName,
      runtime: 'V8',
      runtimeVersion: process.versions.v8,
      firmwareVersion: `nrf-wasm-sim ${SIMULATOR_VERSION} (Node ${process.versions.node})`,
    };
  }
}

export const VERSION_RANGE = { min: PROTOCOL_VERSION_MIN, max: PROTOCOL_VERSION };
