/**
 * The device a launch or attach talks to: a Transport chosen from the launch arguments. For the
 * simulator the adapter starts its own (unless the extension passes the address of one already
 * running) and ends it with the session.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { SimulatorProcess } from '../simulator/process';
import { BleTransport } from '../transport/ble';
import type { Transport } from '../transport/link';
import { SerialTransport } from '../transport/serial';
import { TcpTransport } from '../transport/tcp';
import { AdapterError } from './errors';
import type { AttachArguments } from './launch-config';

export interface Target {
  transport: Transport;
  /** What the user calls it, e.g. "the simulator" or "serial /dev/ttyACM0". */
  label: string;
  /** Stops what the adapter started (the simulator). */
  dispose(): Promise<void>;
}

/** Where the simulator's entry point is: beside the bundled adapter, or in the sources. */
function simulatorEntry(): { script: string; execArgv: string[] } {
  const bundled = path.join(__dirname, 'simulator.js');
  if (existsSync(bundled)) return { script: bundled, execArgv: [] };
  return { script: path.join(__dirname, '..', 'simulator', 'main.ts'), execArgv: ['--import', 'tsx'] };
}

export async function openTarget(args: AttachArguments, log: (line: string) => void): Promise<Target> {
  const transport = args.transport ?? 'simulator';
  switch (transport) {
    case 'simulator': {
      if (args.address) return plain(new TcpTransport(args.address), 'the simulator');
      const sim = new SimulatorProcess();
      const entry = simulatorEntry();
      let address: string;
      try {
        address = await sim.start({ ...entry, port: 0, args: ['--quiet'], lifeline: true, onOutput: (l) => log(`[simulator] ${l}`) });
      } catch (e) {
        throw new AdapterError('simulatorFailed', { message: (e as Error).message });
      }
      return { transport: new TcpTransport(address), label: 'the simulator', dispose: () => sim.stop() };
    }
    case 'tcp':
      if (!args.address) throw new AdapterError('badTransport', { transport, setting: '"address" (host:port)' });
      return plain(new TcpTransport(args.address), `tcp://${args.address}`);
    case 'serial':
      if (!args.serialPort) throw new AdapterError('badTransport', { transport, setting: '"serialPort" (e.g. /dev/ttyACM0 or COM5)' });
      return plain(new SerialTransport(args.serialPort, args.baudRate), `serial ${args.serialPort}`);
    case 'ble':
      return plain(new BleTransport({ device: args.bleDevice || undefined }), `BLE ${args.bleDevice || 'nrf-wasm'}`);
    default:
      throw new AdapterError('badTransport', { transport: String(transport), setting: 'one of simulator, serial, ble, tcp as "transport"' });
  }
}

function plain(transport: Transport, label: string): Target {
  return { transport, label, dispose: async () => undefined };
}
