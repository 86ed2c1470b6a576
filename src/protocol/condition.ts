/**
 * Breakpoint programs (protocol 1.1, docs/protocol.md 3.7): the bytecode of a `bpSetCond`
 * condition or log program, its checker and its interpreter. The TypeScript twin of
 * firmware/agent/src/cond.c: the simulator runs programs with it, the adapter's compiler emits
 * its opcodes, and the conformance scenarios hold both devices to the same results.
 */

export const PROG_MAX = 96; // bytes of one breakpoint's programs (condition + log)
export const STACK_MAX = 8;
export const EMIT_MAX = 8;

export const Op = {
  i64: 0x01, f64: 0x02, local: 0x03, global: 0x04, load: 0x05,
  add: 0x10, sub: 0x11, mul: 0x12, div: 0x13, rem: 0x14, and: 0x15, or: 0x16, xor: 0x17, shl: 0x18, shr: 0x19,
  eq: 0x1a, ne: 0x1b, lt: 0x1c, le: 0x1d, gt: 0x1e, ge: 0x1f,
  neg: 0x20, not: 0x21, bool: 0x22,
  andThen: 0x30, orElse: 0x31,
  emit: 0x40,
} as const;

/** Op.load types, in order. */
export const LOAD_TYPES = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'f32', 'f64'] as const;
export type LoadType = (typeof LOAD_TYPES)[number];
const LOAD_SIZE = [1, 1, 2, 2, 4, 4, 8, 8, 4, 8];

/** A program value: a 64-bit integer (bigint, wrapped to int64) or a double. */
export type ProgValue = { f: false; i: bigint } | { f: true; d: number };

export interface ProgEnv {
  /** A local of the top frame / a global as a program value, undefined if there is none. */
  local(index: number): ProgValue | undefined;
  global(index: number): ProgValue | undefined;
  /** Linear memory (a view of the live bytes). */
  memory(): Uint8Array | undefined;
}

export class ProgramError extends Error {}

function immLen(op: number): number {
  switch (op) {
    case Op.i64: case Op.f64: return 8;
    case Op.local: case Op.global: return 2;
    case Op.load: case Op.andThen: case Op.orElse: return 1;
  }
  return (op >= Op.add && op <= Op.ge) || (op >= Op.neg && op <= Op.bool) || op === Op.emit ? 0 : -1;
}

/** Whether `p` keeps the rules of section 3.7 (cond.c's nrfw_cond_check). */
export function checkProgram(p: Uint8Array, log: boolean): boolean {
  if (p.length > PROG_MAX) return false;
  const want = new Int8Array(p.length + 1).fill(-1);
  const start = new Uint8Array(p.length + 1);
  let depth = 0;
  let emits = 0;
  let i = 0;
  while (i < p.length) {
    const op = p[i];
    const n = immLen(op);
    if (want[i] >= 0 && want[i] !== depth) return false;
    start[i] = 1;
    if (n < 0 || i + 1 + n > p.length) return false;
    switch (op) {
      case Op.i64: case Op.f64: case Op.local: case Op.global:
        depth++;
        break;
      case Op.load:
        if (depth < 1 || p[i + 1] >= LOAD_TYPES.length) return false;
        break;
      case Op.neg: case Op.not: case Op.bool:
        if (depth < 1) return false;
        break;
      case Op.andThen: case Op.orElse: {
        const to = i + 2 + p[i + 1];
        if (depth < 1 || to > p.length || (want[to] >= 0 && want[to] !== depth)) return false;
        want[to] = depth;
        depth--;
        break;
      }
      case Op.emit:
        if (!log || depth < 1 || ++emits > EMIT_MAX) return false;
        depth--;
        break;
      default:
        if (depth < 2) return false;
        depth--;
    }
    if (depth > STACK_MAX) return false;
    i += 1 + n;
  }
  if (want[p.length] >= 0 && want[p.length] !== depth) return false;
  start[p.length] = 1;
  for (let k = 0; k <= p.length; k++) if (want[k] >= 0 && !start[k]) return false;
  return depth === (log ? 0 : 1);
}

const I64 = (x: bigint): ProgValue => ({ f: false, i: BigInt.asIntN(64, x) });
const F64 = (d: number): ProgValue => ({ f: true, d });
const truthy = (v: ProgValue) => (v.f ? v.d !== 0 : v.i !== 0n);
const asF = (v: ProgValue) => (v.f ? v.d : Number(v.i));
function asI(v: ProgValue): bigint {
  if (!v.f) return v.i;
  if (!(v.d > -9223372036854775808 && v.d < 9223372036854775808)) return 0n;
  return BigInt(Math.trunc(v.d));
}

function binary(op: number, a: ProgValue, b: ProgValue): ProgValue {
  const f = a.f || b.f;
  if (op >= Op.eq) {
    const [x, y] = f ? [asF(a), asF(b)] : [(a as { i: bigint }).i, (b as { i: bigint }).i];
    const r = op === Op.eq ? x === y : op === Op.ne ? x !== y : op === Op.lt ? x < y : op === Op.le ? x <= y : op === Op.gt ? x > y : x >= y;
    return I64(r ? 1n : 0n);
  }
  if (f && op <= Op.rem) {
    const x = asF(a);
    const y = asF(b);
    switch (op) {
      case Op.add: return F64(x + y);
      case Op.sub: return F64(x - y);
      case Op.mul: return F64(x * y);
      case Op.div: return F64(x / y);
      default: return F64(x % y); // C's fmod
    }
  }
  const x = asI(a);
  const y = asI(b);
  switch (op) {
    case Op.add: return I64(x + y);
    case Op.sub: return I64(x - y);
    case Op.mul: return I64(x * y);
    case Op.div: case Op.rem:
      if (y === 0n) throw new ProgramError('division by zero');
      return I64(op === Op.div ? x / y : x % y); // truncating, like C; INT64_MIN / -1 wraps
    case Op.and: return I64(x & y);
    case Op.or: return I64(x | y);
    case Op.xor: return I64(x ^ y);
    case Op.shl: return I64(x << (y & 63n));
    default: return I64(x >> (y & 63n));
  }
}

function load(env: ProgEnv, type: number, addr: ProgValue): ProgValue {
  const mem = env.memory();
  const size = LOAD_SIZE[type];
  if (addr.f || addr.i < 0n || !mem || addr.i + BigInt(size) > BigInt(mem.length)) {
    throw new ProgramError(`${LOAD_TYPES[type]}[${addr.f ? addr.d : addr.i}] is outside linear memory`);
  }
  const dv = new DataView(mem.buffer, mem.byteOffset + Number(addr.i), size);
  switch (LOAD_TYPES[type]) {
    case 'i8': return I64(BigInt(dv.getInt8(0)));
    case 'u8': return I64(BigInt(dv.getUint8(0)));
    case 'i16': return I64(BigInt(dv.getInt16(0, true)));
    case 'u16': return I64(BigInt(dv.getUint16(0, true)));
    case 'i32': return I64(BigInt(dv.getInt32(0, true)));
    case 'u32': return I64(BigInt(dv.getUint32(0, true)));
    case 'f32': return F64(dv.getFloat32(0, true));
    case 'f64': return F64(dv.getFloat64(0, true));
    default: return I64(dv.getBigInt64(0, true));
  }
}

/**
 * Runs a checked program: a condition's result (one value) or a log program's emitted values.
 * Throws ProgramError on a runtime error (memory out of bounds, division by zero, no such
 * local or global).
 */
export function runProgram(p: Uint8Array, env: ProgEnv): ProgValue[] {
  const st: ProgValue[] = [];
  const out: ProgValue[] = [];
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  let i = 0;
  while (i < p.length) {
    const op = p[i++];
    switch (op) {
      case Op.i64: st.push(I64(dv.getBigInt64(i, true))); i += 8; break;
      case Op.f64: st.push(F64(dv.getFloat64(i, true))); i += 8; break;
      case Op.local: case Op.global: {
        const index = dv.getUint16(i, true);
        const v = op === Op.local ? env.local(index) : env.global(index);
        if (!v) throw new ProgramError(`${op === Op.local ? 'local' : 'global'}[${index}] does not exist here`);
        st.push(v);
        i += 2;
        break;
      }
      case Op.load: st.push(load(env, p[i++], st.pop()!)); break;
      case Op.neg: { const a = st.pop()!; st.push(a.f ? F64(-a.d) : I64(-a.i)); break; }
      case Op.not: st.push(I64(truthy(st.pop()!) ? 0n : 1n)); break;
      case Op.bool: st.push(I64(truthy(st.pop()!) ? 1n : 0n)); break;
      case Op.andThen: case Op.orElse: {
        const skip = p[i++];
        if (truthy(st[st.length - 1]) === (op === Op.orElse)) i += skip;
        else st.pop();
        break;
      }
      case Op.emit: out.push(st.pop()!); break;
      default: {
        const b = st.pop()!;
        const a = st.pop()!;
        st.push(binary(op, a, b));
      }
    }
  }
  return st.length === 1 ? [st[0]] : out;
}

export function progTrue(v: ProgValue | undefined): boolean {
  return v !== undefined && truthy(v);
}

/** Whether `hits` meets a HitOp hit condition with count `n`. */
export function hitMet(op: number, hits: number, n: number): boolean {
  switch (op) {
    case 1: return hits >= n;
    case 2: return hits > n;
    case 3: return hits === n;
    case 4: return hits < n;
    case 5: return hits <= n;
    case 6: return n > 0 && hits % n === 0;
    default: return true;
  }
}

/** A wasm value as a program value (refs: their index, null = -1). */
export function progValueOf(v: { type: string; value: number | bigint | null }): ProgValue {
  if (v.type === 'f32' || v.type === 'f64') return F64(Number(v.value));
  if (v.value === null) return I64(-1n);
  return I64(BigInt(v.value));
}
