/**
 * Runs a .wat or .wasm on a device from a shell, without VS Code: assemble, deploy, run, and print
 * the module's log, LED changes and exit code. With no device given it starts the simulator;
 * with --qemu the emulated Cortex-M33 board (firmware/qemu-m33 under qemu-system-arm; the image
 * from --image, else NRFW_QEMU_IMAGE, else build/qemu-m33/nrfw-qemu-m33.elf; the module store
 * from --store, else beside the image).
 *
 *   npm run run-module -- examples/fib.wat [--address host:port | --serial /dev/ttyACM0 [--baud N] | --qemu [--image FILE.elf] [--store FILE]] [--entry NAME]
 *
 * While the module runs, keys 1-4 press and release the board's buttons (on devices that take
 * button input: the simulator), Ctrl-C stops it. `--help` prints the usage.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { connectDevice, uploadModule } from '../device';
import { Capability, ExitReason, OutputSource } from '../protocol';
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

export const USAGE = `usage: npm run run-module -- FILE.wat|FILE.wasm [options]

Assembles FILE.wat (or takes FILE.wasm), deploys it and runs it, printing the module's log on
stdout and LED changes, traps and the exit on stderr. With no device option it starts a simulator.

options:
  --address HOST:PORT      a device or simulator listening on TCP (e.g. the firmware host build)
  --serial PATH            the board on a serial port (/dev/ttyACM0, COM5); --baud N to change
                           the baud rate (default 1000000)
  --qemu                   the emulated Cortex-M33 board under qemu-system-arm; --image FILE.elf
                           and --store FILE to choose its image and module store
  --entry NAME             the export to run (default: the start function, _start, then main)
  -h, --help               this text

while it runs:
  1 2 3 4                  press button 1-4; the same key again releases it (simulator and
                           host build; a board's buttons are pressed by hand)
  Ctrl-C                   stop the module

exit code: 0 when the entry function returns, env.exit's code, 1 for a trap or an error.`;

/** The emulated board this command started: it must not outlive the command. */
let board: QemuBoard | undefined;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        address: { type: 'string' }, serial: { type: 'string' }, baud: { type: 'string' }, entry: { type: 'string', default: '' },
        qemu: { type: 'boolean', default: false }, image: { type: 'string' }, store: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new Error(`${(e as Error).message}\nRun "npm run run-module -- --help" for the options.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const file = positionals[0];
  if (!file) throw new Error(`Which module? Give a .wat or .wasm file.\n\n${USAGE}`);
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
    const stop = () => void client.request('stop', {}).catch(() => resolve(130));
    process.once('SIGINT', stop);
    void client.request('run', { flags: 0, entry: values.entry ?? '' }).then(() => listenForKeys(client, stop));
  });
  await client.close();
  await sim?.stop();
  await board?.stop();
  process.exit(code);
}

/**
 * Keys 1-4 toggle buttons 1-4 (the protocol's `input` request, buttons 0-3); Ctrl-C in raw mode
 * stops. Keys also come from a pipe (`echo 1 | ...`), which is how the test presses a button.
 */
function listenForKeys(client: Awaited<ReturnType<typeof connectDevice>>['client'], stop: () => void): void {
  const canPress = client.has(Capability.buttonsInput);
  const down = [false, false, false, false];
  if (process.stdin.isTTY) {
    process.stdin.setRawMode(true);
    console.error(canPress ? 'keys 1-4: press/release buttons 1-4, Ctrl-C: stop' : 'Ctrl-C: stop');
  }
  process.stdin.on('data', (chunk: Buffer) => {
    for (const ch of chunk.toString('utf8')) {
      if (ch === '\u0003') return stop();
      if (!/^[1-4]$/.test(ch)) continue;
      if (!canPress) {
        console.error(`${client.label} does not take button input from here: press the board's buttons.`);
        continue;
      }
      const i = Number(ch) - 1;
      down[i] = !down[i];
      console.error(`button ${ch} ${down[i] ? 'pressed' : 'released'}`);
      void client.request('input', { button: i, pressed: down[i] ? 1 : 0 }).catch((e: Error) => console.error(`button ${ch}: ${e.message}`));
    }
  });
  process.stdin.on('error', () => undefined);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
