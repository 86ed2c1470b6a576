/**
 * Bluetooth LE transport: noble as the central. Finds the board by name or address (scanning with
 * the nrf-wasm service UUID as filter), connects, discovers the service and its RX/TX
 * characteristics, subscribes to TX notifications and writes the protocol's COBS byte stream to RX
 * without response, in pieces of at most ATT MTU - 3 bytes filled across frame boundaries
 * (docs/protocol.md section 1.3).
 *
 * Writes are queued: one ATT write at a time, each waiting for the radio to take it (noble's
 * `write` event), which is the back-pressure a BLE link has. The MTU is 23 until the exchange
 * completes, so the piece size is read before every piece.
 *
 * Pairing and bonding belong to the operating system (the passkey dialog is the OS's): when the
 * board refuses a request with `notAuthorized`, `bleNotAuthorizedMessage()` tells the user how to
 * open the board's pairing window and pair.
 */
import { type Link, LinkEvents, type Transport, TransportError } from './link';
import { type Noble, type NobleCharacteristic, type NoblePeripheral, type NobleProvider, systemNobleProvider, waitPoweredOn } from './ble-noble';
import { ATT_WRITE_OVERHEAD, DEFAULT_ATT_MTU, NOBLE_UUIDS } from './ble-uuids';

export { BLE_UUIDS, NOBLE_UUIDS } from './ble-uuids';
export type { Noble, NobleProvider } from './ble-noble';
export { nobleWithBinding, systemNobleProvider } from './ble-noble';

export interface BleTransportOptions {
  /** Device name or address (`c1:22:...`, any case, with or without colons); empty: the first nrf-wasm board found. */
  device?: string;
  /** Where noble comes from; default: the system's, loaded on first use. */
  noble?: NobleProvider;
  /** How long to scan for the board (ms). */
  scanTimeoutMs?: number;
  /** How long connecting + discovering + subscribing may take (ms). */
  connectTimeoutMs?: number;
}

export interface BleDeviceInfo {
  /** noble's peripheral id (the address on Linux, a UUID on macOS). */
  id: string;
  name: string;
  address: string;
  rssi: number;
  /** Date.now() of the last advertisement seen. */
  lastSeen: number;
}

const normAddress = (a: string) => a.replace(/[^0-9a-f]/gi, '').toLowerCase();

/** Does this peripheral match what the user asked for (name or address, exact, case-insensitive)? */
export function matchesDevice(wanted: string | undefined, p: { id: string; address: string; name?: string }): boolean {
  const w = (wanted ?? '').trim();
  if (!w) return true;
  if ((p.name ?? '').toLowerCase() === w.toLowerCase()) return true;
  const wa = normAddress(w);
  return wa.length >= 12 && (normAddress(p.address) === wa || normAddress(p.id) === wa);
}

/** Does a device name pass the user's name filter (a case-insensitive substring; empty: all)? */
export function passesNameFilter(filter: string | undefined, name: string): boolean {
  const f = (filter ?? '').trim().toLowerCase();
  return !f || name.toLowerCase().includes(f);
}

/** The board's side of pairing, the same on every OS (docs/ble.md). */
export const BOARD_PAIRING_STEPS =
  'hold button 2 while resetting the board: for 60 s it accepts one new pairing (LED4 blinks). When the computer asks for a passkey, type the 6 digits the board prints on its log (RTT: J-Link RTT Viewer or nRF Connect\'s RTT terminal).';

/** How to pair on this platform, for the message shown when the board says notAuthorized. */
export function pairingAdvice(platform: NodeJS.Platform = process.platform, address?: string): string {
  const a = address && address !== 'unknown' ? address : '<board address>';
  switch (platform) {
    case 'linux':
      return `${BOARD_PAIRING_STEPS} Pair from the desktop's Bluetooth settings, or run "bluetoothctl", then "pair ${a}" (type the passkey when asked) and "trust ${a}"; then try again.`;
    case 'darwin':
      return `${BOARD_PAIRING_STEPS} Then connect again: macOS shows a pairing dialog asking for the passkey. If the board was paired before, remove it in System Settings > Bluetooth first.`;
    case 'win32':
      return `${BOARD_PAIRING_STEPS} Then open Settings > Bluetooth & devices > Add device > Bluetooth, pick the board and type the passkey; then try again.`;
    default:
      return `${BOARD_PAIRING_STEPS} Then pair it using the system's Bluetooth settings and type the passkey; then try again.`;
  }
}

/** The message for a device's `notAuthorized` answer over BLE: say "pair the board" and how. */
export function bleNotAuthorizedMessage(label?: string, address?: string, platform: NodeJS.Platform = process.platform): string {
  const who = label ? ` (${label})` : '';
  return `Pair the board: the device${who} serves deploy and debug over Bluetooth only to a computer paired with a passkey (LE Secure Connections) and bonded; anyone else in range is refused. To pair, ${pairingAdvice(platform, address)}`;
}

/** HCI disconnect reasons, in words. */
export function disconnectReason(reason: number | undefined): string {
  switch (reason) {
    case 0x05:
    case 0x06:
      return 'authentication failed: the bond is missing or stale; remove the board from the system\'s Bluetooth devices and pair again';
    case 0x08:
      return 'the connection timed out: the board is out of range, reset or powered off';
    case 0x13:
      return 'the board closed the connection';
    case 0x16:
      return 'this computer closed the connection';
    case 0x3e:
      return 'the connection could not be established';
    case undefined:
      return 'no reason given';
    default:
      return `HCI reason 0x${reason.toString(16).padStart(2, '0')}`;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: () => Error, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(what()), ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TransportError('Connecting was cancelled.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export class BleTransport implements Transport {
  readonly kind = 'ble' as const;
  readonly label: string;
  private readonly noble: NobleProvider;

  constructor(private readonly opts: BleTransportOptions = {}) {
    this.noble = opts.noble ?? systemNobleProvider();
    this.label = `BLE ${opts.device?.trim() || 'nrf-wasm'}`;
  }

  async connect(signal?: AbortSignal): Promise<Link> {
    const noble = this.noble();
    await waitPoweredOn(noble, 5000, signal);
    const peripheral = await this.find(noble, signal);
    const name = peripheral.advertisement.localName ?? '';
    const label = `BLE ${name || 'nrf-wasm'} (${peripheral.address})`;
    const timeoutMs = this.opts.connectTimeoutMs ?? 10_000;
    const step = (what: string) => () => new TransportError(`${label}: ${what} took longer than ${timeoutMs / 1000} s. Move the board closer, or reset it, and try again.`);
    // noble reuses peripheral objects and never resets the MTU of an earlier connection: a new
    // link starts at 23 until this connection's exchange completes.
    peripheral.mtu = null;
    try {
      await withTimeout(peripheral.connectAsync(), timeoutMs, () => {
        peripheral.cancelConnect();
        return step('connecting')();
      }, signal);
    } catch (e) {
      if (e instanceof TransportError) throw e;
      throw new TransportError(`Cannot connect to ${label}: ${(e as Error).message ?? e}.`, e);
    }
    try {
      const found = await withTimeout(
        peripheral.discoverSomeServicesAndCharacteristicsAsync([NOBLE_UUIDS.service], [NOBLE_UUIDS.rx, NOBLE_UUIDS.tx]),
        timeoutMs, step('discovering the nrf-wasm service'), signal,
      ).catch((e: unknown) => {
        if (e instanceof TransportError) throw e;
        throw new TransportError(`${label} has no nrf-wasm debug service (${String((e as Error)?.message ?? e)}). Is the nrf-wasm firmware flashed on it?`, e);
      });
      const rx = found.characteristics.find((c) => c.uuid === NOBLE_UUIDS.rx);
      const tx = found.characteristics.find((c) => c.uuid === NOBLE_UUIDS.tx);
      if (!rx || !tx) throw new TransportError(`${label} has the nrf-wasm service but not its RX/TX characteristics. Update the board's firmware.`);
      const link = new BleLink(peripheral, rx, tx, label);
      await withTimeout(tx.subscribeAsync(), timeoutMs, step('subscribing to notifications'), signal);
      return link;
    } catch (e) {
      await withTimeout(peripheral.disconnectAsync(), 2000, () => new Error('disconnect timeout')).catch(() => undefined);
      throw e;
    }
  }

  /** Scans (service UUID filter) until a board matching `device` shows up. */
  private find(noble: Noble, signal?: AbortSignal): Promise<NoblePeripheral> {
    const wanted = this.opts.device?.trim();
    const timeoutMs = this.opts.scanTimeoutMs ?? 10_000;
    return new Promise<NoblePeripheral>((resolve, reject) => {
      const seen = new Set<string>();
      let finished = false;
      const finish = (err: Error | undefined, p?: NoblePeripheral) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        noble.removeListener('discover', onDiscover);
        signal?.removeEventListener('abort', onAbort);
        noble.stopScanningAsync().catch(() => undefined).finally(() => (err ? reject(err) : resolve(p!)));
      };
      const onDiscover = (p: NoblePeripheral) => {
        const name = p.advertisement.localName ?? '';
        seen.add(name ? `${name} (${p.address})` : p.address);
        if (matchesDevice(wanted, { id: p.id, address: p.address, name })) finish(undefined, p);
      };
      const onAbort = () => finish(new TransportError('Connecting was cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        const others = seen.size ? ` Boards seen: ${[...seen].join(', ')}.` : ' No nrf-wasm board was seen at all.';
        finish(new TransportError(`No nrf-wasm board ${wanted ? `named "${wanted}" ` : ''}advertised within ${timeoutMs / 1000} s.${others} Is it powered, in range, and not connected to another computer?`));
      }, timeoutMs);
      noble.on('discover', onDiscover);
      noble.startScanningAsync([NOBLE_UUIDS.service], false).catch((e: Error) => finish(new TransportError(`Cannot scan for Bluetooth LE devices: ${e.message}`, e)));
    });
  }
}

interface QueuedWrite {
  data: Uint8Array;
  offset: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

export interface BleLinkStats {
  writes: number;
  largestWrite: number;
  notifications: number;
}

export class BleLink implements Link {
  private readonly events = new LinkEvents();
  private readonly queue: QueuedWrite[] = [];
  private pumping = false;
  private closing = false;
  private markClosed!: () => void;
  /** Settles when the link ends: a write the radio will never confirm must not hold the queue. */
  private readonly closed = new Promise<void>((r) => (this.markClosed = () => {
    this.ended = true;
    r();
  }));
  private ended = false;
  readonly stats: BleLinkStats = { writes: 0, largestWrite: 0, notifications: 0 };
  private readonly onNotify = (data: Buffer) => {
    this.stats.notifications++;
    this.events.emitData(data);
  };
  private readonly onDisconnect = (reason?: number) => {
    this.tx.removeListener('data', this.onNotify);
    const err = this.closing ? undefined : new TransportError(`${this.label} disconnected: ${disconnectReason(reason)}.`);
    this.failQueue(err ?? new TransportError(`${this.label} is closed.`));
    this.markClosed();
    this.events.emitClose(err);
  };

  constructor(private readonly peripheral: NoblePeripheral, private readonly rx: NobleCharacteristic, private readonly tx: NobleCharacteristic, readonly label: string) {
    tx.on('data', this.onNotify);
    peripheral.once('disconnect', this.onDisconnect);
  }

  /** Largest piece one ATT write may carry now (MTU 23 until the exchange completes). */
  get pieceSize(): number {
    return Math.max(1, (this.peripheral.mtu ?? DEFAULT_ATT_MTU) - ATT_WRITE_OVERHEAD);
  }

  write(data: Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new TransportError(`${this.label} is closed.`));
    if (data.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data, offset: 0, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && !this.ended) {
        // A byte stream: each ATT write is filled up to MTU - 3 across frame boundaries, so a
        // frame's short tail shares its packet with the next frame's head (docs/protocol.md 1.3).
        const size = this.pieceSize;
        const parts: Uint8Array[] = [];
        let n = 0;
        for (const q of this.queue) {
          if (n >= size) break;
          const k = Math.min(size - n, q.data.length - q.offset);
          parts.push(q.data.subarray(q.offset, q.offset + k));
          n += k;
        }
        const piece = parts.length === 1 ? Buffer.from(parts[0].buffer, parts[0].byteOffset, n) : Buffer.concat(parts, n);
        this.stats.writes++;
        this.stats.largestWrite = Math.max(this.stats.largestWrite, n);
        try {
          await Promise.race([this.rx.writeAsync(piece, true), this.closed]);
        } catch (e) {
          this.failQueue(new TransportError(`Writing to ${this.label} failed: ${(e as Error).message}`, e));
          break;
        }
        if (this.ended) break; // failQueue already answered
        // The radio took these bytes: every write they finish is done.
        while (n > 0) {
          const w = this.queue[0];
          const k = Math.min(n, w.data.length - w.offset);
          w.offset += k;
          n -= k;
          if (w.offset >= w.data.length) {
            this.queue.shift();
            w.resolve();
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private failQueue(e: Error): void {
    for (const w of this.queue.splice(0)) w.reject(e);
  }

  async close(): Promise<void> {
    if (this.events.isClosed) return;
    this.closing = true;
    this.failQueue(new TransportError(`${this.label} is closed.`));
    this.markClosed();
    await withTimeout(this.tx.unsubscribeAsync(), 1000, () => new Error('unsubscribe timeout')).catch(() => undefined);
    await withTimeout(this.peripheral.disconnectAsync(), 2000, () => new Error('disconnect timeout')).catch(() => undefined);
    // A radio that never confirms: end the link anyway.
    this.peripheral.removeListener('disconnect', this.onDisconnect);
    this.tx.removeListener('data', this.onNotify);
    this.markClosed();
    this.events.emitClose(undefined);
  }

  onData(l: (d: Uint8Array) => void): void {
    this.events.onData(l);
  }
  onClose(l: (e?: Error) => void): void {
    this.events.onClose(l);
  }
}

export interface BleScanOptions {
  nameFilter?: string;
  signal?: AbortSignal;
  /** Stop by itself after this long (ms); default 15 s. */
  durationMs?: number;
  /** Called with the whole list, sorted by signal strength, whenever it changes. */
  onUpdate?: (devices: BleDeviceInfo[]) => void;
}

/**
 * Scans for nrf-wasm boards (service UUID filter, duplicates on so RSSI stays live) and reports
 * the list as it changes; resolves with the final list when the scan ends.
 */
export async function scanBleDevices(nobleProvider: NobleProvider = systemNobleProvider(), opts: BleScanOptions = {}): Promise<BleDeviceInfo[]> {
  const noble = nobleProvider();
  await waitPoweredOn(noble, 5000, opts.signal);
  const devices = new Map<string, BleDeviceInfo>();
  const list = () => [...devices.values()].sort((a, b) => b.rssi - a.rssi || a.name.localeCompare(b.name));
  return new Promise<BleDeviceInfo[]>((resolve, reject) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      noble.removeListener('discover', onDiscover);
      opts.signal?.removeEventListener('abort', finish);
      noble.stopScanningAsync().catch(() => undefined).finally(() => resolve(list()));
    };
    const onDiscover = (p: NoblePeripheral) => {
      const name = p.advertisement.localName ?? '';
      if (!passesNameFilter(opts.nameFilter, name)) return;
      const prev = devices.get(p.id);
      devices.set(p.id, { id: p.id, name, address: p.address, rssi: p.rssi, lastSeen: Date.now() });
      if (!prev || prev.rssi !== p.rssi || prev.name !== name) opts.onUpdate?.(list());
    };
    const timer = setTimeout(finish, opts.durationMs ?? 15_000);
    opts.signal?.addEventListener('abort', finish, { once: true });
    noble.on('discover', onDiscover);
    noble.startScanningAsync([NOBLE_UUIDS.service], true).catch((e: Error) => {
      finished = true;
      clearTimeout(timer);
      noble.removeListener('discover', onDiscover);
      reject(new TransportError(`Cannot scan for Bluetooth LE devices: ${e.message}`, e));
    });
  });
}
