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
        reject(new TransportError(serialOpenError(this.path, e.message), e));
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

/**
 * Why a port did not open, once: serialport says "Error: No such file or directory, cannot open
 * /dev/ttyACM9"; the user reads "Cannot open /dev/ttyACM9: no such file or directory." and what to do.
 */
export function serialOpenError(path: string, raw: string): string {
  const why = raw.replace(/^Error:\s*/i, '').replace(new RegExp(`,?\\s*cannot open ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i'), '').replace(/\.$/, '').trim();
  const hint = /permission|EACCES/i.test(raw)
    ? ' On Linux, add yourself to the "dialout" group (sudo usermod -aG dialout $USER) and log in again.'
    : /No such file|ENOENT|cannot open/i.test(raw)
      ? ' Is the board plugged in? Pick the port again with "nRF WASM: Select Device".'
      : '';
  return `Cannot open ${path}: ${why.charAt(0).toLowerCase()}${why.slice(1)}.${hint}`;
}
