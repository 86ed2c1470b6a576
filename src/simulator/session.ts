/**
 * One connection's protocol session: framing (COBS + CRC via src/protocol), link errors,
 * handshake, one request at a time through the device, responses, and events — an event raised
 * while a request is handled is sent after that request's response.
 */
import {
  type Body_, ErrorCode, FrameReader, MIN_MAX_FRAME, type Message, type MessageName, ProtocolError, ResetCause, encode, encodeFrame,
  messageCode, LinkErrorKind,
} from '../protocol';
import { type Device, type EventName, type Response, VERSION_RANGE } from './device';
import { trace, tracing } from './trace';
import { DeviceError } from './upload';

export interface Link {
  write(bytes: Uint8Array): void;
}

/** Device-wide state shared by successive sessions: the event sequence and the request queue. */
export class SessionHub {
  eventSeq = 0;
  private queue: Promise<void> = Promise.resolve();

  /** Runs request handlers one after another, whichever connection they came from. */
  serialize(job: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(job).catch((e) => {
      process.stderr.write(`nrf-wasm-sim: internal error: ${(e as Error).stack ?? e}\n`);
    });
    return this.queue;
  }
}

const LINK_KIND: Record<string, number> = { cobs: LinkErrorKind.cobs, short: LinkErrorKind.short, crc: LinkErrorKind.crc, too_long: LinkErrorKind.tooLong };
const utf8 = new TextEncoder();

export class Session {
  private readonly reader = new FrameReader(MIN_MAX_FRAME);
  private handshaken = false;
  private hostMaxFrame = MIN_MAX_FRAME;
  private busy = 0;
  private held: (() => void)[] = [];
  private dropped = 0;
  closed = false;

  constructor(private readonly device: Device, private readonly link: Link, private readonly hub: SessionHub, private readonly log: (s: string) => void = () => {}) {}

  /** Bytes from the link. */
  receive(chunk: Uint8Array): void {
    for (const item of this.reader.push(chunk)) {
      if ('error' in item) this.onBadFrame(item.error);
      else this.onMessage(item.message);
    }
  }

  private onBadFrame(e: ProtocolError): void {
    if (e.kind === 'unknown_type' || e.kind === 'malformed') {
      const code = e.kind === 'unknown_type' ? ErrorCode.unknownType : ErrorCode.malformed;
      this.hub.serialize(async () => this.sendError(e.id ?? 0, e.type ?? 0, code, e.message));
      return;
    }
    this.dropped = Math.min(this.dropped + 1, 0xffff);
    this.event('linkError', { kind: LINK_KIND[e.kind] ?? LinkErrorKind.cobs, count: this.dropped });
  }

  private onMessage(m: Message): void {
    if (tracing) trace(`request ${m.name} #${m.id}`);
    this.hub.serialize(async () => {
      if (this.closed) return;
      this.busy++;
      let after: (() => Promise<void>) | null = null;
      try {
        const type = messageCode(m.name);
        try {
          if (m.name === 'hello') {
            this.hello(m);
          } else if (!this.handshaken) {
            throw new DeviceError(ErrorCode.noHandshake, 'say hello first');
          } else if (m.name === 'reset') {
            this.send('resetOk', m.id, {});
            after = () => this.reboot();
          } else {
            const r = await this.device.handle(m, this.hostMaxFrame);
            this.sendResponse(r, m.id, type);
          }
        } catch (e) {
          if (e instanceof DeviceError) this.sendError(m.id, type, e.code, e.message);
          else {
            this.log(`internal error on ${m.name}: ${(e as Error).stack ?? e}`);
            this.sendError(m.id, type, ErrorCode.internal, (e as Error).message ?? String(e));
          }
        }
      } finally {
        this.busy--;
        this.flushHeld();
      }
      if (after) await after();
    });
  }

  private hello(m: Extract<Message, { name: 'hello' }>): void {
    const v = Math.min(m.versionMax, VERSION_RANGE.max);
    if (m.versionMin > m.versionMax || v < Math.max(m.versionMin, VERSION_RANGE.min)) {
      throw new DeviceError(
        ErrorCode.unsupportedVersion,
        `this device speaks protocol versions ${VERSION_RANGE.min}..${VERSION_RANGE.max}, the host ${m.versionMin}..${m.versionMax}`,
      );
    }
    if (m.maxFrame < MIN_MAX_FRAME) throw new DeviceError(ErrorCode.malformed, `maxFrame ${m.maxFrame} is below ${MIN_MAX_FRAME}`);
    this.hostMaxFrame = m.maxFrame;
    const body = this.device.helloOk(v);
    this.reader.setMaxFrame(body.maxFrame);
    this.handshaken = true;
    this.send('helloOk', m.id, body);
  }

  private async reboot(): Promise<void> {
    this.busy++;
    try {
      await this.device.reboot();
      this.hub.eventSeq = 0;
      this.handshaken = false;
      this.hostMaxFrame = MIN_MAX_FRAME;
      this.reader.setMaxFrame(MIN_MAX_FRAME);
    } finally {
      this.busy--;
    }
    this.event('deviceReset', { cause: ResetCause.requested });
    this.flushHeld();
  }

  /** An event from the device (held while a request is being answered). */
  event<N extends EventName>(name: N, body: Body_<N>): void {
    if (this.closed) return;
    if (name === 'output') {
      const o = body as Body_<'output'>;
      // Split long text so each event fits the host's maximum frame (7 header/crc + 4 fixed bytes).
      const max = this.hostMaxFrame - 11;
      const bytes = utf8.encode(o.text);
      if (bytes.length > max) {
        for (const part of splitUtf8(bytes, max)) this.event('output', { ...o, text: part });
        return;
      }
    }
    const send = () => {
      if (tracing) trace(`event ${name}`);
      this.send(name, this.hub.eventSeq++ & 0xffff, body);
    };
    if (this.busy > 0) this.held.push(send);
    else send();
  }

  private flushHeld(): void {
    if (this.busy > 0) return;
    const h = this.held;
    this.held = [];
    for (const f of h) f();
  }

  private sendResponse(r: Response, id: number, type: number): void {
    // A response is never cut: one the host's frame cannot hold is an error (protocol 3.2).
    const frame = encodeFrame(r.name, id, r.body as never);
    if (frame.length > this.hostMaxFrame) {
      this.sendError(id, type, ErrorCode.internal, `reply too long: ${frame.length} bytes, the host's frame holds ${this.hostMaxFrame}`);
      return;
    }
    this.send(r.name, id, r.body as never);
  }

  private sendError(id: number, requestType: number, code: number, message: string): void {
    // Keep the message within the smallest frame any host accepts.
    const text = truncateUtf8(message, MIN_MAX_FRAME - 7 - 5);
    this.send('error', id, { code, requestType, message: text });
  }

  private send<N extends MessageName>(name: N, id: number, body: Body_<N>): void {
    if (this.closed) return;
    try {
      this.link.write(encode(name, id, body));
    } catch (e) {
      this.log(`cannot send ${name}: ${(e as Error).message}`);
    }
  }

  close(): void {
    this.closed = true;
    this.held = [];
  }
}

function splitUtf8(bytes: Uint8Array, max: number): string[] {
  const out: string[] = [];
  const dec = new TextDecoder();
  let i = 0;
  while (i < bytes.length) {
    let end = Math.min(i + max, bytes.length);
    while (end < bytes.length && end > i && (bytes[end] & 0xc0) === 0x80) end--; // do not cut a character
    out.push(dec.decode(bytes.subarray(i, end)));
    i = end;
  }
  return out;
}

function truncateUtf8(s: string, max: number): string {
  const b = utf8.encode(s);
  return b.length <= max ? s : splitUtf8(b, max)[0];
}
