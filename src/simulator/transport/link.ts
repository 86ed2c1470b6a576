/** A byte-stream connection to one host (a TCP client, a pseudo-terminal's user). */
export interface Connection {
  /** Human-readable peer, for the log. */
  readonly peer: string;
  write(bytes: Uint8Array): void;
  close(): void;
  onData(cb: (chunk: Uint8Array) => void): void;
  onClose(cb: () => void): void;
}

/** A listener hands over each new connection. */
export type Accept = (c: Connection) => void;
