/** Encodes and decodes message bodies by interpreting the schema's field lists. */
import { ProtocolError } from './errors';
import { f32FromBits, f64FromBits, nan32Bits, nan64Words } from './float-bits';
import { type FieldKind, NULL_REF, VALUE_TYPES, type ValueType } from './schema';
import type { FrameRef, Range, Value } from './types';

const TAG_TO_TYPE = new Map<number, ValueType>(Object.entries(VALUE_TYPES).map(([k, v]) => [v, k as ValueType]));
const utf8 = new TextEncoder();
// Not fatal: a bad sequence in a log line is shown as U+FFFD rather than losing the frame.
const utf8d = new TextDecoder('utf-8');

export class Writer {
  buf = new Uint8Array(256);
  view = new DataView(this.buf.buffer);
  len = 0;

  reset(): void {
    this.len = 0;
  }
  private need(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
  u8(v: number): void {
    this.need(1);
    this.buf[this.len++] = v;
  }
  u16(v: number): void {
    this.need(2);
    this.view.setUint16(this.len, v, true);
    this.len += 2;
  }
  u32(v: number): void {
    this.need(4);
    this.view.setUint32(this.len, v >>> 0, true);
    this.len += 4;
  }
  f32(v: number): void {
    this.need(4);
    this.view.setFloat32(this.len, v, true);
    this.len += 4;
  }
  f64(v: number): void {
    this.need(8);
    this.view.setFloat64(this.len, v, true);
    this.len += 8;
  }
  bytes(b: Uint8Array): void {
    this.need(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
}

export class Reader {
  private readonly view: DataView;
  pos: number;
  constructor(readonly buf: Uint8Array, start: number, readonly end: number) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
  }
  private need(n: number): void {
    if (this.pos + n > this.end) throw new ProtocolError('malformed', 'message body is too short');
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

function checkUint(v: unknown, max: number, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new ProtocolError('malformed', `field ${name} must be an integer in 0..${max}, got ${String(v)}`);
  }
  return v;
}

function writeValue(w: Writer, v: Value): void {
  const tag = VALUE_TYPES[v.type];
  if (tag === undefined) throw new ProtocolError('malformed', `unknown value type ${String((v as Value).type)}`);
  w.u8(tag);
  switch (v.type) {
    case 'i32':
      w.u32(v.value | 0);
      break;
    case 'i64':
      w.u32(Number(BigInt.asUintN(32, v.value)));
      w.u32(Number(BigInt.asUintN(32, v.value >> 32n)));
      break;
    case 'f32':
      // A NaN's payload lives in `bits` (a number cannot carry it); other floats in `value`.
      if (Number.isNaN(v.value) && v.bits !== undefined) w.u32(nan32Bits(v.bits));
      else w.f32(v.value);
      break;
    case 'f64':
      if (Number.isNaN(v.value) && v.bits !== undefined) {
        const [lo, hi] = nan64Words(v.bits);
        w.u32(lo);
        w.u32(hi);
      } else w.f64(v.value);
      break;
    default:
      w.u32(v.value === null ? NULL_REF : checkUint(v.value, 0xfffffffe, 'ref'));
  }
}

function readValue(r: Reader): Value {
  const tag = r.u8();
  const type = TAG_TO_TYPE.get(tag);
  if (!type) throw new ProtocolError('malformed', `unknown value type tag 0x${tag.toString(16)}`);
  switch (type) {
    case 'i32':
      return { type, value: r.i32() };
    case 'i64': {
      const lo = BigInt(r.u32());
      const hi = BigInt(r.u32());
      return { type, value: BigInt.asIntN(64, (hi << 32n) | lo) };
    }
    case 'f32': {
      const bits = r.u32();
      const value = f32FromBits(bits);
      return Number.isNaN(value) ? { type, value, bits } : { type, value };
    }
    case 'f64': {
      const lo = r.u32();
      const hi = r.u32();
      const value = f64FromBits(lo, hi);
      return Number.isNaN(value) ? { type, value, bits: (BigInt(hi) << 32n) | BigInt(lo) } : { type, value };
    }
    default: {
      const v = r.u32();
      return { type, value: v === NULL_REF ? null : v };
    }
  }
}

function writeList<T>(w: Writer, list: unknown, name: string, item: (x: T) => void): void {
  if (!Array.isArray(list)) throw new ProtocolError('malformed', `field ${name} must be a list`);
  checkUint(list.length, 0xffff, `${name}.length`);
  w.u16(list.length);
  for (const x of list) item(x as T);
}

function readList<T>(r: Reader, item: () => T): T[] {
  const n = r.u16();
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = item();
  return out;
}

export function writeField(w: Writer, kind: FieldKind, v: unknown, name: string): void {
  switch (kind) {
    case 'u8':
      w.u8(checkUint(v, 0xff, name));
      break;
    case 'u16':
      w.u16(checkUint(v, 0xffff, name));
      break;
    case 'u32':
      w.u32(checkUint(v, 0xffffffff, name));
      break;
    case 'i32':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
        throw new ProtocolError('malformed', `field ${name} must be a 32-bit signed integer`);
      }
      w.u32(v >>> 0);
      break;
    case 'sha256':
      if (!(v instanceof Uint8Array) || v.length !== 32) throw new ProtocolError('malformed', `field ${name} must be 32 bytes`);
      w.bytes(v);
      break;
    case 'str': {
      if (typeof v !== 'string') throw new ProtocolError('malformed', `field ${name} must be a string`);
      const b = utf8.encode(v);
      checkUint(b.length, 0xffff, `${name}.length`);
      w.u16(b.length);
      w.bytes(b);
      break;
    }
    case 'value':
      writeValue(w, v as Value);
      break;
    case 'values':
      writeList<Value>(w, v, name, (x) => writeValue(w, x));
      break;
    case 'u32s':
      writeList<number>(w, v, name, (x) => w.u32(checkUint(x, 0xffffffff, name)));
      break;
    case 'frames':
      writeList<FrameRef>(w, v, name, (x) => {
        w.u32(checkUint(x.func, 0xffffffff, 'func'));
        w.u32(checkUint(x.pc, 0xffffffff, 'pc'));
      });
      break;
    case 'ranges':
      writeList<Range>(w, v, name, (x) => {
        w.u32(checkUint(x.start, 0xffffffff, 'start'));
        w.u32(checkUint(x.end, 0xffffffff, 'end'));
      });
      break;
    case 'rest':
      if (!(v instanceof Uint8Array)) throw new ProtocolError('malformed', `field ${name} must be bytes`);
      w.bytes(v);
      break;
  }
}

export function readField(r: Reader, kind: FieldKind): unknown {
  switch (kind) {
    case 'u8':
      return r.u8();
    case 'u16':
      return r.u16();
    case 'u32':
      return r.u32();
    case 'i32':
      return r.i32();
    case 'sha256':
      return r.bytes(32);
    case 'str':
      return utf8d.decode(r.bytes(r.u16()));
    case 'value':
      return readValue(r);
    case 'values':
      return readList(r, () => readValue(r));
    case 'u32s':
      return readList(r, () => r.u32());
    case 'frames':
      return readList<FrameRef>(r, () => ({ func: r.u32(), pc: r.u32() }));
    case 'ranges':
      return readList<Range>(r, () => ({ start: r.u32(), end: r.u32() }));
    case 'rest':
      return r.bytes(r.end - r.pos);
  }
}
