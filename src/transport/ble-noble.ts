/**
 * Loading noble (the BLE central library), lazily and with an injectable radio.
 *
 * `@abandonware/noble` is an optionalDependency, and its default export opens an HCI socket as soon
 * as it is required (it throws EAFNOSUPPORT on a machine without Bluetooth): it is required only
 * when the user picks BLE, never at activation. `require('@abandonware/noble/with-bindings')(binding)`
 * runs noble's real central logic over a binding object of ours (tests use a simulated radio).
 *
 * The types below are the small part of noble's API we use; noble's own index.d.ts does not type
 * `with-bindings` and the package may be absent, so the project does not depend on its types.
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

/** Builds noble over a binding (an EventEmitter speaking noble's binding protocol). */
export function nobleWithBinding(binding: unknown, requireFn: NodeRequire = require): Noble {
  let factory: (b: unknown) => Noble;
  try {
    factory = requireFn('@abandonware/noble/with-bindings') as (b: unknown) => Noble;
  } catch (e) {
    throw nobleMissing(e);
  }
  return factory(binding);
}

let systemNoble: Noble | undefined;

/**
 * The system's noble (HCI socket on Linux, CoreBluetooth on macOS, WinRT on Windows), loaded on
 * first use and kept: noble owns the adapter for the life of the process.
 */
export function systemNobleProvider(requireFn: NodeRequire = require): NobleProvider {
  return () => {
    if (systemNoble) return systemNoble;
    try {
      systemNoble = requireFn('@abandonware/noble') as Noble;
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
      'Bluetooth LE is unavailable: the optional "@abandonware/noble" module is not installed with this extension. Use a serial port or the simulator, or install the platform build of the extension.',
      e,
    );
  }
  if (/EAFNOSUPPORT|Address family not supported/i.test(msg)) {
    return new TransportError('Bluetooth LE is unavailable: this machine has no Bluetooth adapter the system lets us use (EAFNOSUPPORT). Use a serial port or the simulator.', e);
  }
  if (/EPERM|EACCES|permission|Operation not permitted/i.test(msg)) {
    return new TransportError(
      'Bluetooth LE is unavailable: no permission to open the Bluetooth adapter. On Linux, grant Node the capability: sudo setcap cap_net_raw+eip $(eval readlink -f $(which node)), or use a serial port.',
      e,
    );
  }
  return new TransportError(`Bluetooth LE is unavailable: the "@abandonware/noble" native module could not be loaded (${msg}). Use a serial port or the simulator.`, e);
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
