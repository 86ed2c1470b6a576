/**
 * nrf-wasm-sim: a simulated board serving the device debug protocol over loopback TCP and/or a
 * pseudo-terminal. Also the CPU worker's script when bundled (see engine/worker-file.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import { CliHelp, USAGE, parseCli } from './cli';
import { Device } from './device';
import { runCpu } from './engine/cpu';
import { cpuWorkerScript } from './engine/worker-file';
import { Server } from './server';
import { dumpTrace, trace } from './trace';
import { listenPty } from './transport/pty';
import { listenTcp } from './transport/tcp';

async function main(argv: string[]): Promise<void> {
  let o;
  try {
    o = parseCli(argv);
  } catch (e) {
    if (e instanceof CliHelp) {
      process.stdout.write(USAGE + '\n');
      return;
    }
    // The reason, then where the options are: the whole usage text would bury the reason.
    process.stderr.write(`nrf-wasm-sim: ${(e as Error).message}\nRun "nrf-wasm-sim --help" for the options.\n`);
    process.exitCode = 2;
    return;
  }
  const log = (s: string) => process.stderr.write(`nrf-wasm-sim: ${s}\n`);
  // A simulator bug must not take the board down: say it loudly and keep serving.
  const internal = (what: string) => {
    log(what);
    trace(what);
  };
  process.on('unhandledRejection', (e) => internal(`internal error (unhandled rejection): ${(e as Error)?.stack ?? e}`));
  process.on('uncaughtException', (e) => internal(`internal error: ${e.stack ?? e}`));
  const tempFlash = o.flash === null ? mkdtempSync(join(tmpdir(), 'nrf-wasm-sim-flash-')) : null;
  const maxFrame = o.maxFrame;
  // The firmware's rules (docs/protocol.md 3.3): chunkMax the largest multiple of 16 that fits a
  // frame (uploadChunk = 7 + 4 + data), window 4 as CONFIG_NRF_WASM_UPLOAD_WINDOW (4 x 1 KiB
  // covers every modelled link: 8 measured no faster, npm run bench -- link).
  const chunkMax = Math.min(4096, (maxFrame - 11) & ~15);
  const device = new Device({
    flashDir: o.flash ?? tempFlash!, boardName: o.boardName, slotSize: o.slotSize, maxFrame, chunkMax, window: 4,
    debugAlways: o.debug === 'always', worker: cpuWorkerScript(), echo: o.quiet ? () => {} : (s) => process.stderr.write(`${s}\n`),
  });
  const server = new Server(device, o.quiet ? () => {} : log);
  if (!o.quiet) log(`flash store ${o.flash ?? tempFlash}${tempFlash ? ' (temporary)' : ''}`);
  const closers: (() => void)[] = [];
  // Signal handlers before the listening line: a host may stop us as soon as it reads it.
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    server.closeAll();
    for (const c of closers) c();
    if (tempFlash) rmSync(tempFlash, { recursive: true, force: true });
    dumpTrace();
    // Ending a CPU thread that is still booting can take a while: do not wait for it forever.
    await Promise.race([device.shutdown().catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
    // process.exit() never returns while a thread is paused in the inspector: resume them all.
    await device.releaseThreads();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  if (o.stdinLifeline) {
    process.stdin.on('end', shutdown);
    process.stdin.on('error', shutdown);
    process.stdin.resume();
  }
  try {
    if (o.port !== null) {
      const { server: tcp, url } = await listenTcp(o.port, '127.0.0.1', server.accept);
      closers.push(() => tcp.close());
      process.stdout.write(`nrf-wasm-sim listening on ${url}\n`);
    }
    if (o.pty) {
      const pty = await listenPty(server.accept);
      closers.push(() => pty.close());
      process.stdout.write(`nrf-wasm-sim listening on serial ${pty.path}\n`);
    }
  } catch (e) {
    log((e as Error).message);
    for (const c of closers) c();
    await device.shutdown();
    process.exit(1);
  }
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === 'nrf-wasm-cpu') runCpu();
else if (isMainThread) void main(process.argv.slice(2));
