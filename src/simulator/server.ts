/**
 * Connections to sessions: one host at a time, a new connection replaces the old one (like a
 * UART: whoever is on the line now is the host). The device keeps its state across connections.
 */
import type { Device } from './device';
import { Session, SessionHub } from './session';
import type { Connection } from './transport/link';

export class Server {
  private current: { conn: Connection; session: Session } | null = null;
  private readonly hub = new SessionHub();

  constructor(private readonly device: Device, private readonly log: (s: string) => void) {}

  accept = (conn: Connection): void => {
    if (this.current) {
      this.log(`${this.current.conn.peer} replaced by ${conn.peer}`);
      const old = this.current;
      old.session.close();
      old.conn.close();
    } else this.log(`${conn.peer} connected`);
    const session = new Session(this.device, conn, this.hub, this.log);
    const entry = { conn, session };
    this.current = entry;
    this.device.setListener((name, body) => session.event(name, body));
    conn.onData((chunk) => session.receive(chunk));
    conn.onClose(() => {
      session.close();
      if (this.current === entry) {
        this.current = null;
        this.device.setListener(() => {});
        this.log(`${conn.peer} disconnected`);
      }
    });
  };

  closeAll(): void {
    this.current?.session.close();
    this.current?.conn.close();
    this.current = null;
  }
}
