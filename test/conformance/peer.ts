/**
 * The conformance suite's view of a device: the host client from src/device on a transport
 * chosen by address (`tcp://host:port`, or a serial device path), plus an event queue, and raw
 * frame access for the link-level scenarios.
 */
import { createHash } from 'node:crypto';
import { DeviceClient, DeviceError, type DeviceInfo, uploadModule } from '../../src/device';
import {
  type Body_, type EventMessage, FrameReader, type Message, type RequestName, type ResponseTo, cobsEncode, crc32,
} from '../../src/protocol';
import { SerialTransport } from '../../src/transport/serial';
import { TcpTransport } from '../../src/transport/tcp';
import type { Transport } from '../../src/transport/link';

export function transportFor(address: string): Transport {
  if (/^tcp:\/\//.test(address) || /^[^/]+:\d+$/.test(address)) return new TcpTransport(address);
  return new SerialTransport(address.replace(/^serial:/, ''));
}

type EventName = EventMessage['name'];

export class Peer {
  readonly events: EventMessage[] = [];
  private waiters: (() => void)[] = [];
  /** Every decoded frame, including answers to raw frames the client did not send. */
  readonly raw: Message[] = [];
  info!: DeviceInfo;

  private constructor(readonly client: DeviceClient) {
    client.onEvent((e) => {
      this.events.push(e);
      this.wake();
    });
    const reader = new FrameReader(65535);
    client.link.onData((d) => {
      for (const item of reader.push(d)) {
        if ('message' in item) {
          this.raw.push(item.message);
          this.wake();
        }
      }
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Connects; with `hello` (default) greets the device and forgets events sent before. */
  static async open(address: string, opts: { hello?: boolean; timeoutMs?: number } = {}): Promise<Peer> {
    const link = await transportFor(address).connect();
    const p = new Peer(new DeviceClient(link, opts.timeoutMs ?? 8000));
    if (opts.hello !== false) await p.hello();
    return p;
  }

  async hello(): Promise<DeviceInfo> {
    this.info = await this.client.hello();
    this.events.length = 0;
    return this.info;
  }

  request<N extends RequestName>(name: N, body: Body_<N>, timeoutMs?: number): Promise<ResponseTo<N>> {
    return this.client.request(name, body, timeoutMs);
  }

  /** Expects an `error` response with this code; returns it. */
  async fails<N extends RequestName>(name: N, body: Body_<N>, code: number): Promise<DeviceError> {
    try {
      const r = await this.client.request(name, body);
      throw new Error(`${name} succeeded (${(r as Message).name}), expected error ${code}`);
    } catch (e) {
      if (!(e instanceof DeviceError)) throw e;
      if (e.code !== code) throw new Error(`${name}: expected error ${code}, got ${e.code}: ${e.message}`);
      return e;
    }
  }

  private waitChange(deadline: number): Promise<boolean> {
    return new Promise((resolve) => {
      const left = deadline - Date.now();
      if (left <= 0) return resolve(false);
      const t = setTimeout(() => resolve(false), left);
      this.waiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  /** Takes (removes) the first queued event of this name matching `pred`, waiting for it. */
  async take<N extends EventName>(name: N, pred: (e: Extract<EventMessage, { name: N }>) => boolean = () => true, timeoutMs = 8000): Promise<Extract<EventMessage, { name: N }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.events.findIndex((e) => e.name === name && pred(e as Extract<EventMessage, { name: N }>));
      if (i >= 0) return this.events.splice(i, 1)[0] as Extract<EventMessage, { name: N }>;
      if (!(await this.waitChange(deadline))) {
        throw new Error(`no ${name} event within ${timeoutMs} ms; queued: ${this.events.map((e) => e.name).join(', ') || 'none'}`);
      }
    }
  }

  /** Asserts no event of this name arrives within `ms`. */
  async none(name: EventName, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (this.events.some((e) => e.name === name)) throw new Error(`unexpected ${name} event`);
      await this.waitChange(deadline);
    }
    if (this.events.some((e) => e.name === name)) throw new Error(`unexpected ${name} event`);
  }

  /** Waits for a raw frame (any message) matching `pred`, e.g. an answer to a hand-made frame. */
  async rawFrame(pred: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.raw.find(pred);
      if (m) return m;
      if (!(await this.waitChange(deadline))) throw new Error(`no matching frame within ${timeoutMs} ms`);
    }
  }

  /** Sends bytes as they are. */
  writeRaw(bytes: Uint8Array): Promise<void> {
    return this.client.link.write(bytes);
  }

  /** Sends a hand-made frame: type, id, body, with a good (or deliberately bad) CRC. */
  writeFrame(type: number, id: number, body: number[], opts: { badCrc?: boolean } = {}): Promise<void> {
    const f = new Uint8Array(3 + body.length + 4);
    f[0] = type;
    f[1] = id & 0xff;
    f[2] = id >> 8;
    f.set(body, 3);
    let crc = crc32(f.subarray(0, 3 + body.length));
    if (opts.badCrc) crc = (crc ^ 0x5a5a5a5a) >>> 0;
    new DataView(f.buffer).setUint32(3 + body.length, crc, true);
    return this.writeRaw(cobsEncode(f));
  }

  /** Uploads unless the device already holds exactly these bytes. */
  async deploy(bytes: Uint8Array): Promise<void> {
    const want = createHash('sha256').update(bytes).digest('hex');
    if (this.info.moduleSha256 === want) return;
    await this.idle();
    await uploadModule(this.client, bytes);
    this.info = { ...this.info, moduleSha256: want, moduleSize: bytes.length };
  }

  /** Brings the device to a known state: nothing running, no breakpoints, no options. */
  async idle(): Promise<void> {
    const r = await this.client.request('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 });
    if (r.state !== 0) {
      await this.request('stop', {});
      await this.take('exited');
    }
    await this.request('bpClear', { offsets: [] });
    await this.request('options', { flags: 0 });
    this.events.length = 0;
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => {});
  }
}
