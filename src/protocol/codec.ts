/**
 * Frames: `type u8 | id u16 | body | crc32 u32` (little-endian, CRC over type..body), COBS-encoded
 * and terminated by 0x00 on the wire. See docs/protocol.md.
 */
import { Reader, Writer, readField, writeField } from './body';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from './cobs';
import { crc32 } from './crc32';
import { ProtocolError } from './errors';
import { type FieldKind, MESSAGES, type MessageName } from './schema';
import type { Body_, Message, MessageOf } from './types';

export const FRAME_OVERHEAD = 7; // type + id + crc

const BY_CODE = new Map<number, { name: MessageName; fields: [string, FieldKind][] }>();
for (const [name, d] of Object.entries(MESSAGES)) {
  BY_CODE.set(d.code, { name: name as MessageName, fields: Object.entries(d.fields) as [string, FieldKind][] });
}

export function messageCode(name: MessageName): number {
  return MESSAGES[name].code;
}
export function messageNameOf(code: number): MessageName | undefined {
  return BY_CODE.get(code)?.name;
}

const scratch = new Writer();

/** Encodes a message to its raw frame (type, id, body, crc), without COBS. */
export function encodeFrame<N extends MessageName>(name: N, id: number, body: Body_<N>): Uint8Array {
  const d = MESSAGES[name];
  if (!d) throw new ProtocolError('unknown_type', `unknown message ${String(name)}`);
  if (!Number.isInteger(id) || id < 0 || id > 0xffff) throw new ProtocolError('malformed', `id must be 0..65535, got ${id}`);
  const w = scratch;
  w.reset();
  w.u8(d.code);
  w.u16(id);
  const b = body as Record<string, unknown>;
  for (const [field, kind] of Object.entries(d.fields) as [string, FieldKind][]) writeField(w, kind, b[field], field);
  w.u32(crc32(w.buf.subarray(0, w.len)));
  return w.buf.slice(0, w.len);
}

/** Encodes a message ready for a byte stream: COBS + 0x00 delimiter. */
export function encode<N extends MessageName>(name: N, id: number, body: Body_<N>): Uint8Array {
  return cobsEncode(encodeFrame(name, id, body));
}

export function encodeMessage(m: Message): Uint8Array {
  const { name, id, ...body } = m;
  return encode(name, id, body as never);
}

/** Upper bound of wire bytes (COBS + delimiter) of a frame of `frameLength` decoded bytes. */
export function wireLength(frameLength: number): number {
  return cobsMaxEncodedLength(frameLength) + 1;
}

/** Decodes a raw frame (COBS already removed): checks length, CRC, type and body layout. */
export function decodeFrame(frame: Uint8Array): Message {
  if (frame.length < FRAME_OVERHEAD) throw new ProtocolError('short', `frame of ${frame.length} bytes is shorter than ${FRAME_OVERHEAD}`);
  const end = frame.length - 4;
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const want = dv.getUint32(end, true);
  const got = crc32(frame.subarray(0, end));
  const type = frame[0];
  const id = dv.getUint16(1, true);
  if (want !== got) throw new ProtocolError('crc', 'frame CRC mismatch (corrupted on the link)');
  const d = BY_CODE.get(type);
  if (!d) throw new ProtocolError('unknown_type', `unknown message type 0x${type.toString(16).padStart(2, '0')}`, type, id);
  const r = new Reader(frame, 3, end);
  const m: Record<string, unknown> = { name: d.name, id };
  try {
    for (const [field, kind] of d.fields) m[field] = readField(r, kind);
  } catch (e) {
    if (e instanceof ProtocolError) throw new ProtocolError(e.kind, `${d.name}: ${e.message}`, type, id);
    throw e;
  }
  if (r.pos !== end) throw new ProtocolError('malformed', `${d.name}: ${end - r.pos} unexpected bytes after the body`, type, id);
  return m as unknown as Message;
}

/** Decodes one wire block (COBS, with or without its 0x00 delimiter). */
export function decode(wire: Uint8Array, maxFrame = Infinity): Message {
  const block = wire.length && wire[wire.length - 1] === 0 ? wire.subarray(0, wire.length - 1) : wire;
  if (block.length > cobsMaxEncodedLength(maxFrame)) throw new ProtocolError('too_long', `frame longer than the ${maxFrame}-byte maximum`);
  const frame = cobsDecode(block);
  if (frame.length > maxFrame) throw new ProtocolError('too_long', `frame longer than the ${maxFrame}-byte maximum`);
  return decodeFrame(frame);
}

export function isMessage<N extends MessageName>(m: Message, name: N): m is MessageOf<N> {
  return m.name === name;
}
