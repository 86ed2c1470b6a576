// Instruction storage: all instructions of a module (function bodies and constant expressions)
// in one struct-of-arrays table. A 20k-line file has ~40k instructions; as JS objects they
// dominated parse time through garbage collection, as columns they cost a few typed arrays.
// Function bodies and constant expressions are `Body` ranges of the table. `Instr` objects are
// materialized on demand for tooling (Body.instrs()).

import type { Ident, Ref, TypeUse } from './ast';
import { Imm, OPS, ValType } from './opcodes';

/** Payload of block/loop/if. */
export interface BlockInfo {
  bt: TypeUse | null;
  label: Ident | null;
}

/**
 * Kind-specific extra data: BlockInfo (block/loop/if), TypeUse (call_indirect), Ref[] (br_table),
 * ValType[] (typed select), Ref (second index of table.init/table.copy), bigint (i64.const),
 * Ident (label repeated after else/end).
 */
export type Payload = BlockInfo | TypeUse | Ref[] | ValType[] | Ref | bigint | Ident;

const IMM_KIND = Uint8Array.from(OPS.map((o) => o.imm));
const K_BLOCK = Imm.Block;
const K_CALL_INDIRECT = Imm.CallIndirect;
const K_BR_TABLE = Imm.BrTable;
const K_SELECT = Imm.Select;
const K_TABLE_INIT = Imm.TableInit;
const K_TABLE_COPY = Imm.TableCopy;
const K_I64 = Imm.I64;
const K_END = Imm.End;
const K_ELSE = Imm.Else;
/** Ops the resolver always visits (type uses, second indices, data-count bookkeeping). */
const RESOLVE_ALWAYS = Uint8Array.from(
  OPS.map((o) => (o.imm === Imm.CallIndirect || o.imm === Imm.TableInit || o.imm === Imm.TableCopy || o.imm === Imm.MemoryInit || o.imm === Imm.DataDrop ? 1 : 0)),
);

export class Code {
  /** The source text, so index names can be sliced on demand instead of stored. */
  readonly text: string;
  count = 0;
  /** Op id (index into OPS). */
  op: Uint16Array;
  /** Span of the instruction keyword (implicit end/else: the paren). */
  start: Int32Array;
  end: Int32Array;
  /** Numeric immediate: i32 value, f32 bits, f64 low word, memarg offset, ref.null heap type. */
  a: Float64Array;
  /** f64 high word (int32 bits), memarg alignment log2 (-1 = natural), 1 = implicit end/else. */
  b: Int32Array;
  /** Index immediate after resolution (-1 = none or unresolved). */
  ref: Int32Array;
  /** Span of the index token (-1 when the instruction has none). */
  refStart: Int32Array;
  refEnd: Int32Array;
  /** Index into `payloads` (-1 = none). */
  pi: Int32Array;
  payloads: Payload[] = [];
  /**
   * Instructions the resolver has to visit, ascending: a `$name` index not resolved by the parser,
   * a block type that needs a type index, and the ops in RESOLVE_ALWAYS. Most instructions need
   * nothing, so the resolver walks this list instead of every instruction.
   */
  resolveList: number[] = [];

  constructor(text: string, capacity = 256) {
    this.text = text;
    const n = Math.max(16, capacity);
    this.op = new Uint16Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.a = new Float64Array(n);
    this.b = new Int32Array(n);
    this.ref = new Int32Array(n);
    this.refStart = new Int32Array(n);
    this.refEnd = new Int32Array(n);
    this.pi = new Int32Array(n);
  }

  private grow(): void {
    const n = this.op.length * 2;
    const g = <T extends Uint16Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.op = g(this.op, (k) => new Uint16Array(k));
    this.start = g(this.start, (k) => new Int32Array(k));
    this.end = g(this.end, (k) => new Int32Array(k));
    this.a = g(this.a, (k) => new Float64Array(k));
    this.b = g(this.b, (k) => new Int32Array(k));
    this.ref = g(this.ref, (k) => new Int32Array(k));
    this.refStart = g(this.refStart, (k) => new Int32Array(k));
    this.refEnd = g(this.refEnd, (k) => new Int32Array(k));
    this.pi = g(this.pi, (k) => new Int32Array(k));
  }

  /** Appends an instruction with no immediates; returns its index. */
  push(op: number, start: number, end: number): number {
    if (this.count === this.op.length) this.grow();
    const i = this.count++;
    this.op[i] = op;
    this.start[i] = start;
    this.end[i] = end;
    this.a[i] = 0;
    this.b[i] = 0;
    this.ref[i] = -1;
    this.refStart[i] = -1;
    this.refEnd[i] = -1;
    this.pi[i] = -1;
    return i;
  }

  /** Appends an instruction with its numeric immediates; returns its index. */
  pushFull(op: number, start: number, end: number, a: number, b: number, ref: number, refStart: number, refEnd: number): number {
    if (this.count === this.op.length) this.grow();
    const i = this.count++;
    this.op[i] = op;
    this.start[i] = start;
    this.end[i] = end;
    this.a[i] = a;
    this.b[i] = b;
    this.ref[i] = ref;
    this.refStart[i] = refStart;
    this.refEnd[i] = refEnd;
    this.pi[i] = -1;
    if ((refStart >= 0 && ref < 0) || RESOLVE_ALWAYS[op] === 1) this.resolveList.push(i);
    return i;
  }

  setPayload(i: number, p: Payload | null): void {
    if (p === null) this.pi[i] = -1;
    else {
      this.pi[i] = this.payloads.length;
      this.payloads.push(p);
      if (IMM_KIND[this.op[i]] === K_BLOCK) {
        // `(result t)` and empty block types are encoded as value types: nothing to resolve.
        const bt = (p as BlockInfo).bt;
        if (bt !== null && (bt.ref !== undefined || bt.params.length > 0 || bt.results.length > 1)) this.markResolve(i);
      }
    }
  }

  private markResolve(i: number): void {
    const l = this.resolveList;
    let k = l.length;
    if (k > 0 && l[k - 1] >= i) {
      // Not appended in order (not done by the parser today): keep the list sorted and unique.
      while (k > 0 && l[k - 1] > i) k--;
      if (k > 0 && l[k - 1] === i) return;
      l.splice(k, 0, i);
      return;
    }
    l.push(i);
  }

  /** Index in resolveList of the first instruction >= i. */
  resolveFrom(i: number): number {
    const l = this.resolveList;
    let lo = 0;
    let hi = l.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (l[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  payload(i: number): Payload | null {
    const k = this.pi[i];
    return k < 0 ? null : this.payloads[k];
  }

  /** `$name` of the index immediate, or undefined for a number / no index. */
  refName(i: number): string | undefined {
    const s = this.refStart[i];
    return s >= 0 && this.text.charCodeAt(s) === 0x24 ? this.text.slice(s, this.refEnd[i]) : undefined;
  }

  /** The index immediate as a Ref object (allocates). */
  refAt(i: number): Ref | null {
    const s = this.refStart[i];
    if (s < 0) return null;
    return { name: this.refName(i), index: this.ref[i], start: s, end: this.refEnd[i] };
  }

  /** Block type (block/loop/if) or type use (call_indirect). */
  bt(i: number): TypeUse | null {
    const k = IMM_KIND[this.op[i]];
    if (k === K_BLOCK) return (this.payload(i) as BlockInfo).bt;
    if (k === K_CALL_INDIRECT) return this.payload(i) as TypeUse;
    return null;
  }

  /** Label defined by block/loop/if, or repeated after else/end. */
  label(i: number): Ident | null {
    const k = IMM_KIND[this.op[i]];
    if (k === K_BLOCK) return (this.payload(i) as BlockInfo).label;
    if (k === K_END || k === K_ELSE) return this.payload(i) as Ident | null;
    return null;
  }

  refs(i: number): Ref[] | null {
    return IMM_KIND[this.op[i]] === K_BR_TABLE ? (this.payload(i) as Ref[]) : null;
  }

  types(i: number): ValType[] | null {
    return IMM_KIND[this.op[i]] === K_SELECT ? (this.payload(i) as ValType[] | null) : null;
  }

  ref2(i: number): Ref | null {
    const k = IMM_KIND[this.op[i]];
    return k === K_TABLE_INIT || k === K_TABLE_COPY ? (this.payload(i) as Ref | null) : null;
  }

  i64(i: number): bigint {
    return IMM_KIND[this.op[i]] === K_I64 ? (this.payload(i) as bigint) : 0n;
  }

  implicit(i: number): boolean {
    const k = IMM_KIND[this.op[i]];
    return this.b[i] === 1 && (k === K_END || k === K_ELSE);
  }

  /** A materialized copy of instruction i. */
  instr(i: number): Instr {
    const ins = new Instr(this.op[i], this.start[i], this.end[i]);
    ins.a = this.a[i];
    ins.b = this.b[i];
    ins.ref = this.refAt(i);
    ins.bt = this.bt(i);
    ins.label = this.label(i);
    ins.refs = this.refs(i);
    ins.types = this.types(i);
    ins.ref2 = this.ref2(i);
    ins.i64 = this.i64(i);
    ins.implicit = this.implicit(i);
    return ins;
  }
}

/** A function body or constant expression: instructions [start, end) of a Code table. */
export class Body {
  constructor(
    readonly code: Code,
    public start: number,
    public end: number,
  ) {}

  get length(): number {
    return this.end - this.start;
  }

  /** Materialized instructions (allocates; for tooling and tests). */
  instrs(): Instr[] {
    const out: Instr[] = [];
    for (let i = this.start; i < this.end; i++) out.push(this.code.instr(i));
    return out;
  }
}

/** Plain view of one instruction (see Code for the meaning of the fields). */
export class Instr {
  op: number;
  start: number;
  end: number;
  a = 0;
  b = 0;
  ref: Ref | null = null;
  ref2: Ref | null = null;
  refs: Ref[] | null = null;
  bt: TypeUse | null = null;
  types: ValType[] | null = null;
  label: Ident | null = null;
  i64 = 0n;
  implicit = false;

  constructor(op: number, start: number, end: number) {
    this.op = op;
    this.start = start;
    this.end = end;
  }
}
