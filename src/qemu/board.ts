/**
 * The emulated board: the firmware image for the MPS2-AN505 (Cortex-M33, firmware/qemu-m33)
 * running in `qemu-system-arm`, its UART0 on a pseudo-terminal that the host opens like a
 * board's serial port, its module store in a file (semihosting) that outlives QEMU.
 * Used by the extension ("Emulated board" in Select Device), `run-module --qemu` and the tests.
 * No vscode import.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { awaitStartLine, stopChild } from '../process/child';
import { delimiter, dirname, isAbsolute, join } from 'node:path';

export const QEMU_BOARD_LABEL = 'Emulated board (Cortex-M33, QEMU)';
/** Where `cmake -S firmware/qemu-m33 -B build/qemu-m33` puts the image, relative to a workspace. */
export const DEFAULT_IMAGE = join('build', 'qemu-m33', 'nrfw-qemu-m33.elf');
/** The image file name inside a build directory. */
export const IMAGE_NAME = 'nrfw-qemu-m33.elf';

/** `qemu-system-arm` (or NRFW_QEMU) if it is on PATH, else undefined. */
export function findQemu(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const name = env.NRFW_QEMU || 'qemu-system-arm';
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The image to run: `configured` (a setting: the .elf or its build directory), else
 * NRFW_QEMU_IMAGE, else build/qemu-m33/nrfw-qemu-m33.elf under each of `roots` (workspace
 * folders). Undefined when none exists.
 */
export function findImage(configured: string | undefined, roots: string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates: string[] = [];
  for (const c of [configured, env.NRFW_QEMU_IMAGE]) {
    if (!c) continue;
    const paths = isAbsolute(c) ? [c] : roots.map((r) => join(r, c));
    for (const p of paths) candidates.push(p.endsWith('.elf') ? p : join(p, IMAGE_NAME));
  }
  for (const r of roots) candidates.push(join(r, DEFAULT_IMAGE));
  return candidates.find((p) => existsSync(p));
}

/** What is missing for the emulated board, in the user's words; undefined when it can start. */
export function qemuBoardMissing(image: string | undefined, qemu = findQemu()): string | undefined {
  if (!qemu) return 'qemu-system-arm is not installed (Debian/Ubuntu: apt-get install qemu-system-arm)';
  if (!image) return `no firmware image: build it with cmake -S firmware/qemu-m33 -B build/qemu-m33 -DWAMR_ROOT=... (see firmware/README.md), or set nrfWasm.qemu.image`;
  return undefined;
}

/** The pty path in QEMU's "char device redirected to /dev/pts/N (label serial0)" line. */
export function parsePtyLine(line: string): string | undefined {
  return /char device redirected to (\S+) \(label serial0\)/.exec(line)?.[1];
}

export interface QemuBoardOptions {
  image: string;
  /** The module store file (created erased if missing). Default: beside the image. */
  store?: string;
  qemu?: string;
  /** Do not run the stored module at boot. */
  noAutorun?: boolean;
  /** Extra QEMU arguments, e.g. ['-icount', 'shift=0']. */
  qemuArgs?: string[];
  onOutput?: (line: string) => void;
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  startTimeoutMs?: number;
}

export function defaultStore(image: string): string {
  return join(dirname(image), 'nrfw-qemu-store.bin');
}

/** QEMU's command line for the board (the semihosting command line cannot quote: no spaces). */
export function qemuArgs(o: QemuBoardOptions): string[] {
  const store = o.store ?? defaultStore(o.image);
  if (/\s/.test(store)) throw new Error(`The emulated board's store path must not contain spaces: ${store}`);
  return [
    '-M', 'mps2-an505', '-nographic', '-monitor', 'none', '-semihosting',
    '-serial', 'pty',
    '-kernel', o.image,
    '-append', ['--store', store, ...(o.noAutorun ? ['--no-autorun'] : [])].join(' '),
    ...(o.qemuArgs ?? []),
  ];
}

export class QemuBoard {
  private child?: ChildProcess;
  /** The board's serial port (a pseudo-terminal) once started. */
  ptyPath?: string;

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts QEMU (or returns the serial port of the board running). */
  async start(o: QemuBoardOptions): Promise<string> {
    if (this.running && this.ptyPath) return this.ptyPath;
    const qemu = o.qemu ?? findQemu();
    const missing = qemuBoardMissing(existsSync(o.image) ? o.image : undefined, qemu);
    if (missing) throw new Error(`The emulated board cannot start: ${missing}.`);
    const child = spawn(qemu!, qemuArgs(o), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const timeoutMs = o.startTimeoutMs ?? 15000;
    this.ptyPath = await awaitStartLine(child, {
      parse: parsePtyLine,
      timeoutMs,
      killSignal: 'SIGKILL',
      timeoutMessage: (tail) => `QEMU did not open the board's serial port within ${timeoutMs / 1000} s.${tail}`,
      errorMessage: (e) => `QEMU did not start (${qemu}): ${e.message}`,
      exitMessage: (code, signal, tail) => `QEMU exited (${signal ?? code}) before the board was up.${tail}`,
      onLine: (line) => o.onOutput?.(line),
      onExit: o.onExit,
    });
    return this.ptyPath;
  }

  /** Ends QEMU at once (synchronous: for process exit handlers). */
  kill(): void {
    if (this.running) this.child!.kill('SIGKILL');
  }

  /** Stops QEMU (the store file stays). */
  stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.ptyPath = undefined;
    return stopChild(child);
  }
}

/** Whether `arm-none-eabi-gcc` is on PATH (needed to build the image). */
export function haveArmGcc(): boolean {
  return spawnSync('arm-none-eabi-gcc', ['--version'], { stdio: 'ignore' }).status === 0;
}
