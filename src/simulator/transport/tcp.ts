/** Loopback TCP listener: every accepted socket is a Connection. */
import { type Server, type Socket, createServer } from 'node:net';
import type { Accept, Connection } from './link';

class TcpConnection implements Connection {
  readonly peer: string;
  constructor(private readonly s: Socket) {
    s.setNoDelay(true);
    this.peer = `tcp://${s.remoteAddress}:${s.remotePort}`;
    s.on('error', () => {}); // a reset peer is just a closed connection
  }
  write(bytes: Uint8Array): void {
    if (!this.s.destroyed) this.s.write(bytes);
  }
  close(): void {
    this.s.destroy();
  }
  onData(cb: (chunk: Uint8Array) => void): void {
    this.s.on('data', cb);
  }
  onClose(cb: () => void): void {
    this.s.on('close', cb);
  }
}

export async function listenTcp(port: number, host: string, accept: Accept): Promise<{ server: Server; url: string }> {
  const server = createServer((s) => accept(new TcpConnection(s)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const a = server.address();
  const p = typeof a === 'object' && a ? a.port : port;
  return { server, url: `tcp://${host}:${p}` };
}
