/**
 * Debug configuration resolution, as pure functions (the vscode DebugConfigurationProvider in
 * debug-provider.ts is a thin shell around these). F5 on an open .wat with no launch.json must
 * just work: the empty configuration becomes "launch the active file on the last device used,
 * else the default transport (the simulator)".
 */
import * as path from 'node:path';
import { DEBUG_TYPE } from './constants';
import type { Settings } from './settings';
import { type DeviceTarget, SIMULATOR, targetFromDebugConfig, targetLabel, targetToDebugFields } from './targets';

export type DebugConfig = Record<string, unknown> & { type?: string; request?: string; name?: string };

export interface ResolveContext {
  /** fsPath of the active editor's file, if any. */
  activeFile?: string;
  lastTarget?: DeviceTarget;
  settings: Settings;
  /** host:port of the simulator the extension runs, if it runs. */
  simulatorAddress?: string;
  /** Serial port of the emulated board the extension runs (started for a `qemu` configuration). */
  qemuPort?: string;
  /** Whether a file exists (F5 on a C/Rust file looks for its Makefile). */
  fileExists?: (p: string) => boolean;
}

export type ResolveResult =
  | { kind: 'config'; config: DebugConfig }
  | { kind: 'error'; message: string }
  /** The configuration needs a device the user must pick (e.g. serial without a port). */
  | { kind: 'pickDevice'; config: DebugConfig; transport: 'serial' | 'ble' };

const PROGRAM_EXT = /\.(wat|wast|wasm)$/i;

export function isProgramFile(file: string | undefined): file is string {
  return !!file && PROGRAM_EXT.test(file);
}

const NATIVE_SOURCE = /\.(c|cc|cpp|cxx|h|hpp|rs)$/i;

/**
 * F5 on a C, C++ or Rust file with no launch.json (the examples' layout): `make` in its folder
 * builds `main.wasm` (or `<file>.wasm`), which is debugged at its source through DWARF.
 */
export function nativeProgram(file: string | undefined, exists: ((p: string) => boolean) | undefined): { program: string; build: string } | undefined {
  if (!file || !exists || !NATIVE_SOURCE.test(file)) return undefined;
  const dir = path.dirname(file);
  if (!exists(path.join(dir, 'Makefile'))) return undefined;
  const own = path.join(dir, `${path.basename(file).replace(NATIVE_SOURCE, '')}.wasm`);
  return { program: exists(own) || path.basename(own) === 'main.wasm' ? own : path.join(dir, 'main.wasm'), build: 'make' };
}

/** The target to use when nothing says which: the last device used, else the default transport's. */
export function defaultTarget(ctx: Pick<ResolveContext, 'lastTarget' | 'settings'>): DeviceTarget | 'serial' {
  if (ctx.lastTarget) return ctx.lastTarget;
  switch (ctx.settings.defaultTransport) {
    case 'simulator':
      return SIMULATOR;
    case 'tcp':
      return { transport: 'tcp', address: ctx.settings.tcpAddress };
    case 'ble':
      return { transport: 'ble', bleDevice: '' }; // the first nrf-wasm board found
    case 'serial':
      // The port from the settings, else one must be picked.
      return ctx.settings.serialPort.trim() ? { transport: 'serial', serialPort: ctx.settings.serialPort.trim() } : 'serial';
  }
}

export function resolveDebugConfig(input: DebugConfig, ctx: ResolveContext): ResolveResult {
  let c: DebugConfig = { ...input };
  const empty = !c.type && !c.request && !c.name;
  if (empty) {
    const native = nativeProgram(ctx.activeFile, ctx.fileExists);
    if (native) c = { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(native.program)}`, ...native };
    else if (!isProgramFile(ctx.activeFile)) {
      return { kind: 'error', message: 'Open a .wat or .wasm file to debug it (or a C, C++ or Rust file beside the Makefile that builds its .wasm), or add an "nrf-wasm" configuration to launch.json.' };
    } else c = { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(ctx.activeFile)}`, program: ctx.activeFile };
  }
  c.type ??= DEBUG_TYPE;
  c.request ??= 'launch';
  c.name ??= 'nRF WASM';
  if (typeof c.program !== 'string' || c.program.trim() === '') {
    if (!isProgramFile(ctx.activeFile)) return { kind: 'error', message: `The configuration "${c.name}" has no "program", and the active editor is not a .wat or .wasm file.` };
    c.program = ctx.activeFile;
  }

  if (c.transport === undefined) {
    const t = defaultTarget(ctx);
    if (t === 'serial') return { kind: 'pickDevice', config: c, transport: 'serial' };
    Object.assign(c, targetToDebugFields(t, ctx.settings));
  }
  switch (c.transport) {
    case 'serial':
      if (typeof c.serialPort !== 'string' || !c.serialPort.trim()) {
        const last = ctx.lastTarget?.transport === 'serial' ? ctx.lastTarget.serialPort : ctx.settings.serialPort.trim();
        if (!last) return { kind: 'pickDevice', config: c, transport: 'serial' };
        c.serialPort = last;
      }
      c.baudRate ??= ctx.settings.serialBaudRate;
      break;
    case 'ble':
      if (typeof c.bleDevice !== 'string') c.bleDevice = ctx.lastTarget?.transport === 'ble' ? ctx.lastTarget.bleDevice : '';
      break;
    case 'tcp':
      if (typeof c.address !== 'string' || !c.address.trim()) c.address = ctx.settings.tcpAddress;
      break;
    case 'simulator':
      // The simulator the extension started, if any: the adapter may use it instead of starting one.
      if (ctx.simulatorAddress && c.address === undefined) c.address = ctx.simulatorAddress;
      break;
    case 'qemu':
      // The extension runs the emulated board; the adapter sees a serial port (its UART).
      if (!ctx.qemuPort) return { kind: 'error', message: 'The emulated board (QEMU) is not running.' };
      Object.assign(c, { transport: 'serial', serialPort: ctx.qemuPort, emulatedBoard: true });
      break;
    default:
      return { kind: 'error', message: `Unknown "transport": ${JSON.stringify(c.transport)}. Use "simulator", "serial", "ble", "tcp" or "qemu".` };
  }
  if (ctx.settings.trace && c.trace === undefined) c.trace = true;
  return { kind: 'config', config: c };
}

/** The device a resolved configuration will use (to remember it as the last one). */
export function targetOfConfig(c: DebugConfig): DeviceTarget | undefined {
  return targetFromDebugConfig(c);
}

/** launch.json's first content ("Add Configuration" on an empty launch.json). */
export function initialConfigurations(): DebugConfig[] {
  return [
    { type: DEBUG_TYPE, request: 'launch', name: 'Debug WAT on the simulator', program: '${file}', transport: 'simulator', stopOnEntry: false },
  ];
}

/** "Add Configuration..." snippets: simulator, serial, BLE, attach. */
export function configurationSnippets(): { label: string; description: string; body: Record<string, unknown> }[] {
  return [
    { label: 'nRF WASM: Debug on the simulator', description: 'Build the active .wat and debug it on the simulator (no board needed).', body: { type: DEBUG_TYPE, request: 'launch', name: 'Debug on the simulator', program: '^"\\${file}"', transport: 'simulator' } },
    { label: 'nRF WASM: Debug on the board over USB serial', description: 'Deploy to the nRF5340 DK over UART and debug.', body: { type: DEBUG_TYPE, request: 'launch', name: 'Debug on the board (serial)', program: '^"\\${file}"', transport: 'serial', serialPort: '/dev/ttyACM0', baudRate: 1000000 } },
    { label: 'nRF WASM: Debug on the board over Bluetooth LE', description: 'Deploy to the nRF5340 DK over BLE (pair it first) and debug.', body: { type: DEBUG_TYPE, request: 'launch', name: 'Debug on the board (BLE)', program: '^"\\${file}"', transport: 'ble', bleDevice: '' } },
    { label: 'nRF WASM: Attach to the board', description: 'Attach to the module running on the board without deploying.', body: { type: DEBUG_TYPE, request: 'attach', name: 'Attach to the board', program: '^"\\${file}"', transport: 'serial', serialPort: '/dev/ttyACM0' } },
  ];
}

/** Dynamic configurations ("Run and Debug" > "nRF WASM..."): one per known device. */
export function dynamicConfigurations(targets: DeviceTarget[]): DebugConfig[] {
  const seen = new Set<string>();
  const out: DebugConfig[] = [];
  for (const t of [SIMULATOR, ...targets]) {
    const key = JSON.stringify(targetToDebugFields(t));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ type: DEBUG_TYPE, request: 'launch', name: `Debug on ${targetLabel(t)}`, program: '${file}', ...targetToDebugFields(t) });
  }
  return out;
}
