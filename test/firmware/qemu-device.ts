/**
 * The emulated Cortex-M33 board (firmware/qemu-m33 under qemu-system-arm -M mps2-an505) as a
 * device for tests and benches: builds the image from WAMR_ROOT with the cross compiler (one
 * build at a time per build directory, across test processes), starts QEMU with the board's
 * UART0 on a pseudo-terminal, which the suites open with the real `serialport`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findQemu, haveArmGcc, IMAGE_NAME, QemuBoard } from '../../src/qemu/board';
import { lockDir, repoRoot, wamrRoot } from './host-device';

/** Why the emulated board cannot run here (the test's one skip line), or undefined. */
export function qemuSkipReason(): string | undefined {
  if (!wamrRoot()) return 'WAMR_ROOT not set';
  if (!findQemu()) return 'qemu-system-arm not installed';
  if (!haveArmGcc()) return 'arm-none-eabi-gcc not installed';
  return undefined;
}

/** Configures and builds firmware/qemu-m33 into build/qemu-m33[-plain]; returns the image. */
export function buildQemuImage(hook = true): string {
  const root = wamrRoot();
  if (!root) throw new Error('WAMR_ROOT not set');
  const dir = join(repoRoot, 'build', hook ? 'qemu-m33' : 'qemu-m33-plain');
  const run = (args: string[]) => {
    const r = spawnSync('cmake', args, { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cmake ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  };
  const unlock = lockDir(`${dir}.lock`);
  try {
    run(['-S', 'firmware/qemu-m33', '-B', dir, `-DWAMR_ROOT=${root}`, `-DNRFW_WAMR_HOOK=${hook ? 'ON' : 'OFF'}`]);
    run(['--build', dir, '-j2']);
  } finally {
    unlock();
  }
  return join(dir, IMAGE_NAME);
}

export interface QemuDevice {
  board: QemuBoard;
  /** The board's serial port. */
  address: string;
  store: string;
  /** Restarts QEMU on the same store (power cycle); the serial port's path changes. */
  restart(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the board on a fresh store (or `store`), its output to stderr prefixed (or `onOutput`). */
export async function startQemu(image: string, opts: { store?: string; noAutorun?: boolean; qemuArgs?: string[]; onOutput?: (line: string) => void } = {}): Promise<QemuDevice> {
  const store = opts.store ?? join(mkdtempSync(join(tmpdir(), 'nrfw-qemu-')), 'store.bin');
  const board = new QemuBoard();
  const start = () =>
    board.start({
      image, store, noAutorun: opts.noAutorun, qemuArgs: opts.qemuArgs,
      onOutput: opts.onOutput ?? ((l) => {
        if (!/char device redirected/.test(l)) process.stderr.write(`[qemu] ${l}\n`);
      }),
    });
  const dev: QemuDevice = {
    board,
    address: await start(),
    store,
    restart: async () => {
      await board.stop();
      dev.address = await start();
      return dev.address;
    },
    stop: () => board.stop(),
  };
  return dev;
}
