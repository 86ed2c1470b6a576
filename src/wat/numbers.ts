// Number literals of the text format (spec 6.3.3): integers with `_` separators and hex, floats in
// decimal/hex with exact round-to-nearest-even (f32 is NOT computed as fround(double), which would
// double-round), `inf`, `nan`, `nan:0x...` payloads. Parse functions return `null` for a malformed
// literal and throw RangeError('constant out of range') for a well-formed one that does not fit.

const DEC_RE = /^[0-9](?:_?[0-9])*$/;
const HEX_RE = /^[0-9a-fA-F](?:_?[0-9a-fA-F])*$/;

export class OutOfRange extends RangeError {
  constructor() {
    super('constant out of range');
  }
}

/** Unsigned magnitude of `num | 0x hexnum` (no sign), or null if malformed. */
function parseMagnitude(s: string): bigint | null {
  if (s.length > 2 && s.charCodeAt(0) === 0x30 && (s.charCodeAt(1) === 0x78)) {
    const h = s.slice(2);
    if (!HEX_RE.test(h)) return null;
    return BigInt('0x' + h.replace(/_/g, ''));
  }
  if (!DEC_RE.test(s)) return null;
  return BigInt(s.replace(/_/g, ''));
}

function isPlainDigits(s: string, max: number): boolean {
  const n = s.length;
  if (n === 0 || n > max) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `u32` (indices, limits, alignments, offsets). */
export function parseU32(s: string): number | null {
  if (isPlainDigits(s, 9)) return +s;
  const h = plainHex32(s, 0);
  if (h >= 0) return h;
  const m = parseMagnitude(s);
  if (m === null) return null;
  if (m > 0xffffffffn) throw new OutOfRange();
  return Number(m);
}

/** `u64` (memory64 offsets are not supported; kept for completeness of memarg parsing). */
export function parseU64(s: string): bigint | null {
  const m = parseMagnitude(s);
  if (m === null) return null;
  if (m > 0xffffffffffffffffn) throw new OutOfRange();
  return m;
}

/** Generic `iN`: returns the value as a two's-complement unsigned bigint. */
function parseIntN(s: string, bits: bigint): bigint | null {
  let sign = 0;
  const c = s.charCodeAt(0);
  if (c === 0x2b) sign = 1;
  else if (c === 0x2d) sign = -1;
  const m = parseMagnitude(sign ? s.slice(1) : s);
  if (m === null) return null;
  const half = 1n << (bits - 1n);
  if (sign === 0) {
    if (m >= half << 1n) throw new OutOfRange();
    return m;
  }
  if (sign === 1) {
    if (m >= half) throw new OutOfRange();
    return m;
  }
  if (m > half) throw new OutOfRange();
  return m === 0n ? 0n : (half << 1n) - m;
}

/** Value of `0x` + 1..8 hex digits without separators, or -1 (no allocation). */
function plainHex32(s: string, from: number): number {
  const n = s.length;
  if (n - from < 3 || n - from > 10 || s.charCodeAt(from) !== 0x30 || s.charCodeAt(from + 1) !== 0x78) return -1;
  let v = 0;
  for (let i = from + 2; i < n; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
    else return -1;
    v = v * 16 + d;
  }
  return v;
}

/** `i32` as a signed JS number. */
export function parseI32(s: string): number | null {
  if (isPlainDigits(s, 9)) return +s;
  if (s.charCodeAt(0) === 0x2d && isPlainDigits(s.slice(1), 9)) return -+s.slice(1) | 0;
  const h = plainHex32(s, 0);
  if (h >= 0) return h | 0;
  const v = parseIntN(s, 32n);
  return v === null ? null : Number(BigInt.asIntN(32, v));
}

/** `i64` as a signed bigint. */
export function parseI64(s: string): bigint | null {
  const v = parseIntN(s, 64n);
  return v === null ? null : BigInt.asIntN(64, v);
}

// ---- floats ----------------------------------------------------------------------------------

const F64 = new Float64Array(1);
const F64_U32 = new Uint32Array(F64.buffer);
const F32 = new Float32Array(1);
const F32_U32 = new Uint32Array(F32.buffer);

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * Rounds the positive rational n * 2^e2 / d to an IEEE float with `mb` mantissa bits and exponent
 * `bias`, ties to even. Returns the bit pattern (without sign) or null on overflow to infinity.
 */
function roundBits(n: bigint, d: bigint, e2: number, mb: number, bias: number): bigint | null {
  if (n === 0n) return 0n;
  const divide = (s: number): [bigint, bigint] => {
    let num = n;
    let den = d;
    const t = s + e2;
    if (t >= 0) num <<= BigInt(t);
    else den <<= BigInt(-t);
    return [num / den, num % den];
  };
  // Want q with exactly mb+2 bits (mantissa + leading 1 + round bit).
  let s = mb + 2 - (bitLength(n) - bitLength(d)) - e2;
  let [q, r] = divide(s);
  const lo = 1n << BigInt(mb + 1);
  const hi = lo << 1n;
  while (q >= hi) {
    s--;
    [q, r] = divide(s);
  }
  while (q < lo) {
    s++;
    [q, r] = divide(s);
  }
  // value = q * 2^-s with q in [2^(mb+1), 2^(mb+2)) => unbiased exponent:
  let E = mb + 1 - s;
  const minE = 1 - bias;
  if (E < minE) {
    // Subnormal: fewer significant bits.
    s -= minE - E;
    [q, r] = divide(s);
    E = minE - 1; // marker: subnormal encoding below
  }
  let mant = q >> 1n;
  const half = (q & 1n) === 1n;
  if (half && (r !== 0n || (mant & 1n) === 1n)) mant++;
  if (E < minE) {
    // Subnormal (or rounded up into the smallest normal, which has the same encoding).
    return mant;
  }
  if (mant === hi >> 1n) {
    mant >>= 1n;
    E++;
  }
  if (E > bias) return null;
  return (BigInt(E + bias) << BigInt(mb)) | (mant - (1n << BigInt(mb)));
}

interface FloatParts {
  neg: boolean;
  kind: 'num' | 'inf' | 'nan';
  payload?: bigint;
  hex?: boolean;
  /** mantissa digits as integer, and exponent: value = mant * base^exp (base 10, or 2 for hex) */
  mant?: bigint;
  exp?: number;
  /** decimal digit string for the fast JS path */
  dec?: string;
  /** the literal without its sign */
  body?: string;
}

const DEC_FLOAT_RE = /^([0-9](?:_?[0-9])*)(?:\.((?:[0-9](?:_?[0-9])*)?))?(?:[eE]([+-]?[0-9](?:_?[0-9])*))?$/;
const HEX_FLOAT_RE =
  /^0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)(?:\.((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?))?(?:[pP]([+-]?[0-9](?:_?[0-9])*))?$/;

function splitFloat(s: string): FloatParts | null {
  let neg = false;
  let i = 0;
  const c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) {
    neg = c === 0x2d;
    i = 1;
  }
  const body = i ? s.slice(i) : s;
  if (body === 'inf') return { neg, kind: 'inf' };
  if (body === 'nan') return { neg, kind: 'nan' };
  if (body.startsWith('nan:0x')) {
    const h = body.slice(6);
    if (!HEX_RE.test(h)) return null;
    return { neg, kind: 'nan', payload: BigInt('0x' + h.replace(/_/g, '')) };
  }
  if (body.startsWith('0x')) {
    const m = HEX_FLOAT_RE.exec(body);
    if (!m) return null;
    const ip = m[1].replace(/_/g, '');
    const fp = (m[2] ?? '').replace(/_/g, '');
    const e = m[3] ? parseExp(m[3]) : 0;
    return { neg, kind: 'num', hex: true, mant: BigInt('0x' + ip + fp), exp: e - 4 * fp.length, body };
  }
  const m = DEC_FLOAT_RE.exec(body);
  if (!m) return null;
  const ip = m[1].replace(/_/g, '');
  const fp = (m[2] ?? '').replace(/_/g, '');
  const e = m[3] ? parseExp(m[3]) : 0;
  return { neg, kind: 'num', hex: false, mant: BigInt(ip + fp), exp: e - fp.length, dec: ip + '.' + (fp || '0') + 'e' + e };
}

function parseExp(s: string): number {
  const v = Number(s.replace(/_/g, ''));
  // Clamp absurd exponents; the magnitude checks below turn them into 0 or overflow.
  return Math.max(-1e6, Math.min(1e6, v));
}

/** Exact rounding of mant * base^exp. */
function roundParts(p: FloatParts, mb: number, bias: number, maxDec: number, minDec: number): bigint | null {
  const mant = p.mant!;
  const exp = p.exp!;
  if (mant === 0n) return 0n;
  if (p.hex) {
    const bl = bitLength(mant);
    if (bl + exp > bias + 2) return null;
    if (bl + exp < -bias - mb - 2) return 0n;
    return roundBits(mant, 1n, exp, mb, bias);
  }
  const mag = mant.toString().length + exp; // value < 10^mag
  if (mag > maxDec) return null;
  if (mag < minDec) return 0n;
  if (exp >= 0) return roundBits(mant * 10n ** BigInt(exp), 1n, 0, mb, bias);
  return roundBits(mant, 10n ** BigInt(-exp), 0, mb, bias);
}

/**
 * Hex float literals with a '.' or an exponent, exactly as wabt parses them (src/literal.cc,
 * FloatParser::ParseHex), so that output stays byte-identical to wat2wasm. wabt keeps the first
 * significant bits of the significand and rounds with "add half if the kept LSB is odd or a
 * non-zero digit was dropped": for an even LSB it ignores bits below the round bit within the
 * kept digits, which differs from exact rounding in rare cases (and rounds some values just
 * below the smallest normal to zero). Plain hex integers go through strtod in wabt, i.e. are
 * rounded exactly, like decimal literals.
 */
function wabtHexFloat(body: string, neg: boolean, kBits: number, kSigBits: number): bigint | null {
  const kSigPlusOneBits = kSigBits + 1;
  const kExpBits = kBits - kSigBits - 1;
  const kMaxExp = 1 << (kExpBits - 1);
  const kMinExp = -kMaxExp + 1;
  const kExpBias = -kMinExp;
  const kSigMask = (1n << BigInt(kSigBits)) - 1n;
  const kSigPlusOneMask = (1n << BigInt(kSigPlusOneBits)) - 1n;
  const make = (exp: number, sig: bigint): bigint =>
    ((neg ? 1n : 0n) << BigInt(kBits - 1)) | (BigInt(exp + kExpBias) << BigInt(kSigBits)) | sig;
  const shiftAndRound = (sig: bigint, shift: number, trailing: boolean): bigint => {
    if ((sig & (1n << BigInt(shift))) !== 0n || trailing) sig += 1n << BigInt(shift - 1);
    return sig >> BigInt(shift);
  };
  let i = 2; // after "0x"
  let seenDot = false;
  let trailing = false;
  let sig = 0n;
  let sigExp = 0;
  for (; i < body.length; i++) {
    const c = body[i];
    if (c === '_') continue;
    if (c === '.') {
      seenDot = true;
      continue;
    }
    const d = parseInt(c, 16);
    if (Number.isNaN(d)) break;
    if (bitLength(sig) <= kSigPlusOneBits) {
      sig = (sig << 4n) + BigInt(d);
      if (seenDot) sigExp -= 4;
    } else {
      if (d !== 0) trailing = true;
      if (!seenDot) sigExp += 4;
    }
  }
  if (sig === 0n) return make(kMinExp, 0n);
  let exponent = 0;
  let expNeg = false;
  if (i < body.length) {
    i++; // 'p'
    let add = 0;
    if (body[i] === '-') {
      expNeg = true;
      add = -sigExp;
      i++;
    } else if (body[i] === '+') {
      add = sigExp;
      i++;
    }
    for (; i < body.length; i++) {
      if (body[i] === '_') continue;
      exponent = exponent * 10 + (body.charCodeAt(i) - 48);
      if (exponent + add >= kMaxExp) break;
    }
  }
  if (expNeg) exponent = -exponent;
  const sigBits = bitLength(sig);
  exponent += sigExp + sigBits - 1;
  if (exponent <= kMinExp) {
    // Maybe subnormal.
    const noteTrailing = (shift: number): void => {
      const mask = (1n << BigInt(shift - 1)) - 1n;
      if ((sig & mask) !== 0n) trailing = true;
    };
    if (sigBits > kSigBits) {
      const shift = sigBits - kSigBits;
      noteTrailing(shift);
      sig >>= BigInt(shift);
    } else if (sigBits < kSigBits) {
      sig <<= BigInt(kSigBits - sigBits);
    }
    const shift = kMinExp - exponent;
    if (shift <= kSigBits) {
      if (shift) {
        noteTrailing(shift);
        sig = shiftAndRound(sig, shift, trailing) & kSigMask;
      }
      if (sig !== 0n) return make(kMinExp, sig);
    }
    return make(kMinExp, 0n);
  }
  if (sigBits > kSigPlusOneBits) {
    sig = shiftAndRound(sig, sigBits - kSigPlusOneBits, trailing);
    if (sig > kSigPlusOneMask) exponent++;
  } else if (sigBits < kSigPlusOneBits) {
    sig <<= BigInt(kSigPlusOneBits - sigBits);
  }
  if (exponent >= kMaxExp) return null;
  return make(exponent, sig & kSigMask);
}

function isHexFloatForm(body: string): boolean {
  return body.startsWith('0x') && /[.pP]/.test(body);
}

/**
 * True for `[+-]? digits ('.' digits?)? ([eE] [+-]? digits)?` without `_`: the common float
 * literal, which JS Number() converts with correct rounding.
 */
function simpleDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
  const d0 = i;
  while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++i);
  if (i === d0) return false;
  if (c === 0x2e) {
    c = s.charCodeAt(++i);
    while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++i);
  }
  if (c === 0x65 || c === 0x45) {
    c = s.charCodeAt(++i);
    if (c === 0x2b || c === 0x2d) c = s.charCodeAt(++i);
    const e0 = i;
    while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++i);
    if (i === e0) return false;
  }
  return i === n && n <= 40;
}

/** f32 literal -> IEEE bit pattern (uint32 as number). */
export function parseF32Bits(s: string): number | null {
  if (simpleDecimal(s)) {
    // fround(double) is exact unless the double lands exactly on an f32 midpoint (double rounding).
    const d = Number(s);
    const f = Math.fround(d);
    if (f === d && isFinite(f)) {
      F32[0] = f;
      return F32_U32[0];
    }
  }
  const p = splitFloat(s);
  if (!p) return null;
  if (p.kind === 'num' && p.hex && isHexFloatForm(p.body!)) {
    const bits = wabtHexFloat(p.body!, p.neg, 32, 23);
    if (bits === null) throw new OutOfRange();
    return Number(bits);
  }
  const sign = p.neg ? 0x80000000 : 0;
  if (p.kind === 'inf') return (sign | 0x7f800000) >>> 0;
  if (p.kind === 'nan') {
    const payload = p.payload ?? 0x400000n;
    if (payload === 0n || payload >= 0x800000n) throw new OutOfRange();
    return (sign | 0x7f800000 | Number(payload)) >>> 0;
  }
  if (!p.hex) {
    // Fast path: the double is correctly rounded; fround is exact unless the double is an f32 midpoint.
    const d = Number(p.dec);
    const f = Math.fround(d);
    if (f === d) {
      if (!isFinite(f)) throw new OutOfRange();
      F32[0] = p.neg ? -f : f;
      return F32_U32[0];
    }
    F32[0] = f;
    const fb = F32_U32[0];
    F32_U32[0] = d > f ? fb + 1 : fb - 1;
    const other = F32[0];
    if ((f + other) / 2 !== d && isFinite(f)) {
      F32[0] = p.neg ? -f : f;
      return F32_U32[0];
    }
  }
  const bits = roundParts(p, 23, 127, 40, -47);
  if (bits === null) throw new OutOfRange();
  return (sign | Number(bits)) >>> 0;
}

/** f64 literal -> IEEE bit pattern as [lo, hi] uint32 words. */
export function parseF64Bits(s: string): [number, number] | null {
  if (simpleDecimal(s)) {
    const d = Number(s);
    if (!isFinite(d)) throw new OutOfRange();
    F64[0] = d;
    return [F64_U32[0], F64_U32[1]];
  }
  const p = splitFloat(s);
  if (!p) return null;
  if (p.kind === 'num' && p.hex && isHexFloatForm(p.body!)) {
    const bits = wabtHexFloat(p.body!, p.neg, 64, 52);
    if (bits === null) throw new OutOfRange();
    return [Number(bits & 0xffffffffn), Number(bits >> 32n)];
  }
  const sign = p.neg ? 0x80000000 : 0;
  if (p.kind === 'inf') return [0, (sign | 0x7ff00000) >>> 0];
  if (p.kind === 'nan') {
    const payload = p.payload ?? 0x8000000000000n;
    if (payload === 0n || payload >= 0x10000000000000n) throw new OutOfRange();
    return [Number(payload & 0xffffffffn), (sign | 0x7ff00000 | Number(payload >> 32n)) >>> 0];
  }
  if (!p.hex) {
    const d = Number(p.dec);
    if (!isFinite(d)) throw new OutOfRange();
    F64[0] = p.neg ? -d : d;
    return [F64_U32[0], F64_U32[1]];
  }
  const bits = roundParts(p, 52, 1023, 310, -330);
  if (bits === null) throw new OutOfRange();
  return [Number(bits & 0xffffffffn), (sign | Number(bits >> 32n)) >>> 0];
}

/** Bits -> JS number (for script values and display). */
export function f32FromBits(bits: number): number {
  F32_U32[0] = bits;
  return F32[0];
}

export function f64FromBits(lo: number, hi: number): number {
  F64_U32[0] = lo;
  F64_U32[1] = hi;
  return F64[0];
}
