/**
 * Loading noble (the BLE central library), lazily and with an injectable radio.
 *
 * `@stoprocent/noble` (the maintained noble fork: noble's central API, Node-API native code with
 * prebuilds, so VS Code's Electron loads it without a rebuild; docs/ble.md says why not
 * `@abandonware/noble`) is an optionalDependency. Its default export builds the platform's
 * bindings as soon as it is required (a native addon on macOS/Windows, an HCI socket on Linux):
 * it is required only when the user picks BLE, never at activation. On Linux we use its BlueZ
 * D-Bus binding (no raw socket rights needed, and BlueZ's pairing agent asks for the passkey);
 * NOBLE_BINDINGS=hci|dbus|mac|win overrides the choice. `new Noble(binding)` from
 * `@stoprocent/noble/lib/noble` runs noble's real central logic over a binding object of ours
 * (tests use a simulated radio).
 *
 * The types below are the small part of noble's API we use: the package may be absent, so the
 * project does not depend on its types.
 */
import { TransportError } from './link';

export interface NobleCharacteristic {
  readonly uuid: string;
  readonly properties: string[];
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
  subscribeAsync(): Promise<void>;
  unsubscribeAsync(): Promise<void>;
  on(event: 'data', listener: (data: Buffer, isNotification: boolean) => void): this;
  removeListener(event: 'data', listener: (data: Buffer, isNotification: boolean) => void): this;
}

export interface NobleAdvertisement {
  localName?: string;
  serviceUuids?: string[];
}

export interface NoblePeripheral {
  readonly id: string;
  readonly address: string;
  readonly addressType?: string;
  readonly advertisement: NobleAdvertisement;
  rssi: number;
  /** null until the MTU exchange completed. */
  mtu: number | null;
  state: string;
  connectAsync(): Promise<void>;
  cancelConnect(): void;
  disconnectAsync(): Promise<void>;
  discoverSomeServicesAndCharacteristicsAsync(serviceUuids: string[], characteristicUuids: string[]): Promise<{ services: unknown[]; characteristics: NobleCharacteristic[] }>;
  once(event: 'disconnect', listener: (reason?: number) => void): this;
  removeListener(event: 'disconnect', listener: (reason?: number) => void): this;
}

export interface Noble {
  readonly state: string;
  startScanningAsync(serviceUuids?: string[], allowDuplicates?: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
  on(event: 'discover', listener: (p: NoblePeripheral) => void): this;
  on(event: 'stateChange', listener: (state: string) => void): this;
  on(event: 'warning', listener: (message: string) => void): this;
  removeListener(event: 'discover', listener: (p: NoblePeripheral) => void): this;
  removeListener(event: 'stateChange', listener: (state: string) => void): this;
}

/** What the BLE code needs to get a noble instance: tests pass one over a simulated radio. */
export type NobleProvider = () => Noble;

const NOBLE = '@stoprocent/noble';

/** Builds noble over a binding (an EventEmitter speaking noble's binding protocol). */
export function nobleWithBinding(binding: unknown, requireFn: NodeRequire = require): Noble {
  let NobleClass: new (b: unknown) => Noble;
  try {
    NobleClass = requireFn(`${NOBLE}/lib/noble`) as new (b: unknown) => Noble;
  } catch (e) {
    throw nobleMissing(e);
  }
  return new NobleClass(binding);
}

/** The binding noble should use here: D-Bus (BlueZ) on Linux unless NOBLE_BINDINGS says otherwise. */
export function systemBindingType(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const asked = (env.NOBLE_BINDINGS ?? '').toLowerCase();
  if (asked === 'hci' || asked === 'dbus' || asked === 'mac' || asked === 'win') return asked;
  return platform === 'linux' ? 'dbus' : 'default';
}

let systemNoble: Noble | undefined;

/**
 * The system's noble (BlueZ over D-Bus on Linux, CoreBluetooth on macOS, WinRT on Windows), loaded
 * on first use and kept: noble owns the adapter for the life of the process.
 */
export function systemNobleProvider(requireFn: NodeRequire = require, platform: NodeJS.Platform = process.platform): NobleProvider {
  return () => {
    if (systemNoble) return systemNoble;
    try {
      const withBindings = (requireFn(`${NOBLE}/lib/resolve-bindings`)) as (type: string) => Noble;
      systemNoble = withBindings(systemBindingType(platform));
    } catch (e) {
      throw nobleMissing(e);
    }
    return systemNoble;
  };
}

function nobleMissing(e: unknown): TransportError {
  const msg = (e as Error)?.message ?? String(e);
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(msg)) {
    return new TransportError(
      `Bluetooth LE is unavailable: the optional "${NOBLE}" module is not installed with this extension. Install the extension's build for this platform (e.g. nrf-wasm-linux-x64.vsix), or use a serial port or the simulator.`,
      e,
    );
  }
  if (/dbus-next|org\.bluez|DBUS_SESSION|ENOENT.*system_bus_socket|The name org\.bluez was not provided/i.test(msg)) {
    return new TransportError('Bluetooth LE is unavailable: BlueZ (the Linux Bluetooth service) cannot be reached over D-Bus. Start it (sudo systemctl start bluetooth), or use a serial port or the simulator.', e);
  }
  if (/EAFNOSUPPORT|Address family not supported/i.test(msg)) {
    return new TransportError('Bluetooth LE is unavailable: this machine has no Bluetooth adapter the system lets us use (EAFNOSUPPORT). Use a serial port or the simulator.', e);
  }
  if (/EPERM|EACCES|permission|Operation not permitted/i.test(msg)) {
    return new TransportError(
      'Bluetooth LE is unavailable: no permission to open the Bluetooth adapter. On Linux, BlueZ must allow this user (the default D-Bus binding needs no special rights; with NOBLE_BINDINGS=hci, grant the capability: sudo setcap cap_net_raw+eip on the program), or use a serial port.',
      e,
    );
  }
  return new TransportError(`Bluetooth LE is unavailable: the "${NOBLE}" native module could not be loaded (${msg}). Use a serial port or the simulator.`, e);
}

/** Words for noble's adapter states. */
export function adapterStateProblem(state: string): string | undefined {
  switch (state) {
    case 'poweredOn':
      return undefined;
    case 'poweredOff':
      return 'Bluetooth is turned off. Turn it on and try again.';
    case 'unauthorized':
      return 'This application is not allowed to use Bluetooth. Allow it in the system\'s privacy settings (macOS: System Settings > Privacy & Security > Bluetooth).';
    case 'unsupported':
      return 'This machine\'s Bluetooth adapter does not support Bluetooth LE (or there is none).';
    case 'resetting':
      return 'The Bluetooth adapter is resetting; try again in a moment.';
    default:
      return `The Bluetooth adapter is not ready (state "${state}").`;
  }
}

/** Resolves when noble's adapter is poweredOn; rejects with a TransportError in words otherwise. */
export function waitPoweredOn(noble: Noble, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (e?: Error) => {
      clearTimeout(timer);
      noble.removeListener('stateChange', onState);
      signal?.removeEventListener('abort', onAbort);
      if (e) reject(e);
      else resolve();
    };
    const onState = (state: string) => {
      if (state === 'poweredOn') done();
      else if (state !== 'unknown' && state !== 'resetting') done(new TransportError(adapterStateProblem(state)!));
    };
    const onAbort = () => done(new TransportError('Connecting was cancelled.'));
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => done(new TransportError(adapterStateProblem(noble.state) ?? 'The Bluetooth adapter did not become ready.')), timeoutMs);
    noble.on('stateChange', onState); // first listener makes noble call binding.init()
    const now = noble.state;
    if (now !== 'unknown') onState(now);
  });
}
