/**
 * f32/f64 values as raw IEEE 754 bits. A JS number cannot hold a NaN's payload reliably
 * (converting to float32 quiets signalling NaNs; engines may canonicalise NaNs), so the codec
 * reads and writes bits and keeps them beside `value` for NaNs — the only floats whose bits
 * `value` does not determine.
 */
import { ProtocolError } from './errors';

const scratch = new DataView(new ArrayBuffer(8));

export function f32FromBits(bits: number): number {
  scratch.setUint32(0, bits, true);
  return scratch.getFloat32(0, true);
}

export function f64FromBits(lo: number, hi: number): number {
  scratch.setUint32(0, lo, true);
  scratch.setUint32(4, hi, true);
  return scratch.getFloat64(0, true);
}

/** `bits` checked to be a 32-bit NaN pattern (exponent all ones, non-zero fraction). */
export function nan32Bits(bits: unknown): number {
  if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 0 || bits > 0xffffffff || !Number.isNaN(f32FromBits(bits))) {
    throw new ProtocolError('malformed', `f32 NaN bits must be a 32-bit NaN pattern, got ${String(bits)}`);
  }
  return bits;
}

/** `bits` checked to be a 64-bit NaN pattern; returned as [lo, hi] words. */
export function nan64Words(bits: unknown): [number, number] {
  if (typeof bits !== 'bigint' || bits < 0n || bits > 0xffffffffffffffffn) {
    throw new ProtocolError('malformed', `f64 NaN bits must be a 64-bit pattern, got ${String(bits)}`);
  }
  const lo = Number(bits & 0xffffffffn);
  const hi = Number(bits >> 32n);
  if (!Number.isNaN(f64FromBits(lo, hi))) throw new ProtocolError('malformed', `f64 NaN bits 0x${bits.toString(16)} are not a NaN`);
  return [lo, hi];
}
