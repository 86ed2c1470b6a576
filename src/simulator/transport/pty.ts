/**
 * A pseudo-terminal the host opens like a serial port (e.g. with the `serialport` package). Each
 * time a program opens the terminal, that is a new Connection; closing it ends the connection.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { Accept, Connection } from './link';
import { PTY_HELPER } from './pty-helper';

class PtyConnection implements Connection {
  private dataCb: ((c: Uint8Array) => void) | null = null;
  private closeCb: (() => void) | null = null;
  open = true;
  constructor(readonly peer: string, private readonly helper: ChildProcessWithoutNullStreams) {}
  write(bytes: Uint8Array): void {
    if (this.open && this.helper.stdin.writable) this.helper.stdin.write(bytes);
  }
  close(): void {
    this.ended();
  }
  onData(cb: (chunk: Uint8Array) => void): void {
    this.dataCb = cb;
  }
  onClose(cb: () => void): void {
    this.closeCb = cb;
  }
  /** @internal */
  data(b: Uint8Array): void {
    if (this.open) this.dataCb?.(b);
  }
  /** @internal */
  ended(): void {
    if (!this.open) return;
    this.open = false;
    this.closeCb?.();
  }
}

export interface PtyListener {
  path: string;
  close(): void;
}

export function listenPty(accept: Accept, python = process.env.NRF_WASM_SIM_PYTHON || 'python3'): Promise<PtyListener> {
  return new Promise((resolve, reject) => {
    const helper = spawn(python, ['-c', PTY_HELPER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buf: Buffer = Buffer.alloc(0);
    let path: string | null = null;
    let conn: PtyConnection | null = null;
    let stderr = '';
    helper.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    helper.on('error', (e) => reject(new Error(`cannot start ${python} for --pty: ${e.message}`)));
    helper.on('exit', (code) => {
      conn?.ended();
      if (path === null) reject(new Error(`the pty helper (${python}) exited with ${code}: ${stderr.trim()}`));
    });
    helper.stdout.on('data', (d: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      if (path === null) {
        const nl = buf.indexOf(10);
        if (nl < 0) return;
        path = buf.subarray(0, nl).toString();
        buf = buf.subarray(nl + 1);
        const p = path;
        resolve({
          path: p,
          close: () => {
            conn?.ended();
            helper.stdin.end();
            helper.kill();
          },
        });
      }
      while (buf.length >= 3) {
        const kind = buf[0];
        const len = buf.readUInt16BE(1);
        if (buf.length < 3 + len) break;
        const data = buf.subarray(3, 3 + len);
        buf = buf.subarray(3 + len);
        if (kind === 0) conn?.data(new Uint8Array(data));
        else if (kind === 1) {
          conn?.ended();
          conn = new PtyConnection(`serial ${path}`, helper);
          accept(conn);
        } else if (kind === 2) {
          conn?.ended();
          conn = null;
        }
      }
    });
  });
}
