/** Test helpers: assemble WAT with wabt, start the real simulator process, connect to it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

let wabtPromise: Promise<any> | null = null; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Assembles WAT to wasm with the `wabt` package (with the name section, like our assembler). */
export async function assemble(wat: string, name = 'test.wat'): Promise<Uint8Array> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  wabtPromise ??= require('wabt')();
  const wabt = await wabtPromise;
  const m = wabt.parseWat(name, wat, { bulk_memory: true, mutable_globals: true, sat_float_to_int: true, sign_extension: true });
  try {
    m.resolveNames();
    m.validate();
    return new Uint8Array(m.toBinary({ write_debug_names: true }).buffer);
  } finally {
    m.destroy();
  }
}

export function example(name: string): Promise<Uint8Array> {
  return assemble(readFileSync(join(ROOT, 'examples', name), 'utf8'), name);
}

export interface Simulator {
  proc: ChildProcess;
  url?: string;
  ptyPath?: string;
  stderr(): string;
  stop(): Promise<void>;
  /** SIGTERM and the exit code (or signal): a simulator still alive after 20 s is killed (a hang). */
  terminate(): Promise<number | string>;
}

const running = new Set<ChildProcess>();

/** Kills every simulator this test process started (call from an `after` hook). */
let stoppingAll = false;

export async function stopAllSimulators(): Promise<void> {
  stoppingAll = true;
  await Promise.all(
    [...running].map(
      (p) =>
        new Promise<void>((res) => {
          if (p.exitCode !== null || p.signalCode !== null) return res();
          p.once('exit', () => res());
          p.kill('SIGTERM'); // lets it remove its temporary flash store
          setTimeout(() => p.kill('SIGKILL'), 2000).unref();
        }),
    ),
  );
}

/** Spawns `node --import tsx src/simulator/main.ts ARGS` (or $NRF_WASM_SIM_BIN) and waits for its listening line(s). */
export function startSimulator(args: string[] = ['--port', '0']): Promise<Simulator> {
  // NRF_WASM_SIM_BIN=dist/simulator.js runs the tests against the esbuild bundle instead.
  const bin = process.env.NRF_WASM_SIM_BIN;
  // --stdin-lifeline: the simulator exits when this test process dies, however it dies.
  const all = [...args, '--stdin-lifeline'];
  const cmd = bin ? [bin, ...all] : ['--import', 'tsx', join(ROOT, 'src/simulator/main.ts'), ...all];
  const proc = spawn(process.execPath, cmd, {
    cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(proc);
  let err = '';
  let stopping = false;
  proc.once('exit', (code, signal) => {
    running.delete(proc);
    // A simulator that dies under a test is the test's real failure: say how, with its last words.
    if (!stopping && !stoppingAll) console.error(`simulator ${proc.pid} exited unexpectedly (${signal ?? `code ${code}`}); its stderr ended with:\n${err.slice(-2000)}`);
  });
  proc.stderr!.on('data', (d) => (err += d));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (process.env.SIM_LOG_DIR) proc.once('exit', () => require('node:fs').writeFileSync(join(process.env.SIM_LOG_DIR!, `sim-${proc.pid}.log`), err));
  const want = (args.includes('--port') ? 1 : 0) + (args.includes('--pty') ? 1 : 0) || 1;
  return new Promise((resolve, reject) => {
    let out = '';
    const sim: Simulator = {
      proc,
      stderr: () => err,
      stop: () =>
        new Promise<void>((res) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return res();
          stopping = true;
          proc.once('exit', () => res());
          proc.kill('SIGTERM');
          setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
        }),
      terminate: () =>
        new Promise<number | string>((res) => {
          if (proc.exitCode !== null || proc.signalCode !== null) return res(proc.exitCode ?? String(proc.signalCode));
          stopping = true;
          const hang = setTimeout(() => proc.kill('SIGKILL'), 20_000);
          proc.once('exit', (code, signal) => {
            clearTimeout(hang);
            res(code ?? String(signal));
          });
          proc.kill('SIGTERM');
        }),
    };
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`simulator did not start: ${out} ${err}`));
    }, 20000);
    let seen = 0;
    proc.stdout!.on('data', (d) => {
      out += d;
      for (const line of out.split('\n')) {
        const tcp = /^nrf-wasm-sim listening on (tcp:\/\/\S+)$/.exec(line);
        const pty = /^nrf-wasm-sim listening on serial (\S+)$/.exec(line);
        if (tcp && !sim.url) {
          sim.url = tcp[1];
          seen++;
        }
        if (pty && !sim.ptyPath) {
          sim.ptyPath = pty[1];
          seen++;
        }
      }
      if (seen >= want) {
        clearTimeout(timer);
        resolve(sim);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}: ${err}`));
    });
  });
}
