/**
 * LINK MODEL (a test double for the radio/wire, below the real TcpTransport and the real device):
 * a TCP proxy on loopback that carries the protocol's byte stream between a host and a device
 * (the simulator, the firmware's host build) the way a real link would: at a byte rate, with
 * latency, and for Bluetooth LE in packets of (ATT MTU - 3) bytes that leave only at connection
 * events, N per event and direction; optionally losing packets (never reordering them).
 *
 * Use it from tests and benches:
 *
 *   import { LINK_PROFILES, startLinkProxy } from '../test/link/link-model';
 *   const sim = await startSimulator();                      // test/simulator/helpers.ts
 *   const proxy = await startLinkProxy({ target: sim.url!, profile: LINK_PROFILES.ble1m, loss: 0.01 });
 *   const { client } = await connectDevice(new TcpTransport(proxy.address));
 *   ... proxy.stats.up.bytes, proxy.stats.up.lostPackets, rawCapacity(profile) ...
 *   await proxy.close();
 *
 * The debug adapter takes `"transport": "tcp", "address": proxy.address` like any device.
 *
 * What it models and what it does not:
 * - UART: full duplex, `bytesPerSecond` = baud / 10 each way, then `latencyMs` (a USB-serial
 *   bridge). Loss drops 64-byte blocks (a USB full-speed packet).
 * - BLE: both directions share one connection-event clock (t = k x interval). At each event up
 *   to `packetsPerEvent` packets go each way; a packet carries at most MTU - 3 bytes of what was
 *   queued before the event. `packing: 'stream'` (default) fills packets across frame boundaries
 *   (what src/transport/ble.ts and the firmware's notification path do); `packing: 'frame'` cuts
 *   every frame (up to its 0x00 delimiter) into its own packets, the last one short (the product
 *   before issue 17) — for "before" figures. A response cannot leave in the event that carried
 *   its request: it waits for the next one, as on a real controller.
 * - The host's writes complete at once (loopback TCP has megabytes of socket buffer), so a
 *   client sees no back-pressure through this proxy: its pacing must come from acknowledgements.
 * - `timeScale` > 1 runs the link that many times faster (rates x s, latencies and intervals / s);
 *   the device's own processing time is not scaled, so it is faithful only when the link, not the
 *   device, is the bottleneck (the case on every profile here). Tests use 1 unless they say so.
 */
import * as net from 'node:net';

export interface LinkProfile {
  name: string;
  kind: 'uart' | 'ble';
  /** UART: baud / 10. BLE: derived (MTU - 3) x packetsPerEvent / interval. */
  bytesPerSecond: number;
  /** One way, after the bytes are on the wire (bridge, host stack). */
  latencyMs: number;
  intervalMs?: number;
  mtu?: number;
  packetsPerEvent?: number;
}

function ble(name: string, intervalMs: number, mtu: number, packetsPerEvent: number): LinkProfile {
  return { name, kind: 'ble', intervalMs, mtu, packetsPerEvent, latencyMs: 1, bytesPerSecond: ((mtu - 3) * packetsPerEvent * 1000) / intervalMs };
}

export const LINK_PROFILES = {
  uart1m: { name: 'UART 1 Mbaud', kind: 'uart', bytesPerSecond: 100_000, latencyMs: 1 } as LinkProfile,
  uart115k: { name: 'UART 115200', kind: 'uart', bytesPerSecond: 11_520, latencyMs: 1 } as LinkProfile,
  ble2m: ble('BLE 2M, 15 ms, MTU 247, 6 pkts/event', 15, 247, 6),
  ble1m: ble('BLE 1M, 30 ms, MTU 23, 1 pkt/event', 30, 23, 1),
} as const;
export type LinkProfileName = keyof typeof LINK_PROFILES;

/** What the link can carry host -> device, bytes per second: the denominator of "payload / raw capacity". */
export function rawCapacity(p: LinkProfile): number {
  return p.bytesPerSecond;
}

export interface DirectionStats {
  /** Bytes that entered this direction. */
  bytes: number;
  /** Bytes delivered. */
  delivered: number;
  packets: number;
  lostPackets: number;
  /** Payload bytes per packet sent, summed (BLE): delivered / packets / (MTU - 3) is the packing. */
  packetBytes: number;
}

export interface LinkStats {
  /** host -> device */
  up: DirectionStats;
  /** device -> host */
  down: DirectionStats;
  connections: number;
  /**
   * Sequential round trips: host writes that follow bytes the device sent since the host's
   * previous write (requests sent together, pipelined, count once).
   */
  turns: number;
}

export interface LinkProxyOptions {
  /** The device: host:port or tcp://host:port. */
  target: string;
  profile: LinkProfile;
  /** Probability that a packet is lost, each direction (0..1). */
  loss?: number;
  /** Seed of the loss pattern (reproducible runs). */
  seed?: number;
  packing?: 'stream' | 'frame';
  timeScale?: number;
}

export interface LinkProxy {
  /** host:port to connect to instead of the device. */
  readonly address: string;
  readonly stats: LinkStats;
  /** Change the loss rate from now on (e.g. lossless handshake, lossy upload). */
  setLoss(p: number): void;
  close(): Promise<void>;
}

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const newStats = (): DirectionStats => ({ bytes: 0, delivered: 0, packets: 0, lostPackets: 0, packetBytes: 0 });

/** Deliveries in time order, one timer for the earliest. */
class Scheduler {
  private q: { at: number; run: () => void }[] = [];
  private timer?: NodeJS.Timeout;
  private armedFor = Infinity;
  private stopped = false;

  at(at: number, run: () => void): void {
    if (this.stopped) return;
    // Times are pushed nearly in order; insert from the end.
    let i = this.q.length;
    while (i > 0 && this.q[i - 1].at > at) i--;
    this.q.splice(i, 0, { at, run });
    this.arm();
  }
  private arm(): void {
    if (!this.q.length || this.stopped) return;
    const first = this.q[0].at;
    if (this.timer && first >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = first;
    this.timer = setTimeout(() => this.fire(), Math.max(0, first - performance.now()));
  }
  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = performance.now();
    while (this.q.length && this.q[0].at <= now + 0.5 && !this.stopped) this.q.shift()!.run();
    this.arm();
  }
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.q = [];
  }
}

interface Direction {
  push(d: Uint8Array): void;
}

/** UART one way: serialised at the byte rate in 64-byte blocks, then the latency. */
function uartDirection(p: LinkProfile, scale: number, sched: Scheduler, st: DirectionStats, lost: () => boolean, out: (d: Uint8Array) => void): Direction {
  let free = 0;
  const rate = (p.bytesPerSecond * scale) / 1000; // bytes per ms
  return {
    push(d) {
      st.bytes += d.length;
      for (let o = 0; o < d.length; o += 64) {
        const block = d.subarray(o, Math.min(d.length, o + 64));
        const start = Math.max(performance.now(), free);
        free = start + block.length / rate;
        st.packets++;
        st.packetBytes += block.length;
        if (lost()) {
          st.lostPackets++;
          continue;
        }
        sched.at(free + p.latencyMs / scale, () => {
          st.delivered += block.length;
          out(block);
        });
      }
    },
  };
}

/** The connection-event clock both BLE directions share. */
class BleConnection {
  private readonly interval: number;
  private readonly t0 = performance.now();
  private nextEvent = -1;
  private lastK = 0;
  readonly dirs: BleDirection[] = [];
  constructor(private readonly p: LinkProfile, private readonly scale: number, private readonly sched: Scheduler) {
    this.interval = p.intervalMs! / scale;
  }
  /** Something was queued: make sure the next event is scheduled. */
  wake(): void {
    if (this.nextEvent >= 0) return;
    const now = performance.now();
    // The first event strictly after now: bytes queued during an event wait for the next.
    // (Timers may fire a little early: never hold the same event twice.)
    this.schedule(Math.max(this.lastK + 1, Math.floor((now - this.t0) / this.interval) + 1));
  }
  private schedule(k: number): void {
    this.lastK = k;
    this.nextEvent = this.t0 + k * this.interval;
    this.sched.at(this.nextEvent, () => this.event());
  }
  private event(): void {
    const at = this.nextEvent;
    this.nextEvent = -1;
    let more = false;
    for (const d of this.dirs) more = d.sendEvent(at + this.p.latencyMs / this.scale) || more;
    // A busy link uses every event, even when this process ran the timer late (a loaded
    // machine): the radio does not skip events because the host was slow.
    if (more) this.schedule(this.lastK + 1);
  }
}

class BleDirection implements Direction {
  private bytes: Uint8Array[] = []; // stream packing: queued bytes
  private frame: number[] = []; // frame packing: the frame being collected
  private packets: Uint8Array[] = []; // frame packing: cut packets
  private queued = 0;
  private readonly payload: number;
  constructor(
    private readonly p: LinkProfile, private readonly conn: BleConnection, private readonly sched: Scheduler, private readonly st: DirectionStats,
    private readonly packing: 'stream' | 'frame', private readonly lost: () => boolean, private readonly out: (d: Uint8Array) => void,
  ) {
    this.payload = p.mtu! - 3;
    conn.dirs.push(this);
  }
  push(d: Uint8Array): void {
    this.st.bytes += d.length;
    if (this.packing === 'stream') {
      this.bytes.push(d);
      this.queued += d.length;
    } else {
      for (const b of d) {
        this.frame.push(b);
        if (b === 0) {
          const f = Uint8Array.from(this.frame);
          this.frame = [];
          for (let o = 0; o < f.length; o += this.payload) this.packets.push(f.subarray(o, o + this.payload));
        }
      }
    }
    if (this.pending()) this.conn.wake();
  }
  private pending(): boolean {
    return this.packing === 'stream' ? this.queued > 0 : this.packets.length > 0;
  }
  private take(): Uint8Array | undefined {
    if (this.packing === 'frame') return this.packets.shift();
    if (!this.queued) return undefined;
    const n = Math.min(this.payload, this.queued);
    const pkt = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const h = this.bytes[0];
      const k = Math.min(h.length, n - o);
      pkt.set(h.subarray(0, k), o);
      o += k;
      if (k === h.length) this.bytes.shift();
      else this.bytes[0] = h.subarray(k);
    }
    this.queued -= n;
    return pkt;
  }
  /** One connection event: up to N packets; returns whether more wait. */
  sendEvent(deliverAt: number): boolean {
    for (let i = 0; i < this.p.packetsPerEvent!; i++) {
      const pkt = this.take();
      if (!pkt) break;
      this.st.packets++;
      this.st.packetBytes += pkt.length;
      if (this.lost()) {
        this.st.lostPackets++;
        continue;
      }
      this.sched.at(deliverAt, () => {
        this.st.delivered += pkt.length;
        this.out(pkt);
      });
    }
    return this.pending();
  }
}

function parseTarget(t: string): { host: string; port: number } {
  const m = /^(?:tcp:\/\/)?([^:/]+):(\d+)\/?$/.exec(t.trim());
  if (!m) throw new Error(`link model: "${t}" is not host:port`);
  return { host: m[1], port: Number(m[2]) };
}

export async function startLinkProxy(o: LinkProxyOptions): Promise<LinkProxy> {
  const scale = o.timeScale ?? 1;
  const target = parseTarget(o.target);
  const stats: LinkStats = { up: newStats(), down: newStats(), connections: 0, turns: 0 };
  let loss = o.loss ?? 0;
  const random = rng(o.seed ?? 1);
  const lost = () => loss > 0 && random() < loss;
  const sockets = new Set<net.Socket>();
  const schedulers = new Set<Scheduler>();

  const server = net.createServer((host) => {
    stats.connections++;
    host.setNoDelay(true);
    const dev = net.connect(target);
    dev.setNoDelay(true);
    sockets.add(host);
    sockets.add(dev);
    const sched = new Scheduler();
    schedulers.add(sched);
    const toDev = (d: Uint8Array) => dev.writable && dev.write(d);
    let heard = true; // the device spoke since the host last wrote (a new connection counts as a turn)
    const toHost = (d: Uint8Array) => {
      heard = true;
      return host.writable && host.write(d);
    };
    let up: Direction, down: Direction;
    if (o.profile.kind === 'uart') {
      up = uartDirection(o.profile, scale, sched, stats.up, lost, toDev);
      down = uartDirection(o.profile, scale, sched, stats.down, lost, toHost);
    } else {
      const conn = new BleConnection(o.profile, scale, sched);
      up = new BleDirection(o.profile, conn, sched, stats.up, o.packing ?? 'stream', lost, toDev);
      down = new BleDirection(o.profile, conn, sched, stats.down, o.packing ?? 'stream', lost, toHost);
    }
    host.on('data', (d) => {
      if (heard) stats.turns++;
      heard = false;
      up.push(new Uint8Array(d));
    });
    dev.on('data', (d) => down.push(new Uint8Array(d)));
    // A cut on either side cuts the link at once (bytes in the air are lost, as on a real drop).
    const end = () => {
      sched.stop();
      schedulers.delete(sched);
      host.destroy();
      dev.destroy();
      sockets.delete(host);
      sockets.delete(dev);
    };
    host.on('close', end);
    dev.on('close', end);
    host.on('error', end);
    dev.on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    address: `127.0.0.1:${port}`,
    stats,
    setLoss: (p) => (loss = p),
    close: () =>
      new Promise<void>((r) => {
        for (const s of schedulers) s.stop();
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
