/**
 * Serial transport (USB CDC / UART of the nRF5340 DK) through the `serialport` package, loaded
 * lazily so the extension still activates where its native binding is missing.
 */
import { type Link, LinkEvents, type Transport, TransportError } from './link';

type SerialPortModule = typeof import('serialport');

export function loadSerialPort(): SerialPortModule {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('serialport') as SerialPortModule;
  } catch (e) {
    throw new TransportError(
      `Serial ports are unavailable: the "serialport" native module could not be loaded (${(e as Error).message}). Reinstall the extension for this platform, or use the simulator or BLE.`,
      e,
    );
  }
}

export const DEFAULT_BAUD = 1_000_000;

export class SerialTransport implements Transport {
  readonly kind = 'serial' as const;
  readonly label: string;

  constructor(private readonly path: string, private readonly baudRate = DEFAULT_BAUD) {
    this.label = `serial ${path} @ ${baudRate}`;
  }

  async connect(signal?: AbortSignal): Promise<Link> {
    const { SerialPort } = loadSerialPort();
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new TransportError('Connecting was cancelled.'));
      signal?.addEventListener('abort', onAbort, { once: true });
      port.open((e) => {
        signal?.removeEventListener('abort', onAbort);
        if (!e) return resolve();
        const msg = e.message;
        const hint = /permission|EACCES/i.test(msg)
          ? ' On Linux, add yourself to the "dialout" group (sudo usermod -aG dialout $USER) and log in again.'
          : /No such file|ENOENT|cannot open/i.test(msg)
            ? ' Is the board plugged in? Pick the port again with "nRF WASM: Select Device".'
            : '';
        reject(new TransportError(`Cannot open ${this.path}: ${msg}.${hint}`, e));
      });
    });
    return new SerialLink(port, this.label);
  }
}

class SerialLink implements Link {
  private readonly events = new LinkEvents();
  private closing = false;

  constructor(private readonly port: InstanceType<SerialPortModule['SerialPort']>, readonly label: string) {
    port.on('data', (d: Buffer) => this.events.emitData(d));
    port.on('error', (e: Error) => this.events.emitClose(new TransportError(`${label} failed: ${e.message}`, e)));
    port.on('close', () => this.events.emitClose(this.closing ? undefined : new TransportError(`${label} was disconnected (board unplugged or reset?).`)));
  }
  write(data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.events.isClosed) return reject(new TransportError(`${this.label} is closed.`));
      this.port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (e) => {
        if (e) reject(new TransportError(`Writing to ${this.label} failed: ${e.message}`, e));
      });
      this.port.drain((e) => (e ? reject(new TransportError(`Writing to ${this.label} failed: ${e.message}`, e)) : resolve()));
    });
  }
  close(): Promise<void> {
    this.closing = true;
    return new Promise((resolve) => {
      if (!this.port.isOpen) return resolve();
      this.port.close(() => resolve());
    });
  }
  onData(l: (d: Uint8Array) => void): void {
    this.events.onData(l);
  }
  onClose(l: (e?: Error) => void): void {
    this.events.onClose(l);
  }
}
