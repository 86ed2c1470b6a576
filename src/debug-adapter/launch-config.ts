/**
 * Launch and attach arguments, declared once: the TypeScript types below and the JSON schemas in
 * package.json (`contributes.debuggers[0].configurationAttributes`, generated from
 * LAUNCH_ATTRIBUTES / ATTACH_ATTRIBUTES) come from the same table.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

export const DEBUG_TYPE = 'nrf-wasm';
export const TRANSPORTS = ['simulator', 'serial', 'ble', 'tcp', 'qemu'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

interface JsonSchemaProperty {
  type: 'string' | 'number' | 'boolean' | 'object';
  description: string;
  default?: unknown;
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
  minimum?: number;
  maximum?: number;
}

const DEVICE_PROPS = {
  transport: {
    type: 'string', enum: TRANSPORTS, default: 'simulator',
    enumDescriptions: [
      'Run on the built-in simulator (no board needed).',
      'nRF5340 DK over USB serial (UART).',
      'nRF5340 DK over Bluetooth LE (the board must be paired).',
      'A device or simulator listening on TCP (host:port).',
      'The emulated Cortex-M33 board (the firmware under QEMU), started by the extension (setting nrfWasm.qemu.image).',
    ],
    description: 'How to reach the device.',
  },
  serialPort: { type: 'string', description: 'Serial port of the board, e.g. /dev/ttyACM0 or COM5 (transport "serial").' },
  baudRate: { type: 'number', default: 1000000, minimum: 1200, maximum: 1000000, description: 'Serial baud rate; must match the firmware (CONFIG_NRF_WASM_UART_BAUD).' },
  bleDevice: { type: 'string', description: 'Bluetooth LE device name or address (transport "ble"). Empty: the first nrf-wasm device found.' },
  address: { type: 'string', description: 'host:port of a device listening on TCP (transport "tcp"), e.g. 127.0.0.1:4000.' },
  trace: { type: 'boolean', default: false, description: 'Log every device protocol message to the Debug Console.' },
  dwarfEngine: { type: 'string', description: 'Folder of the DWARF engine (@vscode/dwarf-debugging) for C/C++/Rust source debugging. Empty: the "WebAssembly DWARF Debugging" extension if installed, else the one installed with nrf-wasm; "none": disassembly only.' },
} as const satisfies Record<string, JsonSchemaProperty>;

export const LAUNCH_ATTRIBUTES = {
  program: { type: 'string', default: '${file}', description: 'The .wat file to build and debug, or a .wasm (with its .wasm.map beside it for source debugging).' },
  ...DEVICE_PROPS,
  stopOnEntry: { type: 'boolean', default: false, description: 'Stop at the first instruction of the entry function.' },
  entry: { type: 'string', default: '', description: 'Export to run. Empty: the start function, then _start, then main.' },
  deploy: { type: 'boolean', default: true, description: 'Upload the module before running (skipped when the device already holds the same module).' },
  build: { type: 'string', description: 'Shell command that builds program before each launch (e.g. "make"), run in the program\'s folder; its output goes to the Debug Console.' },
} as const satisfies Record<string, JsonSchemaProperty>;

export const ATTACH_ATTRIBUTES = {
  program: { type: 'string', default: '${file}', description: 'The .wat or .wasm the device is running (matched by SHA-256).' },
  ...DEVICE_PROPS,
} as const satisfies Record<string, JsonSchemaProperty>;

type FromSchema<T> = {
  -readonly [K in keyof T]?: T[K] extends { enum: readonly (infer E)[] } ? E
    : T[K] extends { type: 'string' } ? string
      : T[K] extends { type: 'number' } ? number
        : T[K] extends { type: 'boolean' } ? boolean : unknown;
};

export type LaunchArguments = DebugProtocol.LaunchRequestArguments & FromSchema<typeof LAUNCH_ATTRIBUTES>;
export type AttachArguments = DebugProtocol.AttachRequestArguments & FromSchema<typeof ATTACH_ATTRIBUTES>;

/** package.json `contributes.debuggers[0].configurationAttributes`. */
export function configurationAttributes(): Record<string, { required: string[]; properties: Record<string, JsonSchemaProperty> }> {
  return {
    launch: { required: ['program'], properties: LAUNCH_ATTRIBUTES },
    attach: { required: ['program'], properties: ATTACH_ATTRIBUTES },
  };
}
