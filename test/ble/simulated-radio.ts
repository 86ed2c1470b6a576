/**
 * TEST DOUBLE: a simulated Bluetooth LE radio, as a noble *binding*. The real noble library
 * (`new Noble(binding)` from `@stoprocent/noble/lib/noble`) runs on top of it, so scanning, connecting, service
 * discovery, notifications and writes go through noble's own code; only the radio is simulated.
 *
 * Each simulated peripheral advertises the nrf-wasm service and routes its GATT RX/TX
 * characteristics to a device endpoint over TCP (the simulator, the firmware host build, or a
 * device double): RX writes go to the socket, socket bytes come back as TX notifications cut into
 * MTU - 3 pieces. It checks what a real radio would refuse (a write larger than MTU - 3, a write
 * before connecting) and counts what happened, for the tests to assert on.
 *
 * Bonding: a peripheral can require an encrypted, bonded link. Until `bond()` is called it plays
 * the firmware's gatekeeper: every request except `hello` and `ping` is answered with the
 * protocol's `notAuthorized` error instead of reaching the device (docs/protocol.md section 1.3).
 *
 * Binding protocol (checked on this machine, see FACTS.md): events are emitted asynchronously,
 * UUIDs are lowercase without dashes, `connect` comes before the MTU exchange (`onMtu`), a
 * notification is `read(id, svc, ch, data, true)`.
 */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { ErrorCode, FrameReader, encode, messageCode } from '../../src/protocol';
import { NOBLE_UUIDS } from '../../src/transport/ble-uuids';

export interface SimulatedPeripheralOptions {
  /** noble id; default derived from the address. */
  id?: string;
  name: string;
  address: string;
  /** host:port of the device endpoint the GATT service is routed to. */
  endpoint: string;
  rssi?: number;
  /** MTU negotiated after connecting (the link starts at 23). */
  mtu?: number;
  /** Delay before the MTU exchange completes (ms). */
  mtuDelayMs?: number;
  requireBonding?: boolean;
  bonded?: boolean;
  /** Advertise the nrf-wasm service UUID (a board running other firmware would not). */
  advertiseService?: boolean;
  /** Fault: the board goes out of range after this many RX writes on one connection. */
  dropAfterWrites?: number;
}

export interface PeripheralStats {
  connections: number;
  writes: number;
  writeSizes: number[];
  oversizeWrites: number;
  notifications: number;
  refusedNotAuthorized: number;
}

interface PeripheralState {
  opts: Required<Omit<SimulatedPeripheralOptions, 'id' | 'dropAfterWrites'>> & { id: string; dropAfterWrites?: number };
  writesOnLink: number;
  socket?: net.Socket;
  connected: boolean;
  mtu: number;
  subscribed: boolean;
  pending: number[];
  closingLocally?: boolean;
  stats: PeripheralStats;
}

const SVC = NOBLE_UUIDS.service;

export class SimulatedRadio extends EventEmitter {
  private readonly peripherals = new Map<string, PeripheralState>();
  private scanTimer?: NodeJS.Timeout;
  private scanning = false;
  /** Adapter state reported at init(): 'poweredOn', 'poweredOff', 'unauthorized', ... */
  adapterState = 'poweredOn';
  /** Advertising interval while scanning (ms). */
  advertiseEveryMs = 20;
  /** Every binding call, for assertions. */
  readonly calls: string[] = [];

  add(o: SimulatedPeripheralOptions): string {
    const id = o.id ?? o.address.replace(/:/g, '').toLowerCase();
    this.peripherals.set(id, {
      opts: { rssi: -60, mtu: 247, mtuDelayMs: 5, requireBonding: false, bonded: false, advertiseService: true, ...o, id },
      connected: false, mtu: 23, subscribed: false, pending: [], writesOnLink: 0,
      stats: { connections: 0, writes: 0, writeSizes: [], oversizeWrites: 0, notifications: 0, refusedNotAuthorized: 0 },
    });
    return id;
  }

  stats(id: string): PeripheralStats {
    return this.get(id).stats;
  }
  bond(id: string): void {
    this.get(id).opts.bonded = true;
  }
  /** Fault injection: drop the link after `n` more RX writes on each connection (undefined: never). */
  dropAfterWrites(id: string, n: number | undefined): void {
    this.get(id).opts.dropAfterWrites = n;
  }
  setRssi(id: string, rssi: number): void {
    this.get(id).opts.rssi = rssi;
  }
  /** The board goes out of range: supervision timeout (HCI 0x08). */
  dropLink(id: string): void {
    const p = this.get(id);
    p.socket?.destroy();
  }

  private get(id: string): PeripheralState {
    const p = this.peripherals.get(id);
    if (!p) throw new Error(`no simulated peripheral ${id}`);
    return p;
  }
  private later(event: string, ...args: unknown[]): void {
    setImmediate(() => this.emit(event, ...args));
  }

  // ---- noble binding API ------------------------------------------------------------------------

  /** noble calls it when the first `stateChange` listener is added. */
  start(): void {
    this.calls.push('start');
    this.later('stateChange', this.adapterState);
  }

  stop(): void {
    this.calls.push('stop');
    this.scanning = false;
    clearTimeout(this.scanTimer);
  }

  /** noble's id of a peripheral given by address (noble ids are the address without colons here). */
  addressToId(address: string): string | null {
    for (const p of this.peripherals.values()) if (p.opts.address.toLowerCase() === address.toLowerCase()) return p.opts.id;
    return null;
  }

  startScanning(serviceUuids?: string[], allowDuplicates?: boolean): void {
    this.calls.push(`startScanning ${JSON.stringify(serviceUuids ?? [])} ${allowDuplicates}`);
    this.scanning = true;
    this.later('scanStart', !allowDuplicates);
    const advertise = () => {
      if (!this.scanning) return;
      for (const p of this.peripherals.values()) {
        if (p.connected) continue; // a connected peripheral stops advertising
        const uuids = p.opts.advertiseService ? [SVC] : [];
        if (serviceUuids?.length && !serviceUuids.some((u) => uuids.includes(u))) continue;
        const adv = { localName: p.opts.name, serviceUuids: uuids, txPowerLevel: 0, manufacturerData: undefined, serviceData: [] };
        const rssi = p.opts.rssi + Math.round(Math.random() * 4 - 2);
        this.emit('discover', p.opts.id, p.opts.address, 'random', true, adv, rssi, true);
      }
      this.scanTimer = setTimeout(advertise, this.advertiseEveryMs);
    };
    this.scanTimer = setTimeout(advertise, 1);
  }

  stopScanning(): void {
    this.calls.push('stopScanning');
    this.scanning = false;
    clearTimeout(this.scanTimer);
    this.later('scanStop');
  }

  connect(id: string): void {
    this.calls.push(`connect ${id}`);
    const p = this.get(id);
    const socket = net.connect(hostPort(p.opts.endpoint));
    socket.setNoDelay(true);
    socket.once('connect', () => {
      p.socket = socket;
      p.connected = true;
      p.mtu = 23;
      p.subscribed = false;
      p.pending = [];
      p.writesOnLink = 0;
      p.stats.connections++;
      this.emit('connect', id, null);
      setTimeout(() => {
        if (p.socket !== socket) return;
        p.mtu = p.opts.mtu;
        this.emit('onMtu', id, p.mtu);
      }, p.opts.mtuDelayMs);
    });
    socket.once('error', (e) => {
      if (!p.connected) this.later('connect', id, new Error(`connection failed: ${e.message}`));
    });
    socket.on('data', (d) => this.notifyHost(p, d));
    socket.once('close', () => {
      const wasOurs = p.socket === socket;
      p.connected = false;
      p.socket = undefined;
      if (wasOurs) this.later('disconnect', id, p.closingLocally ? 0x16 : 0x08);
      p.closingLocally = false;
    });
  }

  cancelConnect(id: string): void {
    this.calls.push(`cancelConnect ${id}`);
  }

  disconnect(id: string): void {
    this.calls.push(`disconnect ${id}`);
    const p = this.get(id);
    if (!p.socket) {
      this.later('disconnect', id, 0x16);
      return;
    }
    p.closingLocally = true;
    p.socket.destroy();
  }

  updateRssi(id: string): void {
    this.later('rssiUpdate', id, this.get(id).opts.rssi);
  }

  discoverServices(id: string, uuids: string[]): void {
    this.calls.push(`discoverServices ${JSON.stringify(uuids)}`);
    const all = [SVC, '1800', '1801'];
    this.later('servicesDiscover', id, uuids?.length ? all.filter((u) => uuids.includes(u)) : all);
  }

  discoverIncludedServices(id: string, svc: string): void {
    this.later('includedServicesDiscover', id, svc, []);
  }

  discoverCharacteristics(id: string, svc: string, uuids: string[]): void {
    this.calls.push(`discoverCharacteristics ${svc} ${JSON.stringify(uuids)}`);
    const chars = svc === SVC ? [
      { uuid: NOBLE_UUIDS.rx, properties: ['write', 'writeWithoutResponse'] },
      { uuid: NOBLE_UUIDS.tx, properties: ['notify'] },
    ] : [];
    this.later('characteristicsDiscover', id, svc, uuids?.length ? chars.filter((c) => uuids.includes(c.uuid)) : chars);
  }

  notify(id: string, svc: string, ch: string, enable: boolean): void {
    this.calls.push(`notify ${ch} ${enable}`);
    const p = this.get(id);
    if (svc === SVC && ch === NOBLE_UUIDS.tx) p.subscribed = enable;
    this.later('notify', id, svc, ch, enable);
  }

  write(id: string, svc: string, ch: string, data: Buffer, withoutResponse: boolean): void {
    const p = this.get(id);
    if (!p.connected || !p.socket) return; // the radio drops it; no write event, like a dead link
    if (svc !== SVC || ch !== NOBLE_UUIDS.rx || !withoutResponse) throw new Error(`unexpected write to ${svc}/${ch} (withoutResponse=${withoutResponse})`);
    p.stats.writes++;
    p.stats.writeSizes.push(data.length);
    if (data.length > p.mtu - 3) p.stats.oversizeWrites++;
    if (p.opts.dropAfterWrites !== undefined && ++p.writesOnLink > p.opts.dropAfterWrites) {
      p.socket.destroy(); // out of range: this write never reaches the board
      return;
    }
    this.fromHost(p, data);
    this.later('write', id, svc, ch);
  }

  read(id: string, svc: string, ch: string): void {
    this.later('read', id, svc, ch, Buffer.alloc(0), false);
  }

  // ---- GATT <-> device endpoint ------------------------------------------------------------------

  private notifyHost(p: PeripheralState, data: Uint8Array): void {
    if (!p.subscribed) return; // nobody listens on TX: a real board drops the notification too
    const piece = p.mtu - 3;
    for (let i = 0; i < data.length; i += piece) {
      p.stats.notifications++;
      this.emit('read', p.opts.id, SVC, NOBLE_UUIDS.tx, Buffer.from(data.subarray(i, i + piece)), true);
    }
  }

  /** RX bytes: straight to the device, or through the bonding gatekeeper. */
  private fromHost(p: PeripheralState, data: Uint8Array): void {
    if (!p.opts.requireBonding || p.opts.bonded) {
      p.socket!.write(data);
      return;
    }
    for (const b of data) {
      p.pending.push(b);
      if (b !== 0) continue;
      const block = Uint8Array.from(p.pending);
      p.pending = [];
      const items = new FrameReader(4096).push(block);
      const m = items.length === 1 && 'message' in items[0] ? items[0].message : undefined;
      if (!m || m.name === 'hello' || m.name === 'ping') {
        p.socket!.write(block);
        continue;
      }
      p.stats.refusedNotAuthorized++;
      const code = encode('error', m.id, { code: ErrorCode.notAuthorized, requestType: messageCode(m.name), message: 'link not encrypted and bonded' });
      this.notifyHost(p, code);
    }
  }
}

function hostPort(endpoint: string): { host: string; port: number } {
  const m = /^(?:tcp:\/\/)?([^:]+):(\d+)$/.exec(endpoint);
  if (!m) throw new Error(`bad endpoint ${endpoint}`);
  return { host: m[1], port: Number(m[2]) };
}
