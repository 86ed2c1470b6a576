/**
 * Start-up and shutdown of a helper child process that announces itself with one line on
 * stdout/stderr (the simulator's "listening on tcp://…", QEMU's "char device redirected to …").
 * No vscode import.
 */
import type { ChildProcess } from 'node:child_process';

export interface StartLineWatch<T> {
  /** The value the start-up line carries (an address, a pty path), or undefined for other lines. */
  parse(line: string): T | undefined;
  timeoutMs: number;
  /** Each text gets `tail`: " It printed: a | b" with the last lines, or "" when it printed nothing. */
  timeoutMessage(tail: string): string;
  exitMessage(code: number | null, signal: NodeJS.Signals | null, tail: string): string;
  errorMessage(e: Error): string;
  onLine?(line: string, stream: 'stdout' | 'stderr'): void;
  onExit?(code: number | null, signal: NodeJS.Signals | null): void;
  /** How to end the child when start-up fails. */
  killSignal?: NodeJS.Signals;
}

const TAIL_LINES = 5;

/** Resolves with the start-up line's value; rejects (and kills the child) on timeout, error or early exit. */
export function awaitStartLine<T>(child: ChildProcess, w: StartLineWatch<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const tail: string[] = [];
    const printed = () => (tail.length ? ' It printed: ' + tail.join(' | ') : '');
    const timer = setTimeout(() => fail(new Error(w.timeoutMessage(printed()))), w.timeoutMs);
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill(w.killSignal);
      reject(e);
    };
    const lines = (stream: 'stdout' | 'stderr') => {
      let buf = '';
      return (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).replace(/\r$/, '');
          buf = buf.slice(i + 1);
          w.onLine?.(line, stream);
          tail.push(line);
          if (tail.length > TAIL_LINES) tail.shift();
          const value = w.parse(line);
          if (value !== undefined && !settled) {
            settled = true;
            clearTimeout(timer);
            resolve(value);
          }
        }
      };
    };
    child.stdout?.on('data', lines('stdout'));
    child.stderr?.on('data', lines('stderr'));
    child.once('error', (e) => fail(new Error(w.errorMessage(e))));
    child.once('exit', (code, signal) => {
      fail(new Error(w.exitMessage(code, signal, printed())));
      w.onExit?.(code, signal);
    });
  });
}

/** SIGTERM, then SIGKILL after 2 s; resolves when the child has exited. */
export function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
}
