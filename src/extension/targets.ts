/**
 * A device target: where Deploy, Run and F5 go. Plain data (kept in workspaceState, turned into
 * launch.json fields and into a Transport). No vscode import.
 */
import type { Transport } from '../transport/link';
import { TcpTransport } from '../transport/tcp';
import { SerialTransport } from '../transport/serial';
import { BleTransport, type NobleProvider } from '../transport/ble';
import type { Settings } from './settings';

export type DeviceTarget =
  | { transport: 'simulator' }
  | { transport: 'serial'; serialPort: string; baudRate?: number }
  | { transport: 'ble'; bleDevice: string; name?: string }
  | { transport: 'tcp'; address: string }
  /** The emulated Cortex-M33 board the extension runs under QEMU (src/qemu/board.ts). */
  | { transport: 'qemu' };

export const SIMULATOR: DeviceTarget = { transport: 'simulator' };
export const EMULATED_BOARD: DeviceTarget = { transport: 'qemu' };

/** Short text for the status bar and pickers. */
export function targetLabel(t: DeviceTarget): string {
  switch (t.transport) {
    case 'simulator':
      return 'Simulator';
    case 'serial':
      return `Serial ${t.serialPort.replace(/^\/dev\//, '')}`;
    case 'ble':
      return `BLE ${t.name || t.bleDevice || 'nrf-wasm'}`;
    case 'tcp':
      return `TCP ${t.address}`;
    case 'qemu':
      return 'Emulated board (QEMU)';
  }
}

/** Debug configuration fields (LAUNCH_ATTRIBUTES names) for a target. */
export function targetToDebugFields(t: DeviceTarget, settings?: Pick<Settings, 'serialBaudRate'>): Record<string, unknown> {
  switch (t.transport) {
    case 'simulator':
      return { transport: 'simulator' };
    case 'serial':
      return { transport: 'serial', serialPort: t.serialPort, baudRate: t.baudRate ?? settings?.serialBaudRate };
    case 'ble':
      return { transport: 'ble', bleDevice: t.bleDevice };
    case 'tcp':
      return { transport: 'tcp', address: t.address };
    case 'qemu':
      return { transport: 'qemu' };
  }
}

/** The target a debug configuration names, or undefined if it lacks what the transport needs. */
export function targetFromDebugConfig(c: Record<string, unknown>): DeviceTarget | undefined {
  const str = (k: string) => (typeof c[k] === 'string' && (c[k] as string).trim() ? (c[k] as string).trim() : undefined);
  // A resolved emulated-board configuration is a serial one on the board's pseudo-terminal.
  if (c.emulatedBoard === true) return EMULATED_BOARD;
  switch (c.transport) {
    case 'simulator':
      return SIMULATOR;
    case 'serial': {
      const p = str('serialPort');
      return p ? { transport: 'serial', serialPort: p, baudRate: typeof c.baudRate === 'number' ? c.baudRate : undefined } : undefined;
    }
    case 'ble':
      return { transport: 'ble', bleDevice: str('bleDevice') ?? '' };
    case 'tcp': {
      const a = str('address');
      return a ? { transport: 'tcp', address: a } : undefined;
    }
    case 'qemu':
      return EMULATED_BOARD;
    default:
      return undefined;
  }
}

/** Validates data read back from workspaceState (it may come from an older version). */
export function parseStoredTarget(v: unknown): DeviceTarget | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const t = targetFromDebugConfig(v as Record<string, unknown>);
  if (t?.transport === 'ble' && typeof (v as { name?: unknown }).name === 'string') t.name = (v as { name: string }).name;
  return t;
}

export function sameTarget(a: DeviceTarget | undefined, b: DeviceTarget | undefined): boolean {
  return JSON.stringify(a && targetToDebugFields(a)) === JSON.stringify(b && targetToDebugFields(b));
}

/** The same device, whatever the link settings (baud rate) or the name it was last seen with. */
export function sameDevice(a: DeviceTarget | undefined, b: DeviceTarget | undefined): boolean {
  if (!a || !b || a.transport !== b.transport) return false;
  switch (a.transport) {
    case 'serial':
      return a.serialPort === (b as typeof a).serialPort;
    case 'ble':
      return a.bleDevice.toLowerCase() === (b as typeof a).bleDevice.toLowerCase();
    case 'tcp':
      return a.address === (b as typeof a).address;
    default:
      return true;
  }
}

export interface TransportDeps {
  settings: Pick<Settings, 'serialBaudRate' | 'bleScanSeconds'>;
  /** host:port of the running simulator; the simulator target needs one. */
  simulatorAddress?: string;
  /** Serial port (pseudo-terminal) of the running emulated board; the qemu target needs one. */
  qemuPort?: string;
  noble?: NobleProvider;
}

/** A Transport for a target; throws a message for the user if something is missing. */
export function createTransport(t: DeviceTarget, deps: TransportDeps): Transport {
  switch (t.transport) {
    case 'simulator':
      if (!deps.simulatorAddress) throw new Error('The simulator is not running. Start it with "nRF WASM: Start Simulator".');
      return new TcpTransport(deps.simulatorAddress);
    case 'serial':
      return new SerialTransport(t.serialPort, t.baudRate ?? deps.settings.serialBaudRate);
    case 'ble':
      return new BleTransport({ device: t.bleDevice, noble: deps.noble, scanTimeoutMs: deps.settings.bleScanSeconds * 1000 });
    case 'tcp':
      return new TcpTransport(t.address);
    case 'qemu':
      if (!deps.qemuPort) throw new Error('The emulated board is not running.');
      return new SerialTransport(deps.qemuPort);
  }
}
