/**
 * The simulator as a child process (`dist/simulator.js --port N`): started on demand by the
 * "Start Simulator" command, by Deploy/Run on the simulator target, and stopped with the
 * extension, and by the debug adapter for a `simulator` launch. Its "listening on tcp://HOST:PORT" line gives the address. No vscode import.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Finds `tcp://host:port` in the simulator's start-up line. */
export function parseListeningLine(line: string): string | undefined {
  const m = /listening on tcp:\/\/(\[[^\]]+\]|[^\s:/]+):(\d+)/i.exec(line);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

export interface SimulatorOptions {
  /** Path of dist/simulator.js. */
  script: string;
  port: number;
  args: string[];
  /** Node to run it with (VS Code's own, through ELECTRON_RUN_AS_NODE). */
  execPath?: string;
  /** Node options before the script, e.g. `--import tsx` when running from sources. */
  execArgv?: string[];
  /**
   * Keep a pipe on the simulator's stdin and pass --stdin-lifeline: if this process dies, even
   * by SIGKILL, the pipe closes and the simulator exits with it (a debug adapter's simulator).
   */
  lifeline?: boolean;
  cwd?: string;
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  startTimeoutMs?: number;
}

export class SimulatorProcess {
  private child?: ChildProcess;
  address?: string;

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it (or returns the address of the one running). */
  async start(o: SimulatorOptions): Promise<string> {
    if (this.running && this.address) return this.address;
    if (!existsSync(o.script)) {
      throw new Error(`The simulator is not part of this build (${o.script} is missing). Rebuild the extension (npm run build), or use a board.`);
    }
    const args = [...(o.execArgv ?? []), o.script, '--port', String(o.port), ...(o.lifeline ? ['--stdin-lifeline'] : []), ...o.args];
    const child = spawn(o.execPath ?? process.execPath, args, {
      cwd: o.cwd,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: [o.lifeline ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const tail: string[] = [];
      let reason = '';
      const timer = setTimeout(() => fail(new Error(`The simulator did not say where it listens within ${(o.startTimeoutMs ?? 10000) / 1000} s.${tail.length ? ' It printed: ' + tail.join(' | ') : ''}`)), o.startTimeoutMs ?? 10000);
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.kill();
        reject(e);
      };
      const onLine = (stream: 'stdout' | 'stderr') => {
        let buf = '';
        return (chunk: Buffer) => {
          buf += chunk.toString('utf8');
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i).replace(/\r$/, '');
            buf = buf.slice(i + 1);
            o.onOutput?.(line, stream);
            tail.push(line);
            if (tail.length > 5) tail.shift();
            // Its own complaint ("nrf-wasm-sim: unknown option ...") is the reason, whatever follows it.
            if (!reason && /^nrf-wasm-sim: /.test(line) && !parseListeningLine(line) && !/flash store/.test(line)) reason = line.replace(/^nrf-wasm-sim: /, '');
            const addr = parseListeningLine(line);
            if (addr && !settled) {
              settled = true;
              clearTimeout(timer);
              this.address = addr;
              resolve(addr);
            }
          }
        };
      };
      child.stdout!.on('data', onLine('stdout'));
      child.stderr!.on('data', onLine('stderr'));
      child.once('error', (e) => fail(new Error(`Cannot start the simulator: ${e.message}`)));
      child.once('exit', (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.address = undefined;
        }
        fail(new Error(`The simulator exited (${signal ?? `code ${code}`}) before listening.${reason ? ` It said: ${reason}` : tail.length ? ' It printed: ' + tail.join(' | ') : ''}`));
        o.onExit?.(code, signal);
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    });
  }
}
