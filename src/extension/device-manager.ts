/**
 * The extension's own link to the selected device (Deploy, Run, Reset, the device log). One link
 * at a time, opened on demand and kept so the device's output keeps flowing to the log; released
 * when a debug session needs the device (a serial port opens only once). No vscode import.
 */
import { connectDevice, type DeviceClient, type DeviceInfo } from '../device';
import { ExitReason, OutputLevel, type EventMessage } from '../protocol';
import type { Transport } from '../transport/link';
import { type DeviceTarget, sameTarget, targetLabel } from './targets';

export type LinkState = 'idle' | 'connecting' | 'connected' | 'error';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface DeviceManagerDeps {
  /** Builds the transport for a target (may start the simulator first). */
  transportFor(target: DeviceTarget): Promise<Transport>;
  log(level: LogLevel, text: string): void;
}

export interface Connected {
  client: DeviceClient;
  info: DeviceInfo;
}

const EXIT_REASONS = Object.fromEntries(Object.entries(ExitReason).map(([k, v]) => [v, k]));

/** One line for the device log, or undefined for events the log does not show. */
export function describeEvent(e: EventMessage): { level: LogLevel; text: string } | undefined {
  switch (e.name) {
    case 'output': {
      const level: LogLevel = e.level === OutputLevel.error ? 'error' : e.level === OutputLevel.warning ? 'warn' : e.level === OutputLevel.debug ? 'debug' : 'info';
      return { level, text: `${e.source === 0 ? '[app] ' : '[device] '}${e.text.replace(/\n$/, '')}` };
    }
    case 'exited':
      return { level: e.reason === ExitReason.trap ? 'warn' : 'info', text: `module exited: ${EXIT_REASONS[e.reason] ?? e.reason}, code ${e.code}` };
    case 'trap':
      return { level: 'error', text: `trap: ${e.message} (function ${e.func}, offset 0x${e.pc.toString(16)})` };
    case 'deviceReset':
      return { level: 'info', text: `device reset (cause ${e.cause})` };
    case 'linkError':
      return { level: 'warn', text: `the device dropped ${e.count} damaged frame(s) (kind ${e.kind}); check the cable or the baud rate` };
    default:
      return undefined;
  }
}

export class DeviceManager {
  private current?: { target: DeviceTarget; conn: Promise<Connected> };
  private _state: LinkState = 'idle';
  private stateListeners: ((s: LinkState, detail?: string) => void)[] = [];
  private eventListeners: ((e: EventMessage) => void)[] = [];
  lastError?: string;

  constructor(private readonly deps: DeviceManagerDeps) {}

  get state(): LinkState {
    return this._state;
  }
  onState(l: (s: LinkState, detail?: string) => void): void {
    this.stateListeners.push(l);
  }
  /** The device the extension's link is open to, if it is open. */
  connectedTo(): DeviceTarget | undefined {
    return this._state === 'connected' ? this.current?.target : undefined;
  }
  /** Device events on the extension's link (e.g. `exited` after Run). */
  onEvent(l: (e: EventMessage) => void): () => void {
    this.eventListeners.push(l);
    return () => (this.eventListeners = this.eventListeners.filter((x) => x !== l));
  }

  private setState(s: LinkState, detail?: string): void {
    if (s === this._state && s !== 'error') return;
    this._state = s;
    this.lastError = s === 'error' ? detail : undefined;
    for (const l of this.stateListeners) l(s, detail);
  }

  /** The link to `target`, opened if needed (a different target closes the old link first). */
  async connect(target: DeviceTarget, signal?: AbortSignal): Promise<Connected> {
    if (this.current && sameTarget(this.current.target, target)) {
      const c = await this.current.conn.catch(() => undefined);
      if (c && !c.client.closed) return c;
    }
    await this.release();
    const conn = this.open(target, signal);
    this.current = { target, conn };
    conn.catch(() => {
      if (this.current?.conn === conn) this.current = undefined;
    });
    return conn;
  }

  private async open(target: DeviceTarget, signal?: AbortSignal): Promise<Connected> {
    const label = targetLabel(target);
    this.setState('connecting', label);
    try {
      const transport = await this.deps.transportFor(target);
      const { client, info } = await connectDevice(transport, { signal });
      this.deps.log('info', `connected to ${client.label}: ${info.board}, ${info.runtime} ${info.runtimeVersion}, firmware ${info.firmwareVersion}, protocol v${info.version}${info.moduleSha256 ? `, stored module ${info.moduleSha256.slice(0, 16)}… (${info.moduleSize} bytes)` : ', no module stored'}`);
      client.onEvent((e) => {
        const d = describeEvent(e);
        if (d) this.deps.log(d.level, d.text);
        for (const l of this.eventListeners) l(e);
      });
      client.onClose((e) => {
        if (this.current?.target && sameTarget(this.current.target, target)) this.current = undefined;
        if (e) {
          this.deps.log('warn', `link to ${client.label} lost: ${e.message}`);
          this.setState('error', e.message);
        } else this.setState('idle');
      });
      this.setState('connected', client.label);
      return { client, info };
    } catch (e) {
      this.setState('error', (e as Error).message);
      throw e;
    }
  }

  /** Closes the extension's link (before a debug session opens its own). */
  async release(): Promise<void> {
    const cur = this.current;
    this.current = undefined;
    if (!cur) return;
    const c = await cur.conn.catch(() => undefined);
    if (c && !c.client.closed) await c.client.close().catch(() => undefined);
    this.setState('idle');
  }
}
