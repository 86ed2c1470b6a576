/** WebAssembly values as the Variables view shows them, and user text parsed back into values. */
import type { Value, ValueType } from '../protocol';

const hex32 = (n: number) => '0x' + (n >>> 0).toString(16).padStart(8, '0');
const hex64 = (n: bigint) => '0x' + BigInt.asUintN(64, n).toString(16).padStart(16, '0');

/** `42 (0x0000002a)`; with `hex`, only the hex form. Floats print exactly as JS does. */
export function formatValue(v: Value, opts: { hex?: boolean; funcName?: (i: number) => string } = {}): string {
  switch (v.type) {
    case 'i32':
      return opts.hex ? hex32(v.value) : `${v.value} (${hex32(v.value)})`;
    case 'i64':
      return opts.hex ? hex64(v.value) : `${v.value} (${hex64(v.value)})`;
    case 'f32':
    case 'f64':
      if (Number.isNaN(v.value)) return nanText(v);
      return Object.is(v.value, -0) ? '-0' : String(v.value);
    case 'funcref':
      return v.value === null ? 'null' : `${opts.funcName?.(v.value) ?? `func[${v.value}]`}`;
    case 'externref':
      return v.value === null ? 'null' : `extern[${v.value}]`;
  }
}

/** NaNs in WAT's own notation: `nan` (canonical), `nan:0x…` with a payload, `-` when the sign is set. */
function nanText(v: Extract<Value, { type: 'f32' | 'f64' }>): string {
  if (v.bits === undefined) return 'nan';
  const bits = BigInt(v.bits);
  const fracBits = v.type === 'f32' ? 23n : 52n;
  const sign = (bits >> (v.type === 'f32' ? 31n : 63n)) & 1n ? '-' : '';
  const payload = bits & ((1n << fracBits) - 1n);
  return payload === 1n << (fracBits - 1n) ? `${sign}nan` : `${sign}nan:0x${payload.toString(16)}`;
}

/** Parses what a user typed into Set Value / an assignment, for a slot of type `type`. */
export function parseValue(text: string, type: ValueType): Value | undefined {
  const t = text.trim().replace(/_/g, '');
  switch (type) {
    case 'i32': {
      const n = parseInteger(t);
      if (n === undefined || n < -(2n ** 31n) || n > 2n ** 32n - 1n) return undefined;
      return { type, value: Number(BigInt.asIntN(32, n)) };
    }
    case 'i64': {
      const n = parseInteger(t.replace(/n$/, ''));
      if (n === undefined || n < -(2n ** 63n) || n > 2n ** 64n - 1n) return undefined;
      return { type, value: BigInt.asIntN(64, n) };
    }
    case 'f32':
    case 'f64': {
      const v = /^[-+]?(inf|infinity)$/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : /^[-+]?nan$/i.test(t) ? NaN : Number(t);
      if (t === '' || (Number.isNaN(v) && !/nan/i.test(t))) return undefined;
      return { type, value: type === 'f32' ? Math.fround(v) : v };
    }
    case 'funcref':
    case 'externref': {
      if (t === 'null') return { type, value: null };
      const n = parseInteger(t);
      return n === undefined || n < 0n || n >= 0xffffffffn ? undefined : { type, value: Number(n) };
    }
  }
}

function parseInteger(t: string): bigint | undefined {
  const m = /^([-+]?)(0x[0-9a-f]+|0b[01]+|0o[0-7]+|\d+)$/i.exec(t);
  if (!m) return undefined;
  const v = BigInt(m[2]);
  return m[1] === '-' ? -v : v;
}
