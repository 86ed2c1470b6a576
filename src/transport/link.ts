/**
 * A link carries the protocol's framed byte stream to one device. Transports (TCP, serial, BLE)
 * open links; everything above them sees only bytes in and bytes out.
 */
export interface Link {
  /** Human-readable endpoint, e.g. `tcp://127.0.0.1:4000`, `serial /dev/ttyACM0`, `BLE nrf-wasm (c1:…)`. */
  readonly label: string;
  /** Resolves when the bytes were handed to the OS/radio (not when the device read them). */
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  onData(listener: (data: Uint8Array) => void): void;
  /** Called once when the link ends for any reason; `error` is set unless close() ended it. */
  onClose(listener: (error?: Error) => void): void;
}

export type TransportKind = 'tcp' | 'serial' | 'ble';

export interface Transport {
  readonly kind: TransportKind;
  readonly label: string;
  /** Opens a new link; call again to reconnect after a drop. */
  connect(signal?: AbortSignal): Promise<Link>;
}

/** Raised by transports with a message written for the user, saying what to do. */
export class TransportError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Shared listener bookkeeping for Link implementations. */
export class LinkEvents {
  private data: ((d: Uint8Array) => void)[] = [];
  private close: ((e?: Error) => void)[] = [];
  private closed = false;
  onData(l: (d: Uint8Array) => void): void {
    this.data.push(l);
  }
  onClose(l: (e?: Error) => void): void {
    this.close.push(l);
  }
  emitData(d: Uint8Array): void {
    for (const l of this.data) l(d);
  }
  emitClose(e?: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const l of this.close) l(e);
  }
  get isClosed(): boolean {
    return this.closed;
  }
}
