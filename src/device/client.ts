/**
 * Host side of the device protocol on one link: the handshake, requests matched to responses by
 * id, unsolicited events, timeouts, and counters (requests per type, bytes each way) that the
 * benchmarks and tests read.
 */
import {
  FrameReader, MIN_MAX_FRAME, PROTOCOL_VERSION, PROTOCOL_VERSION_MIN, RESPONSE_OF, encode, messageCode,
  type Body_, type EventMessage, type Message, type ProtocolError, type RequestName, type ResponseTo,
} from '../protocol';
import type { Link } from '../transport/link';
import { DeviceError, DeviceTimeoutError, LinkLostError } from './errors';
import { RoundTrips } from './round-trips';

/** The largest frame this host accepts; the device learns it from `hello`. */
export const HOST_MAX_FRAME = 4096;
export const DEFAULT_TIMEOUT_MS = 5000;
/** `run` instantiates the module (compile, start function) before answering: like uploadCommit, slow on a board or a loaded host. */
const LONG_REQUESTS: Partial<Record<RequestName, number>> = { run: 30_000 };
/**
 * Pipelined requests (other than upload chunks) in flight stay within this many of the device's
 * frames on the wire: every device buffers more (protocol 3.2; the firmware 8 KiB per link).
 */
const PIPELINE_FRAMES = 4;

export interface DeviceInfo {
  version: number;
  capabilities: number;
  maxFrame: number;
  freeMemory: number;
  state: number;
  /** Hex SHA-256 of the stored module, or undefined when the device has none. */
  moduleSha256?: string;
  moduleSize: number;
  board: string;
  runtime: string;
  runtimeVersion: string;
  firmwareVersion: string;
}

export interface ClientStats {
  requests: Map<RequestName, number>;
  bytesOut: number;
  bytesIn: number;
  events: number;
  badFrames: number;
  /** Sequential round trips (requests sent while another was unanswered ride along: round-trips.ts). */
  roundTrips: RoundTrips;
}

interface Pending {
  name: RequestName;
  resolve: (m: Message) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
  /** Releases its share of the pipelining budget (forget: it settles no promise). */
  settled: () => void;
}

export interface SendOptions {
  /** 0: no timeout (see DeviceClient.send). Default: the client's (longer for `run`). */
  timeoutMs?: number;
  /** Called when the link took the request's bytes. */
  onWritten?: () => void;
}

export class DeviceClient {
  readonly stats: ClientStats = { requests: new Map(), bytesOut: 0, bytesIn: 0, events: 0, badFrames: 0, roundTrips: new RoundTrips() };
  info?: DeviceInfo;
  private readonly reader = new FrameReader(HOST_MAX_FRAME);
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Wire bytes of unanswered requests (upload chunks aside: the upload window paces them). */
  private inFlight = 0;
  private held: (() => void)[] = [];
  private deviceMaxFrame = MIN_MAX_FRAME;
  private closedError?: Error;
  private eventListeners: ((e: EventMessage) => void)[] = [];
  private closeListeners: ((e?: Error) => void)[] = [];
  private badFrameListeners: ((e: ProtocolError) => void)[] = [];

  constructor(readonly link: Link, private readonly timeoutMs = DEFAULT_TIMEOUT_MS) {
    link.onData((d) => this.onData(d));
    link.onClose((e) => this.onClosed(e));
  }

  get label(): string {
    return this.link.label;
  }
  get maxFrame(): number {
    return this.deviceMaxFrame;
  }
  /** Wire bytes of unanswered requests, upload chunks aside (pipelining keeps it within 4 device frames). */
  get inFlightBytes(): number {
    return this.inFlight;
  }
  get closed(): boolean {
    return this.closedError !== undefined;
  }

  onEvent(l: (e: EventMessage) => void): () => void {
    this.eventListeners.push(l);
    return () => (this.eventListeners = this.eventListeners.filter((x) => x !== l));
  }
  onClose(l: (e?: Error) => void): void {
    this.closeListeners.push(l);
  }
  onBadFrame(l: (e: ProtocolError) => void): void {
    this.badFrameListeners.push(l);
  }

  /** Greets the device; must be the first request on a link. */
  async hello(): Promise<DeviceInfo> {
    // A lone 0x00 first: whatever noise sits in the device's receive buffer ends there.
    await this.link.write(Uint8Array.of(0));
    const r = await this.request('hello', { versionMin: PROTOCOL_VERSION_MIN, versionMax: PROTOCOL_VERSION, maxFrame: HOST_MAX_FRAME });
    const zero = r.moduleSha256.every((b) => b === 0);
    this.deviceMaxFrame = Math.max(MIN_MAX_FRAME, r.maxFrame);
    this.info = {
      version: r.version, capabilities: r.capabilities, maxFrame: r.maxFrame, freeMemory: r.freeMemory, state: r.state,
      moduleSha256: zero ? undefined : Buffer.from(r.moduleSha256).toString('hex'), moduleSize: r.moduleSize,
      board: r.board, runtime: r.runtime, runtimeVersion: r.runtimeVersion, firmwareVersion: r.firmwareVersion,
    };
    return this.info;
  }

  has(capability: number): boolean {
    return ((this.info?.capabilities ?? 0) & capability) !== 0;
  }

  /**
   * Sends a request and resolves with its response; rejects with DeviceError on an error response.
   * The timeout counts from when the link took the bytes (a slow link's queue is not the device's
   * silence), restarting then the timer that started at the call.
   */
  request<N extends RequestName>(name: N, body: Body_<N>, timeoutMs = LONG_REQUESTS[name] ?? this.timeoutMs): Promise<ResponseTo<N>> {
    return this.send(name, body, { timeoutMs }).response;
  }

  /**
   * Lower-level request for callers that pace themselves (the upload): `onWritten` is called when
   * the link took the bytes; `timeoutMs: 0` means no client timeout — the caller decides when an
   * answer is late, and a late answer is still delivered — until it calls `forget(id)`. `id` is 0
   * for a request held back by pipelining (never an upload chunk).
   */
  send<N extends RequestName>(name: N, body: Body_<N>, opts: SendOptions = {}): { id: number; response: Promise<ResponseTo<N>> } {
    if (this.closedError) return { id: 0, response: Promise.reject(new LinkLostError(this.label, this.closedError)) };
    // Pipelined requests wait (in order) while the device's share of them is full (protocol 3.2);
    // release() sends them, in order, before anything sent after them.
    if (name !== 'uploadChunk' && (this.held.length || this.inFlight + MIN_MAX_FRAME > PIPELINE_FRAMES * this.deviceMaxFrame)) {
      const response = new Promise<ResponseTo<N>>((resolve, reject) => this.held.push(() => this.transmit(name, body, opts).response.then(resolve, reject)));
      return { id: 0, response };
    }
    return this.transmit(name, body, opts);
  }

  private transmit<N extends RequestName>(name: N, body: Body_<N>, opts: SendOptions): { id: number; response: Promise<ResponseTo<N>> } {
    const timeoutMs = opts.timeoutMs ?? LONG_REQUESTS[name] ?? this.timeoutMs;
    if (this.closedError) return { id: 0, response: Promise.reject(new LinkLostError(this.label, this.closedError)) };
    const id = this.allocId();
    const wire = encode(name, id, body);
    if (wire.length > this.deviceMaxFrame + Math.ceil(this.deviceMaxFrame / 254) + 2) {
      return { id: 0, response: Promise.reject(new Error(`"${name}" is larger than the device's ${this.deviceMaxFrame}-byte frame limit.`)) };
    }
    const bytes = name === 'uploadChunk' ? 0 : wire.length;
    this.inFlight += bytes;
    const settled = () => {
      this.inFlight -= bytes;
      this.release();
    };
    const response = new Promise<ResponseTo<N>>((resolve, reject) => {
      const done = <T>(f: (x: T) => void) => (x: T) => {
        settled();
        f(x);
      };
      const arm = () => (timeoutMs > 0 ? setTimeout(() => {
        this.pending.delete(id);
        this.stats.roundTrips.answered(id);
        done(reject)(new DeviceTimeoutError(name, timeoutMs, this.label));
      }, timeoutMs) : undefined);
      const p: Pending = { name, resolve: done(resolve as (m: Message) => void), reject: done(reject), timer: arm(), settled };
      this.pending.set(id, p);
      this.stats.requests.set(name, (this.stats.requests.get(name) ?? 0) + 1);
      this.stats.roundTrips.sent(id);
      this.stats.bytesOut += wire.length;
      this.link.write(wire).then(
        () => {
          opts.onWritten?.();
          if (this.pending.get(id) !== p || !p.timer) return;
          clearTimeout(p.timer);
          p.timer = arm();
        },
        (e: Error) => {
          if (this.pending.get(id) !== p) return;
          clearTimeout(p.timer);
          this.pending.delete(id);
          this.stats.roundTrips.answered(id);
          p.reject(new LinkLostError(this.label, e));
        },
      );
    });
    return { id, response };
  }

  /** Stops waiting for request `id` (sent with `send`): its answer, if it comes, is ignored. */
  forget(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    this.stats.roundTrips.answered(id);
    p.settled();
  }

  /** Requests sent so far on this link, all types together. */
  requestCount(): number {
    let n = 0;
    for (const v of this.stats.requests.values()) n += v;
    return n;
  }

  async close(): Promise<void> {
    await this.link.close();
    this.onClosed();
  }

  /** Sends held requests, in order, while they fit (and all of them, refused, once the link is gone). */
  private release(): void {
    while (this.held.length && (this.closedError || this.inFlight + MIN_MAX_FRAME <= PIPELINE_FRAMES * this.deviceMaxFrame || this.pending.size === 0)) {
      this.held.shift()!();
    }
  }

  private allocId(): number {
    for (;;) {
      const id = this.nextId;
      this.nextId = this.nextId === 0xffff ? 1 : this.nextId + 1;
      if (!this.pending.has(id)) return id;
    }
  }

  private onData(d: Uint8Array): void {
    this.stats.bytesIn += d.length;
    for (const item of this.reader.push(d)) {
      if ('error' in item) {
        this.stats.badFrames++;
        for (const l of this.badFrameListeners) l(item.error);
        continue;
      }
      const m = item.message;
      if (m.name === 'error' || (MESSAGE_IS_RESPONSE.has(m.name))) {
        const p = this.pending.get(m.id);
        if (!p) continue; // answer to a request that already timed out
        this.pending.delete(m.id);
        this.stats.roundTrips.answered(m.id);
        clearTimeout(p.timer);
        if (m.name === 'error') p.reject(new DeviceError(m.code, m.requestType, m.message));
        else if (m.name !== RESPONSE_OF[p.name]) p.reject(new Error(`The device answered "${p.name}" with "${m.name}".`));
        else p.resolve(m);
        continue;
      }
      if (m.name === 'deviceReset') this.deviceMaxFrame = MIN_MAX_FRAME;
      this.stats.events++;
      for (const l of this.eventListeners) l(m as EventMessage);
    }
  }

  private onClosed(e?: Error): void {
    if (this.closedError) return;
    this.closedError = e ?? new Error('closed');
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.stats.roundTrips.answered(id);
      p.reject(new LinkLostError(this.label, e));
    }
    this.pending.clear();
    for (const l of this.closeListeners) l(e);
  }
}

const MESSAGE_IS_RESPONSE = new Set<string>(Object.values(RESPONSE_OF));
