/**
 * The simulator as a child process (`dist/simulator.js --port N`): started on demand by the
 * "Start Simulator" command, by Deploy/Run on the simulator target, and stopped with the
 * extension, and by the debug adapter for a `simulator` launch. Its "listening on tcp://HOST:PORT" line gives the address. No vscode import.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { awaitStartLine, stopChild } from '../process/child';

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
    let reason = '';
    const timeoutMs = o.startTimeoutMs ?? 10000;
    const address = await awaitStartLine(child, {
      parse: parseListeningLine,
      timeoutMs,
      timeoutMessage: (tail) => `The simulator did not say where it listens within ${timeoutMs / 1000} s.${tail}`,
      errorMessage: (e) => `Cannot start the simulator: ${e.message}`,
      exitMessage: (code, signal, tail) => `The simulator exited (${signal ?? `code ${code}`}) before listening.${reason ? ` It said: ${reason}` : tail}`,
      onLine: (line, stream) => {
        o.onOutput?.(line, stream);
        // Its own complaint ("nrf-wasm-sim: unknown option ...") is the reason, whatever follows it.
        if (!reason && /^nrf-wasm-sim: /.test(line) && !parseListeningLine(line) && !/flash store/.test(line)) reason = line.replace(/^nrf-wasm-sim: /, '');
      },
      onExit: (code, signal) => {
        if (this.child === child) {
          this.child = undefined;
          this.address = undefined;
        }
        o.onExit?.(code, signal);
      },
    });
    this.address = address;
    return address;
  }

  stop(): Promise<void> {
    return stopChild(this.running ? this.child : undefined);
  }
}
