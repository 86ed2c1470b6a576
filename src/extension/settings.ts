/** The extension's settings (package.json `contributes.configuration`), typed, with defaults. */
import { DEFAULT_BAUD } from '../transport/serial';

export type DefaultTransport = 'simulator' | 'serial' | 'ble' | 'tcp';

export interface Settings {
  defaultTransport: DefaultTransport;
  serialBaudRate: number;
  /** The board's serial port when none was picked ("" = ask). */
  serialPort: string;
  /** Where Build writes .wasm and .wasm.map ("" = beside the .wat). */
  outputFolder: string;
  bleNameFilter: string;
  bleScanSeconds: number;
  tcpAddress: string;
  simulatorPort: number;
  simulatorArgs: string[];
  /** The emulated board's firmware image (.elf or its build directory); empty: the default. */
  qemuImage: string;
  trace: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  defaultTransport: 'simulator',
  serialBaudRate: DEFAULT_BAUD,
  serialPort: '',
  outputFolder: '',
  bleNameFilter: '',
  bleScanSeconds: 10,
  tcpAddress: '127.0.0.1:4000',
  simulatorPort: 0,
  simulatorArgs: [],
  qemuImage: '',
  trace: false,
};

/** Keys under the `nrfWasm.` section, as package.json spells them. */
export const SETTING_KEYS: Record<keyof Settings, string> = {
  defaultTransport: 'defaultTransport',
  serialBaudRate: 'serial.baudRate',
  serialPort: 'serial.port',
  outputFolder: 'build.outputFolder',
  bleNameFilter: 'ble.nameFilter',
  bleScanSeconds: 'ble.scanSeconds',
  tcpAddress: 'tcp.address',
  simulatorPort: 'simulator.port',
  simulatorArgs: 'simulator.args',
  qemuImage: 'qemu.image',
  trace: 'trace',
};

/** Reads settings through `get` (vscode's WorkspaceConfiguration.get), ignoring values of the wrong type. */
export function readSettings(get: (key: string) => unknown): Settings {
  const s: Settings = { ...DEFAULT_SETTINGS, simulatorArgs: [...DEFAULT_SETTINGS.simulatorArgs] };
  const pick = <K extends keyof Settings>(k: K, ok: (v: unknown) => boolean) => {
    const v = get(SETTING_KEYS[k]);
    if (v !== undefined && v !== null && ok(v)) s[k] = v as Settings[K];
  };
  pick('defaultTransport', (v) => ['simulator', 'serial', 'ble', 'tcp'].includes(v as string));
  pick('serialBaudRate', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1200);
  pick('serialPort', (v) => typeof v === 'string');
  pick('outputFolder', (v) => typeof v === 'string');
  pick('bleNameFilter', (v) => typeof v === 'string');
  pick('bleScanSeconds', (v) => typeof v === 'number' && v > 0 && v <= 120);
  pick('tcpAddress', (v) => typeof v === 'string' && v.trim() !== '');
  pick('simulatorPort', (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 65536);
  pick('simulatorArgs', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'));
  pick('qemuImage', (v) => typeof v === 'string');
  pick('trace', (v) => typeof v === 'boolean');
  return s;
}

/** package.json `contributes.configuration.properties`, generated from the table above (one source). */
export function configurationProperties(): Record<string, Record<string, unknown>> {
  const p = (k: keyof Settings) => `nrfWasm.${SETTING_KEYS[k]}`;
  return {
    [p('defaultTransport')]: {
      type: 'string', enum: ['simulator', 'serial', 'ble', 'tcp'], default: DEFAULT_SETTINGS.defaultTransport,
      enumDescriptions: ['The built-in simulator (no board needed).', 'nRF5340 DK over USB serial.', 'nRF5340 DK over Bluetooth LE.', 'A device listening on TCP (nrfWasm.tcp.address).'],
      description: 'How F5, Deploy and Run reach a device when no device was selected and launch.json does not say.',
    },
    [p('serialBaudRate')]: { type: 'number', default: DEFAULT_SETTINGS.serialBaudRate, minimum: 1200, maximum: 1000000, description: 'Serial baud rate; must match the firmware (CONFIG_NRF_WASM_UART_BAUD).' },
    [p('serialPort')]: { type: 'string', default: DEFAULT_SETTINGS.serialPort, markdownDescription: 'Serial port of the board, e.g. `/dev/ttyACM0` or `COM5`, used when no device was selected (**Select Device** overrides it) and a serial configuration has no `serialPort`. Empty: ask.' },
    [p('outputFolder')]: { type: 'string', default: DEFAULT_SETTINGS.outputFolder, markdownDescription: 'Folder for the `.wasm` and `.wasm.map` that **Build** writes, relative to the workspace folder (e.g. `build`) or absolute. Empty: beside the `.wat`.' },
    [p('bleNameFilter')]: { type: 'string', default: DEFAULT_SETTINGS.bleNameFilter, description: 'Show only Bluetooth LE boards whose name contains this text (case-insensitive). Empty: every board advertising the nrf-wasm service.' },
    [p('bleScanSeconds')]: { type: 'number', default: DEFAULT_SETTINGS.bleScanSeconds, minimum: 1, maximum: 120, description: 'How long "Select Device" scans for Bluetooth LE boards.' },
    [p('tcpAddress')]: { type: 'string', default: DEFAULT_SETTINGS.tcpAddress, description: 'host:port of a device listening on TCP (the firmware\'s host build), for transport "tcp".' },
    [p('simulatorPort')]: { type: 'number', default: DEFAULT_SETTINGS.simulatorPort, minimum: 0, maximum: 65535, description: 'TCP port the simulator listens on (loopback only). 0: any free port.' },
    [p('simulatorArgs')]: { type: 'array', items: { type: 'string' }, default: DEFAULT_SETTINGS.simulatorArgs, description: 'Extra command-line arguments for the simulator (see "nrf-wasm-sim --help").' },
    [p('qemuImage')]: { type: 'string', default: DEFAULT_SETTINGS.qemuImage, markdownDescription: 'Firmware image of the **Emulated board (Cortex-M33, QEMU)**: the `.elf` or its build directory, absolute or relative to the workspace folder. Empty: `$NRFW_QEMU_IMAGE`, else `build/qemu-m33/nrfw-qemu-m33.elf` (how to build it: firmware/README.md). The board\'s module store is `nrfw-qemu-store.bin` beside the image.' },
    [p('trace')]: { type: 'boolean', default: DEFAULT_SETTINGS.trace, description: 'Log every device protocol message to the "nRF WASM Device" output channel.' },
  };
}
