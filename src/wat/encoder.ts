// Binary encoder: resolved Module -> .wasm bytes, laid out exactly like wabt's wat2wasm
// (`--debug-names`, canonical LEBs): same section set and order, same segment flag choices, same
// name section subsections. While writing the code section it records the byte range of every
// instruction, which becomes the source map.

import { Body, BlockInfo, Code, Func, FuncType, Module, TypeUse, Limits, Ident, Ref } from './ast';
import { Imm as ImmE, OPS as OPSE, FUNCREF, OP as OPE } from './opcodes';
import { Writer, u32Size } from './writer';
import { numParams } from './resolve';

export interface EncodedFunc {
  funcIndex: number;
  /** Offset of the body size LEB (start of the body entry in the code section). */
  entryOffset: number;
  /** Offset of the local declarations (first byte after the size LEB). */
  bodyOffset: number;
  /** Offset of the first instruction. */
  codeOffset: number;
  /** Offset just past the final `end`. */
  endOffset: number;
}

export interface EncodeResult {
  wasm: Uint8Array;
  instrs: InstrLog;
  funcs: EncodedFunc[];
  codeSectionOffset: number;
  codeSectionSize: number;
}

// Module-local copies (imported bindings are getter calls under per-file transpilation).
const Imm = ImmE;
const OP = OPE;
const IMM_KIND = Uint8Array.from(OPSE.map((o) => o.imm));
const CODE = Int32Array.from(OPSE.map((o) => o.code));
const ALIGN = Uint8Array.from(OPSE.map((o) => o.align));
/**
 * writeBody's inline encodings, the code section's commonest cases: FAST_PLAIN = one-byte opcode
 * without immediates (Imm None, Else, End); FAST_INDEX = one-byte opcode + u32 index
 * (local/global/call/ref.func/br...); FAST_I32 = i32.const; 0 = writeInstr.
 */
const FAST_PLAIN = 1;
const FAST_INDEX = 2;
const FAST_I32 = 3;
const FAST = Uint8Array.from(
  OPSE.map((o) => {
    if (o.code > 0xff) return 0;
    if (o.imm === ImmE.None || o.imm === ImmE.Else || o.imm === ImmE.End) return FAST_PLAIN;
    if (o.imm === ImmE.Local || o.imm === ImmE.Global || o.imm === ImmE.Func || o.imm === ImmE.Label) return FAST_INDEX;
    if (o.imm === ImmE.I32) return FAST_I32;
    return 0;
  }),
);

const enc = new TextEncoder();

/**
 * Byte ranges of the encoded instructions, in parallel typed arrays (one object per instruction
 * would dominate the cost of assembling large files). Offsets are absolute in the final module.
 */
export class InstrLog {
  count = 0;
  offset: Int32Array;
  endOffset: Int32Array;
  /** Source span of the instruction keyword. */
  srcStart: Int32Array;
  srcEnd: Int32Array;
  funcIndex: Int32Array;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.offset = new Int32Array(n);
    this.endOffset = new Int32Array(n);
    this.srcStart = new Int32Array(n);
    this.srcEnd = new Int32Array(n);
    this.funcIndex = new Int32Array(n);
  }

  push(offset: number, endOffset: number, srcStart: number, srcEnd: number, funcIndex: number): void {
    if (this.count === this.offset.length) this.grow();
    const i = this.count++;
    this.offset[i] = offset;
    this.endOffset[i] = endOffset;
    this.srcStart[i] = srcStart;
    this.srcEnd[i] = srcEnd;
    this.funcIndex[i] = funcIndex;
  }

  /** Makes room for `extra` more entries. */
  reserve(extra: number): void {
    while (this.count + extra > this.offset.length) this.grow();
  }

  private grow(): void {
    const n = this.offset.length * 2;
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.offset = g(this.offset);
    this.endOffset = g(this.endOffset);
    this.srcStart = g(this.srcStart);
    this.srcEnd = g(this.srcEnd);
    this.funcIndex = g(this.funcIndex);
  }

  /** Adds `delta` to the byte offsets of entries [from, to). */
  shift(from: number, to: number, delta: number): void {
    for (let i = from; i < to; i++) {
      this.offset[i] += delta;
      this.endOffset[i] += delta;
    }
  }
}

/** Writes `$name` without the `$` (identifiers are ASCII by definition). */
function writeName(w: Writer, id: Ident): void {
  const s = id.name;
  w.u32(s.length - 1);
  w.ascii(s, 1);
}

export function encodeModule(mod: Module): EncodeResult {
  const out = new Writer(4096);
  out.u32le(0x6d736100);
  out.u32le(1);
  const types = mod.funcTypes;
  const code = mod.code;
  // Sized for the code section (a few bytes per instruction) so it rarely grows.
  const sec = new Writer(Math.max(1024, code.count * 3));

  const section = (id: number): void => {
    out.u8(id);
    out.u32(sec.len);
    out.bytes(sec.buf.subarray(0, sec.len));
    sec.len = 0;
  };
  const limits = (w: Writer, l: Limits): void => {
    if (l.max === undefined) {
      w.u8(0);
      w.u32(l.min);
    } else {
      w.u8(1);
      w.u32(l.min);
      w.u32(l.max);
    }
  };
  const typeIndexOf = (tu: TypeUse): number => (tu.typeIndex < 0 ? 0 : tu.typeIndex);

  // Type
  if (types.length) {
    sec.u32(types.length);
    for (const t of types) {
      sec.u8(0x60);
      sec.u32(t.params.length);
      for (const p of t.params) sec.u8(p);
      sec.u32(t.results.length);
      for (const r of t.results) sec.u8(r);
    }
    section(1);
  }
  // Import
  if (mod.imports.length) {
    sec.u32(mod.imports.length);
    for (const im of mod.imports) {
      sec.vec(im.import!.module);
      sec.vec(im.import!.name);
      switch (im.kind) {
        case 'func':
          sec.u8(0);
          sec.u32(typeIndexOf(im.type));
          break;
        case 'table':
          sec.u8(1);
          sec.u8(im.refType);
          limits(sec, im.limits);
          break;
        case 'memory':
          sec.u8(2);
          limits(sec, im.limits);
          break;
        case 'global':
          sec.u8(3);
          sec.u8(im.type);
          sec.u8(im.mutable ? 1 : 0);
          break;
      }
    }
    section(2);
  }
  // Function
  const defined = mod.funcs.filter((f) => !f.import);
  if (defined.length) {
    sec.u32(defined.length);
    for (const f of defined) sec.u32(typeIndexOf(f.type));
    section(3);
  }
  // Table
  const tables = mod.tables.filter((t) => !t.import);
  if (tables.length) {
    sec.u32(tables.length);
    for (const t of tables) {
      sec.u8(t.refType);
      limits(sec, t.limits);
    }
    section(4);
  }
  // Memory
  const mems = mod.memories.filter((m) => !m.import);
  if (mems.length) {
    sec.u32(mems.length);
    for (const m of mems) limits(sec, m.limits);
    section(5);
  }
  // Global
  const globals = mod.globals.filter((g) => !g.import);
  if (globals.length) {
    sec.u32(globals.length);
    for (const g of globals) {
      sec.u8(g.type);
      sec.u8(g.mutable ? 1 : 0);
      constExpr(sec, g.init, types);
    }
    section(6);
  }
  // Export
  if (mod.exports.length) {
    sec.u32(mod.exports.length);
    for (const ex of mod.exports) {
      sec.vec(ex.name);
      sec.u8(ex.externKind);
      sec.u32(ex.ref.index);
    }
    section(7);
  }
  // Start
  if (mod.startFunc) {
    sec.u32(mod.startFunc.ref.index);
    section(8);
  }
  // Elem
  if (mod.elems.length) {
    sec.u32(mod.elems.length);
    for (const el of mod.elems) {
      const tableIndex = el.table ? el.table.index : 0;
      let flags = 0;
      if (el.mode === 'active') {
        if (tableIndex !== 0 || el.refType !== FUNCREF) flags |= 2;
      } else if (el.mode === 'passive') flags |= 1;
      else flags |= 3;
      let allRefFunc = el.refType === FUNCREF;
      if (allRefFunc) {
        for (const item of el.items) {
          if (item.length === 0 || code.op[item.start] !== OP.refFunc) {
            allRefFunc = false;
            break;
          }
        }
      }
      if (!allRefFunc) flags |= 4;
      sec.u8(flags);
      if (!(flags & 1)) {
        if (flags & 2) sec.u32(tableIndex);
        constExpr(sec, el.offset, types);
      }
      if (flags & 3) {
        if (flags & 4) sec.u8(el.refType);
        else sec.u8(0);
      }
      sec.u32(el.items.length);
      for (const item of el.items) {
        if (flags & 4) constExpr(sec, item, types);
        else sec.u32(code.ref[item.start]);
      }
    }
    section(9);
  }
  // DataCount: wabt emits it only when the code uses memory.init or data.drop.
  if (mod.needsDataCount) {
    sec.u32(mod.datas.length);
    section(12);
  }
  // Code
  // Every body instruction plus one final `end` per function.
  const instrs = new InstrLog(code.count + mod.funcs.length);
  const encFuncs: EncodedFunc[] = [];
  let codeSectionOffset = -1;
  let codeSectionSize = 0;
  if (defined.length) {
    // Each body is written straight into the section after room for the longest size LEB (5
    // bytes), then moved back over the unused part once its size is known (one native memmove
    // instead of a separate buffer and a copy). Instruction offsets are recorded relative to the
    // body's first byte; one pass at the end makes them absolute.
    const firstInstr: number[] = [];
    sec.u32(defined.length);
    for (let fi = 0; fi < mod.funcs.length; fi++) {
      const f = mod.funcs[fi];
      if (f.import) continue;
      const entryOffset = sec.len;
      sec.reserve(5);
      sec.len += 5;
      const start = sec.len;
      writeLocals(sec, f);
      const codeStart = sec.len - start;
      firstInstr.push(instrs.count);
      writeBody(sec, f, types, fi, instrs, start);
      const size = sec.len - start;
      const leb = u32Size(size);
      const bodyOffset = entryOffset + leb;
      if (leb < 5) sec.buf.copyWithin(bodyOffset, start, sec.len);
      sec.len = entryOffset;
      sec.u32(size);
      sec.len = bodyOffset + size;
      encFuncs.push({ funcIndex: fi, entryOffset, bodyOffset, codeOffset: bodyOffset + codeStart, endOffset: bodyOffset + size });
    }
    out.u8(10);
    out.u32(sec.len);
    codeSectionOffset = out.len;
    codeSectionSize = sec.len;
    for (let k = 0; k < encFuncs.length; k++) {
      const ef = encFuncs[k];
      instrs.shift(firstInstr[k], k + 1 < encFuncs.length ? firstInstr[k + 1] : instrs.count, ef.bodyOffset + codeSectionOffset);
      ef.entryOffset += codeSectionOffset;
      ef.bodyOffset += codeSectionOffset;
      ef.codeOffset += codeSectionOffset;
      ef.endOffset += codeSectionOffset;
    }
    out.bytes(sec.buf.subarray(0, sec.len));
    sec.len = 0;
  }
  // Data
  if (mod.datas.length) {
    sec.u32(mod.datas.length);
    for (const d of mod.datas) {
      if (d.mode === 'passive') sec.u8(1);
      else {
        const mi = d.memory ? d.memory.index : 0;
        if (mi !== 0) {
          sec.u8(2);
          sec.u32(mi);
        } else sec.u8(0);
        constExpr(sec, d.offset, types);
      }
      sec.vec(d.bytes);
    }
    section(11);
  }
  writeNames(out, sec, mod, types);
  return { wasm: out.finish(), instrs, funcs: encFuncs, codeSectionOffset, codeSectionSize };
}

function writeLocals(w: Writer, f: Func): void {
  const ls = f.locals;
  // Runs of equal types become one declaration.
  let groups = 0;
  for (let i = 0; i < ls.length; i++) if (i === 0 || ls[i].type !== ls[i - 1].type) groups++;
  w.u32(groups);
  let i = 0;
  while (i < ls.length) {
    let j = i + 1;
    while (j < ls.length && ls[j].type === ls[i].type) j++;
    w.u32(j - i);
    w.u8(ls[i].type);
    i = j;
  }
}

function constExpr(w: Writer, body: Body | undefined, types: FuncType[]): void {
  if (body) for (let i = body.start; i < body.end; i++) writeInstr(w, body.code, i, types);
  w.u8(0x0b);
}

/** Writes a function's instructions; logged offsets are relative to `base` (the body's start in w). */
function writeBody(w: Writer, f: Func, types: FuncType[], funcIndex: number, out: InstrLog, base: number): void {
  const code = f.body.code;
  const ops = code.op;
  const srcStart = code.start;
  const srcEnd = code.end;
  const ref = code.ref;
  const a = code.a;
  const end = f.body.end;
  const elseOp = OP.else;
  const endOp = OP.end;
  // The log holds at most one entry per instruction plus one per function: it has room for
  // this body, so entries are written straight into its columns.
  out.reserve(f.body.end - f.body.start + 1);
  const lOffset = out.offset;
  const lEnd = out.endOffset;
  const lStart = out.srcStart;
  const lSrcEnd = out.srcEnd;
  const lFunc = out.funcIndex;
  let n = out.count;
  for (let i = f.body.start; i < end; i++) {
    const op = ops[i];
    // wabt drops an empty else branch (`else` directly followed by its `end`).
    if (op === elseOp && i + 1 < end && ops[i + 1] === endOp) continue;
    // Common encodings (no immediate, one index, i32.const) are written here on a local
    // buffer/length pair; the rest goes through writeInstr. 16 bytes cover any of them.
    if (w.len + 16 > w.buf.length) w.reserve(16);
    const buf = w.buf;
    let at = w.len;
    const offset = at - base;
    const kind = FAST[op];
    if (kind === FAST_PLAIN) {
      buf[at++] = CODE[op];
    } else if (kind === FAST_INDEX) {
      buf[at++] = CODE[op];
      let v = ref[i] >>> 0;
      while (v >= 0x80) {
        buf[at++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[at++] = v;
    } else if (kind === FAST_I32) {
      buf[at++] = CODE[op];
      let v = a[i] | 0;
      for (;;) {
        const byte = v & 0x7f;
        v >>= 7;
        if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
          buf[at++] = byte;
          break;
        }
        buf[at++] = byte | 0x80;
      }
    } else {
      writeInstr(w, code, i, types);
      at = w.len;
    }
    w.len = at;
    lOffset[n] = offset;
    lEnd[n] = at - base;
    lStart[n] = srcStart[i];
    lSrcEnd[n] = srcEnd[i];
    lFunc[n] = funcIndex;
    n++;
  }
  out.count = n;
  // The function's own `end`: mapped to its closing paren.
  const offset = w.len - base;
  w.u8(0x0b);
  const close = Math.max(f.start, f.end - 1);
  out.push(offset, offset + 1, close, close + 1, funcIndex);
}

function blockType(w: Writer, bt: TypeUse | null, types: FuncType[]): void {
  // Signatures with no params and at most one result use the short form, even when written as
  // `(type $t)` (wabt does the same).
  if (bt === null) {
    w.u8(0x40);
    return;
  }
  const results = bt.typeIndex >= 0 ? types[bt.typeIndex].results : bt.results;
  if (bt.typeIndex >= 0 && (types[bt.typeIndex].params.length > 0 || results.length > 1)) {
    w.s32(bt.typeIndex);
    return;
  }
  w.u8(results.length ? results[0] : 0x40);
}

export function writeInstr(w: Writer, code: Code, i: number, types: FuncType[]): void {
  const op = code.op[i];
  const imm = IMM_KIND[op];
  const c = CODE[op];
  if (c > 0xff) {
    w.u8(0xfc);
    w.u32(c & 0xff);
  } else if (imm !== Imm.Select) {
    w.u8(c);
  }
  switch (imm) {
    case Imm.None:
    case Imm.Else:
    case Imm.End:
      return;
    case Imm.I32:
      w.s32(code.a[i]);
      return;
    case Imm.I64:
      w.s64(code.payloads[code.pi[i]] as bigint);
      return;
    case Imm.F32:
      w.u32le(code.a[i]);
      return;
    case Imm.F64:
      w.u32le(code.a[i]);
      w.u32le(code.b[i]);
      return;
    case Imm.Block:
      blockType(w, (code.payloads[code.pi[i]] as BlockInfo).bt, types);
      return;
    case Imm.Label:
    case Imm.Func:
    case Imm.Local:
    case Imm.Global:
    case Imm.DataDrop:
    case Imm.ElemDrop:
      w.u32(code.ref[i]);
      return;
    case Imm.BrTable: {
      const refs = code.payloads[code.pi[i]] as Ref[];
      w.u32(refs.length - 1);
      for (const r of refs) w.u32(r.index);
      return;
    }
    case Imm.CallIndirect: {
      const tu = code.payloads[code.pi[i]] as TypeUse;
      w.u32(tu.typeIndex < 0 ? 0 : tu.typeIndex);
      w.u32(code.refStart[i] >= 0 ? code.ref[i] : 0);
      return;
    }
    case Imm.Table:
      w.u32(code.refStart[i] >= 0 ? code.ref[i] : 0);
      return;
    case Imm.MemArg:
      w.u32(code.b[i] < 0 ? ALIGN[op] : code.b[i]);
      w.u32(code.a[i]);
      return;
    case Imm.Memory:
      w.u8(0);
      return;
    case Imm.Select: {
      const ts = code.pi[i] >= 0 ? (code.payloads[code.pi[i]] as number[]) : null;
      if (ts && ts.length) {
        w.u8(0x1c);
        w.u32(ts.length);
        for (const t of ts) w.u8(t);
      } else w.u8(0x1b);
      return;
    }
    case Imm.RefNull:
      w.u8(code.a[i]);
      return;
    case Imm.MemoryInit:
      w.u32(code.ref[i]);
      w.u8(0);
      return;
    case Imm.MemoryCopy:
      w.u8(0);
      w.u8(0);
      return;
    case Imm.MemoryFill:
      w.u8(0);
      return;
    case Imm.TableInit:
      w.u32((code.payloads[code.pi[i]] as Ref).index);
      w.u32(code.refStart[i] >= 0 ? code.ref[i] : 0);
      return;
    case Imm.TableCopy:
      w.u32(code.refStart[i] >= 0 ? code.ref[i] : 0);
      w.u32(code.pi[i] >= 0 ? (code.payloads[code.pi[i]] as Ref).index : 0);
      return;
  }
}

function writeNames(out: Writer, sec: Writer, mod: Module, types: FuncType[]): void {
  const sub = new Writer(256);
  const subsection = (id: number): void => {
    sec.u8(id);
    sec.u32(sub.len);
    sec.bytes(sub.buf.subarray(0, sub.len));
    sub.len = 0;
  };
  sec.vec(enc.encode('name'));
  if (mod.id) {
    writeName(sub, mod.id);
    subsection(0);
  }
  // Plain loops: this runs over every function and local of large modules.
  const funcs = mod.funcs;
  let namedFuncs = 0;
  for (const f of funcs) if (f.id) namedFuncs++;
  if (namedFuncs) {
    sub.u32(namedFuncs);
    for (let i = 0; i < funcs.length; i++) {
      const id = funcs[i].id;
      if (!id) continue;
      sub.u32(i);
      writeName(sub, id);
    }
    subsection(1);
  }
  // Local names: one entry per function (even with no names), like wabt.
  sub.u32(funcs.length);
  for (let i = 0; i < funcs.length; i++) {
    const f = funcs[i];
    const params = f.type.params;
    const locals = f.locals;
    let named = 0;
    for (const p of params) if (p.id) named++;
    for (const l of locals) if (l.id) named++;
    sub.u32(i);
    sub.u32(named);
    for (let j = 0; j < params.length; j++) {
      const id = params[j].id;
      if (!id) continue;
      sub.u32(j);
      writeName(sub, id);
    }
    const base = numParams(f, types);
    for (let j = 0; j < locals.length; j++) {
      const id = locals[j].id;
      if (!id) continue;
      sub.u32(base + j);
      writeName(sub, id);
    }
  }
  subsection(2);
  const list = (id: number, items: { id: Ident | undefined }[]): void => {
    let n = 0;
    for (const x of items) if (x.id) n++;
    if (!n) return;
    sub.u32(n);
    for (let i = 0; i < items.length; i++) {
      const xid = items[i].id;
      if (!xid) continue;
      sub.u32(i);
      writeName(sub, xid);
    }
    subsection(id);
  };
  list(4, mod.types);
  list(5, mod.tables);
  list(6, mod.memories);
  list(7, mod.globals);
  list(8, mod.elems);
  list(9, mod.datas);
  out.u8(0);
  out.u32(sec.len);
  out.bytes(sec.buf.subarray(0, sec.len));
  sec.len = 0;
}
