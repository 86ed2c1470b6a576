/**
 * The firmware's host build (firmware/host: agent + WAMR + TCP) as a device for tests and
 * benches: builds it from WAMR_ROOT (once per build directory), spawns it, and talks the
 * device protocol to it with the TypeScript codec.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { encode, FrameReader, MESSAGES, type Body_, type Message, type MessageName, type MessageOf } from '../../src/protocol';

export const repoRoot = join(__dirname, '..', '..');

/** WAMR_ROOT if it points at a WAMR source tree, else undefined (tests then skip). */
export function wamrRoot(): string | undefined {
  const r = process.env.WAMR_ROOT;
  return r && existsSync(join(r, 'build-scripts', 'runtime_lib.cmake')) ? r : undefined;
}

/**
 * Configures and builds firmware/host into build/<name> (hook: our patched WAMR; plain: stock
 * WAMR, the speed baseline). Returns the binary's path. Throws with the build log on failure.
 */
export function buildHost(hook = true): string {
  const root = wamrRoot();
  if (!root) throw new Error('WAMR_ROOT not set');
  const dir = join(repoRoot, 'build', hook ? 'firmware-host' : 'firmware-host-plain');
  const run = (args: string[]) => {
    const r = spawnSync('cmake', args, { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cmake ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  };
  // Test files run in parallel processes: one cmake at a time per build directory.
  const unlock = lockDir(`${dir}.lock`);
  try {
    run(['-S', 'firmware/host', '-B', dir, `-DWAMR_ROOT=${root}`, `-DNRFW_WAMR_HOOK=${hook ? 'ON' : 'OFF'}`, '-DCMAKE_BUILD_TYPE=Release']);
    run(['--build', dir, '-j2']);
  } finally {
    unlock();
  }
  return join(dir, 'nrfw-host');
}

/** A cross-process lock: mkdir is atomic. A lock older than 10 minutes is a crashed holder's. */
export function lockDir(path: string): () => void {
  mkdirSync(dirname(path), { recursive: true });
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(path);
      return () => rmSync(path, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(path).mtimeMs > 600_000) rmSync(path, { recursive: true, force: true });
      } catch {
        // gone meanwhile: try again
      }
      Atomics.wait(nap, 0, 0, 200);
    }
  }
}

/** A running nrfw-host: its TCP port, or with `--pty` its terminal's path; `address` is either. */
export interface HostDevice {
  proc: ChildProcess;
  port: number;
  ptyPath?: string;
  address: string;
  store: string;
  stop(): Promise<void>;
}

/** `wrap`: a command line the binary runs under (e.g. valgrind and its options). */
export async function startHost(binary: string, args: string[] = [], wrap: string[] = []): Promise<HostDevice> {
  const store = join(mkdtempSync(join(tmpdir(), 'nrfw-host-')), 'store.bin');
  const argv = [...wrap, binary, '--store', store, ...args];
  const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`nrfw-host did not start: ${out}`)), wrap.length ? 60_000 : 10_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (tcp:\/\/127\.0\.0\.1:\d+|serial \S+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/^serial /, ''));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nrfw-host exited (${code}): ${out}`));
    });
  });
  const tcp = /:(\d+)$/.exec(address);
  return {
    proc,
    port: tcp ? Number(tcp[1]) : 0,
    ptyPath: tcp ? undefined : address,
    address,
    store,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
      }),
  };
}

const isEvent = (m: Message) => MESSAGES[m.name].kind === 'event';

/** Minimal protocol client: requests in order, events queued. */
export class Client {
  private readonly reader = new FrameReader(4096);
  private readonly inbox: Message[] = [];
  private wake: (() => void) | undefined;
  private nextId = 1;
  closed = false;
  /** Requests sent so far, and a listener that sees every message received (for counts). */
  sent = 0;
  onMessage: ((m: Message) => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      for (const item of this.reader.push(d)) {
        if (!('message' in item)) continue;
        this.onMessage?.(item.message);
        this.inbox.push(item.message);
      }
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
  }

  static connect(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(new Client(s)));
      s.setNoDelay(true);
      s.once('error', reject);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  /** Writes bytes as they are (e.g. many frames at once, pipelined). */
  raw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  send<N extends MessageName>(name: N, body: Body_<N>): number {
    const id = this.nextId++ & 0xffff;
    this.sent++;
    this.socket.write(encode(name, id, body));
    return id;
  }

  /** The first message matching `pred` (removed from the inbox), waiting up to `ms`. */
  async take(pred: (m: Message) => boolean, ms = 10_000, what = 'message'): Promise<Message> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      if (this.closed) throw new Error(`link closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; inbox: ${this.inbox.map((m) => m.name).join(', ')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
  }

  /** Sends a request and returns its answer (the response or an `error`). */
  async request<N extends MessageName>(name: N, body: Body_<N>, ms = 10_000): Promise<Message> {
    const id = this.send(name, body);
    return this.take((m) => m.id === id && !isEvent(m), ms, `the answer to ${name}`);
  }

  /** Like request() but throws unless the answer is `<name>Ok` (or `uploadAck`). */
  async ok<N extends MessageName>(name: N, body: Body_<N>, ms?: number): Promise<Message> {
    const r = await this.request(name, body, ms);
    if (r.name === 'error') throw new Error(`${name} failed: code ${r.code}: ${r.message}`);
    return r;
  }

  event<N extends MessageName>(name: N, ms = 10_000): Promise<MessageOf<N>> {
    return this.take((m) => m.name === name, ms, `event ${name}`) as Promise<MessageOf<N>>;
  }
}

/** hello + upload + commit of `wasm` through the protocol (windowed, as the adapter does). */
export async function install(c: Client, wasm: Uint8Array): Promise<void> {
  const { createHash } = await import('node:crypto');
  await c.ok('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 });
  const sha256 = new Uint8Array(createHash('sha256').update(wasm).digest());
  const begin = await c.ok('uploadBegin', { size: wasm.length, sha256 });
  if (begin.name !== 'uploadBeginOk') throw new Error('no uploadBeginOk');
  for (let off = begin.resumeFrom; off < wasm.length; off += begin.chunkMax) {
    await c.ok('uploadChunk', { offset: off, data: wasm.subarray(off, off + begin.chunkMax) });
  }
  await c.ok('uploadCommit', {}, 30_000);
}

/** Assembles WAT with wabt (a devDependency). */
export async function wat(text: string): Promise<Uint8Array> {
  const wabt = await (require('wabt') as () => Promise<{ parseWat(name: string, text: string): { toBinary(o: object): { buffer: Uint8Array }; destroy(): void } }>)();
  const m = wabt.parseWat('test.wat', text);
  try {
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
}

/** Offset of the first occurrence of `bytes` in `wasm` at or after `from` (instruction finder). */
export function find(wasm: Uint8Array, bytes: number[], from = 0): number {
  outer: for (let i = from; i <= wasm.length - bytes.length; i++) {
    for (let k = 0; k < bytes.length; k++) if (wasm[i + k] !== bytes[k]) continue outer;
    return i;
  }
  throw new Error(`bytes ${bytes.map((b) => b.toString(16)).join(' ')} not found`);
}
