/** TCP transport: the simulator and the firmware's host build listen on loopback. */
import * as net from 'node:net';
import { type Link, LinkEvents, type Transport, TransportError } from './link';

export function parseTcpAddress(address: string): { host: string; port: number } {
  const m = /^(?:tcp:\/\/)?(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(address.trim());
  if (!m) throw new TransportError(`"${address}" is not a TCP address; use host:port, e.g. 127.0.0.1:4000`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

export class TcpTransport implements Transport {
  readonly kind = 'tcp' as const;
  readonly label: string;
  private readonly host: string;
  private readonly port: number;

  constructor(address: string, private readonly connectTimeoutMs = 5000) {
    ({ host: this.host, port: this.port } = parseTcpAddress(address));
    this.label = `tcp://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  connect(signal?: AbortSignal): Promise<Link> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      const fail = (e: Error) => {
        socket.destroy();
        reject(e);
      };
      const timer = setTimeout(() => fail(new TransportError(`No device answered at ${this.label} within ${this.connectTimeoutMs} ms.`)), this.connectTimeoutMs);
      const onAbort = () => fail(new TransportError('Connecting was cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const hint = e.code === 'ECONNREFUSED' ? ' Is the simulator (or the firmware host build) running on that port?' : '';
        fail(new TransportError(`Cannot connect to ${this.label}: ${e.message}.${hint}`, e));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.removeAllListeners('error');
        resolve(new TcpLink(socket, this.label));
      });
    });
  }
}

class TcpLink implements Link {
  private readonly events = new LinkEvents();
  private closing = false;

  constructor(private readonly socket: net.Socket, readonly label: string) {
    socket.on('data', (d) => this.events.emitData(d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      const gone = e.code === 'EPIPE' || e.code === 'ECONNRESET';
      this.events.emitClose(new TransportError(gone ? `The device at ${label} closed the connection (${e.code}).` : `The connection to ${label} failed: ${e.message}`, e));
    });
    socket.on('close', () => this.events.emitClose(this.closing ? undefined : new TransportError(`The device at ${label} closed the connection.`)));
  }
  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.events.isClosed) return reject(new TransportError(`The connection to ${this.label} is closed.`));
      this.socket.write(data, (e) => (e ? reject(new TransportError(`Writing to ${this.label} failed: ${e.message}`, e)) : resolve()));
    });
  }
  close(): Promise<void> {
    this.closing = true;
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 200).unref();
    });
  }
  onData(l: (d: Uint8Array) => void): void {
    this.events.onData(l);
  }
  onClose(l: (e?: Error) => void): void {
    this.events.onClose(l);
  }
}
