/**
 * Splits a byte stream (UART, TCP, reassembled BLE notifications) into messages at 0x00
 * delimiters. Garbage, corrupted or oversize frames are reported and skipped; the next frame
 * after the next 0x00 decodes normally.
 */
import { decodeFrame } from './codec';
import { cobsDecode, cobsMaxEncodedLength } from './cobs';
import { ProtocolError } from './errors';
import type { Message } from './types';

export type StreamItem = { message: Message } | { error: ProtocolError };

export class FrameReader {
  private buf: Uint8Array;
  private len = 0;
  private discarding = false;
  private nextMax: number;

  /** @param maxFrame largest decoded frame accepted (type + id + body + crc). */
  constructor(private maxFrame: number) {
    this.nextMax = maxFrame;
    this.buf = new Uint8Array(cobsMaxEncodedLength(maxFrame));
  }

  /**
   * Changes the maximum frame from the next block on (docs/protocol.md 1.1): a block already
   * begun is judged by the limit it began under (C: nwp_reader_set_max_frame does the same), so a
   * change made while part of a frame is buffered neither cuts that frame short nor changes its verdict.
   */
  setMaxFrame(maxFrame: number): void {
    this.nextMax = maxFrame;
    if (this.len === 0 && !this.discarding) this.applyMax();
  }

  private applyMax(): void {
    if (this.nextMax === this.maxFrame) return;
    this.maxFrame = this.nextMax;
    this.buf = new Uint8Array(cobsMaxEncodedLength(this.maxFrame));
  }

  /** Feeds bytes; returns the messages and errors completed by them, in order. */
  push(chunk: Uint8Array): StreamItem[] {
    const out: StreamItem[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b !== 0) {
        if (this.discarding) continue;
        if (this.len === this.buf.length) {
          this.discarding = true;
          this.len = 0;
          out.push({ error: new ProtocolError('too_long', `frame longer than the ${this.maxFrame}-byte maximum`) });
          continue;
        }
        this.buf[this.len++] = b;
        continue;
      }
      if (this.discarding) {
        this.discarding = false;
        this.applyMax();
        continue;
      }
      if (this.len === 0) continue; // empty block: a flush, not a frame
      const block = this.buf.subarray(0, this.len);
      this.len = 0;
      const maxFrame = this.maxFrame;
      this.applyMax(); // `block` keeps the old buffer alive
      try {
        const frame = cobsDecode(block);
        if (frame.length > maxFrame) throw new ProtocolError('too_long', `frame longer than the ${maxFrame}-byte maximum`);
        out.push({ message: decodeFrame(frame) });
      } catch (e) {
        if (!(e instanceof ProtocolError)) throw e;
        out.push({ error: e });
      }
    }
    return out;
  }
}
