// Minimal disassembler for the debug adapter's Disassembly view: decodes the instruction at a
// byte offset of a .wasm file (it needs only the bytes, not the source). Function, local and
// global indices print as their `$names` when the caller knows them (name section or source),
// else as numbers; types use their text names.

import { Imm, OPS, OpInfo, valTypeName } from './opcodes';

const BY_CODE = new Map<number, OpInfo>();
for (const op of OPS) if (!BY_CODE.has(op.code)) BY_CODE.set(op.code, op);

export interface DisassembledInstr {
  offset: number;
  length: number;
  text: string;
}

class Reader {
  constructor(
    readonly b: Uint8Array,
    public p: number,
  ) {}
  u8(): number {
    if (this.p >= this.b.length) throw new RangeError('unexpected end');
    return this.b[this.p++];
  }
  u32(): number {
    let r = 0;
    let shift = 0;
    for (;;) {
      const x = this.u8();
      r += (x & 0x7f) * 2 ** shift;
      if (!(x & 0x80)) return r;
      shift += 7;
    }
  }
  s64(): bigint {
    let r = 0n;
    let shift = 0n;
    let x: number;
    do {
      x = this.u8();
      r |= BigInt(x & 0x7f) << shift;
      shift += 7n;
    } while (x & 0x80);
    if (x & 0x40) r -= 1n << shift;
    return r;
  }
}

function fmtF32(bits: number): string {
  const f = new Float32Array(new Uint32Array([bits]).buffer)[0];
  if (Number.isNaN(f)) return `${bits >>> 31 ? '-' : ''}nan:0x${(bits & 0x7fffff).toString(16)}`;
  return Object.is(f, -0) ? '-0' : String(f);
}

function fmtF64(lo: number, hi: number): string {
  const d = new Float64Array(new Uint32Array([lo, hi]).buffer)[0];
  if (Number.isNaN(d)) {
    const payload = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
    return `${hi >>> 31 ? '-' : ''}nan:0x${payload.toString(16)}`;
  }
  return Object.is(d, -0) ? '-0' : String(d);
}

/** Names for indices, when known (each returns e.g. `$fib`, or undefined for the number). */
export interface DisasmNames {
  func?(index: number): string | undefined;
  local?(index: number): string | undefined;
  global?(index: number): string | undefined;
}

/** Decodes the instruction at `offset`. Throws RangeError on bytes that are not an instruction. */
export function disassembleAt(wasm: Uint8Array, offset: number, names: DisasmNames = {}): DisassembledInstr {
  const r = new Reader(wasm, offset);
  let code = r.u8();
  if (code === 0xfc) code = 0xfc00 | r.u32();
  if (code === 0x1c) {
    const n = r.u32();
    const ts: string[] = [];
    for (let i = 0; i < n; i++) ts.push(valTypeName(r.u8()));
    return { offset, length: r.p - offset, text: `select (result ${ts.join(' ')})` };
  }
  const info = BY_CODE.get(code);
  if (!info) throw new RangeError(`unknown opcode 0x${code.toString(16)} at ${offset}`);
  const args: string[] = [];
  switch (info.imm) {
    case Imm.I32:
      args.push(String(Number(BigInt.asIntN(32, r.s64()))));
      break;
    case Imm.I64:
      args.push(String(BigInt.asIntN(64, r.s64())));
      break;
    case Imm.F32: {
      const b = wasm[r.p] | (wasm[r.p + 1] << 8) | (wasm[r.p + 2] << 16) | (wasm[r.p + 3] << 24);
      r.p += 4;
      args.push(fmtF32(b >>> 0));
      break;
    }
    case Imm.F64: {
      const lo = (wasm[r.p] | (wasm[r.p + 1] << 8) | (wasm[r.p + 2] << 16) | (wasm[r.p + 3] << 24)) >>> 0;
      const hi = (wasm[r.p + 4] | (wasm[r.p + 5] << 8) | (wasm[r.p + 6] << 16) | (wasm[r.p + 7] << 24)) >>> 0;
      r.p += 8;
      args.push(fmtF64(lo, hi));
      break;
    }
    case Imm.Block: {
      const b = wasm[r.p];
      if (b === 0x40) r.p++;
      else if (b >= 0x6f && b <= 0x7f) {
        r.p++;
        args.push(`(result ${valTypeName(b)})`);
      } else args.push(`(type ${Number(r.s64())})`);
      break;
    }
    case Imm.Func: {
      const i = r.u32();
      args.push(names.func?.(i) ?? String(i));
      break;
    }
    case Imm.Local: {
      const i = r.u32();
      args.push(names.local?.(i) ?? String(i));
      break;
    }
    case Imm.Global: {
      const i = r.u32();
      args.push(names.global?.(i) ?? String(i));
      break;
    }
    case Imm.Label:
    case Imm.DataDrop:
    case Imm.ElemDrop:
    case Imm.Table:
      args.push(String(r.u32()));
      break;
    case Imm.BrTable: {
      const n = r.u32();
      for (let i = 0; i <= n; i++) args.push(String(r.u32()));
      break;
    }
    case Imm.CallIndirect: {
      const t = r.u32();
      const table = r.u32();
      if (table !== 0) args.push(String(table));
      args.push(`(type ${t})`);
      break;
    }
    case Imm.MemArg: {
      const align = r.u32();
      const off = r.u32();
      if (off) args.push(`offset=${off}`);
      if (align !== info.align) args.push(`align=${2 ** align}`);
      break;
    }
    case Imm.Memory:
    case Imm.MemoryFill:
      r.u8();
      break;
    case Imm.MemoryCopy:
      r.u8();
      r.u8();
      break;
    case Imm.RefNull:
      args.push(r.u8() === 0x70 ? 'func' : 'extern');
      break;
    case Imm.MemoryInit:
      args.push(String(r.u32()));
      r.u8();
      break;
    case Imm.TableInit: {
      const elem = r.u32();
      const table = r.u32();
      args.push(String(table), String(elem));
      break;
    }
    case Imm.TableCopy:
      args.push(String(r.u32()), String(r.u32()));
      break;
  }
  return { offset, length: r.p - offset, text: args.length ? `${info.name} ${args.join(' ')}` : info.name };
}

/** Disassembles [start, end) instruction by instruction (e.g. a function's code range). */
export function disassembleFunction(wasm: Uint8Array, start: number, end: number): DisassembledInstr[] {
  const out: DisassembledInstr[] = [];
  let p = start;
  while (p < end) {
    const d = disassembleAt(wasm, p);
    out.push(d);
    p += d.length;
  }
  return out;
}
