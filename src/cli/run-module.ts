/**
 * Runs a .wat or .wasm on a device from a shell, without VS Code: assemble, deploy, run, and print
 * the module's log, LED changes and exit code. With no device given it starts the simulator;
 * with --qemu the emulated Cortex-M33 board (firmware/qemu-m33 under qemu-system-arm; the image
 * from --image, else NRFW_QEMU_IMAGE, else build/qemu-m33/nrfw-qemu-m33.elf; the module store
 * from --store, else beside the image).
 *
 *   npm run run-module -- examples/fib.wat [--address host:port | --serial /dev/ttyACM0 [--baud N] | --qemu [--image FILE.elf] [--store FILE]] [--entry NAME]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { connectDevice, uploadModule } from '../device';
import { ExitReason, OutputSource } from '../protocol';
import { findImage, QEMU_BOARD_LABEL, QemuBoard, qemuBoardMissing } from '../qemu/board';
import { SimulatorProcess } from '../simulator/process';
import type { Transport } from '../transport/link';
import { SerialTransport } from '../transport/serial';
import { TcpTransport } from '../transport/tcp';
import { assemble, parseWat } from '../wat';

function moduleBytes(file: string): Uint8Array {
  if (!file.endsWith('.wat')) return new Uint8Array(readFileSync(file));
  const r = assemble(parseWat(readFileSync(file, 'utf8'), file));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.ok || !r.wasm) {
    for (const d of errors) console.error(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
    process.exit(1);
  }
  return r.wasm;
}

/** The emulated board this command started: it must not outlive the command. */
let board: QemuBoard | undefined;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      address: { type: 'string' }, serial: { type: 'string' }, baud: { type: 'string' }, entry: { type: 'string', default: '' },
      qemu: { type: 'boolean', default: false }, image: { type: 'string' }, store: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: run-module FILE.wat|FILE.wasm [--address host:port | --serial PATH [--baud N] | --qemu [--image FILE.elf] [--store FILE]] [--entry NAME]');
  const wasm = moduleBytes(file);
  let sim: SimulatorProcess | undefined;
  let transport: Transport;
  if (values.qemu) {
    const image = findImage(values.image, [process.cwd()]);
    const missing = qemuBoardMissing(image);
    if (missing) throw new Error(`${QEMU_BOARD_LABEL}: ${missing}`);
    board = new QemuBoard();
    process.once('exit', () => board?.kill());
    // The module to run is uploaded next: the stored one does not run at boot first.
    transport = new SerialTransport(await board.start({ image: image!, store: values.store, noAutorun: true }));
  } else if (values.serial) transport = new SerialTransport(values.serial, values.baud ? Number(values.baud) : undefined);
  else if (values.address) transport = new TcpTransport(values.address);
  else {
    sim = new SimulatorProcess();
    const address = await sim.start({ script: path.join(__dirname, '..', 'simulator', 'main.ts'), execArgv: ['--import', 'tsx'], port: 0, args: ['--quiet'], lifeline: true });
    transport = new TcpTransport(address);
  }
  const { client, info } = await connectDevice(transport);
  console.error(`${info.board} (${info.runtime} ${info.runtimeVersion}) over ${client.label}`);
  const up = await uploadModule(client, wasm);
  console.error(`deployed ${path.basename(file)}: ${wasm.length} bytes in ${Math.round(up.ms)} ms`);
  const code = await new Promise<number>((resolve) => {
    client.onEvent((e) => {
      if (e.name === 'output') console.log(e.source === OutputSource.app ? e.text : `[device] ${e.text}`);
      else if (e.name === 'led') console.error(`LED${e.led} ${e.on ? 'on' : 'off'}`);
      else if (e.name === 'trap') console.error(`trap at 0x${e.pc.toString(16)}: ${e.message}`);
      else if (e.name === 'exited') {
        console.error(`exited (${Object.keys(ExitReason).find((k) => ExitReason[k as keyof typeof ExitReason] === e.reason)}) with code ${e.code}`);
        // Shell convention: a returned value is not a failure; env.exit's code is; a trap is 1.
        resolve(e.reason === ExitReason.exit ? e.code & 0xff : e.reason === ExitReason.returned ? 0 : 1);
      }
    });
    process.once('SIGINT', () => void client.request('stop', {}).catch(() => resolve(130)));
    void client.request('run', { flags: 0, entry: values.entry ?? '' });
  });
  await client.close();
  await sim?.stop();
  await board?.stop();
  process.exit(code);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
