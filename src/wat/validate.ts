// Validation (WebAssembly 2.0, spec section 3 and the appendix algorithm): module-level rules and
// operand-stack type checking of function bodies and constant expressions. Runs on a resolved
// module; every diagnostic carries the span of the offending instruction or definition.
// After an error inside a function the current block is treated as unreachable (its stack becomes
// polymorphic), which keeps follow-up errors from cascading.

import { Body, BlockInfo, Code, Func, FuncType, Module, Ref, TypeUse, Span, Limits } from './ast';
import { RawDiagnostic } from './diagnostics';
import { Imm as ImmE, OPS as OPSE, OP as OPE, I32 as I32E, FUNCREF as FUNCREFE, ValType, valTypeName, isRefType } from './opcodes';

// Module-local copies (imported bindings are getter calls under per-file transpilation).
const Imm = ImmE;
const OPS = OPSE;
const OP = OPE;
const I32 = I32E;
const FUNCREF = FUNCREFE;
const IMM_KIND = Uint8Array.from(OPSE.map((o) => o.imm));

// Fixed signatures of plain operators (at most 2 operands, at most 1 result) as typed arrays for
// the validator's fast path; NPARAMS = -1 for everything else.
const NPARAMS = Int8Array.from(OPSE.map((o) => (o.imm === ImmE.None && o.params && o.params.length <= 2 && o.results!.length <= 1 ? o.params.length : -1)));
const PARAM0 = Uint8Array.from(OPSE.map((o) => o.params?.[0] ?? 0));
const PARAM1 = Uint8Array.from(OPSE.map((o) => o.params?.[1] ?? 0));
const NRESULTS = Uint8Array.from(OPSE.map((o) => o.results?.length ?? 0));
const RESULT0 = Uint8Array.from(OPSE.map((o) => o.results?.[0] ?? 0));

/** Unknown operand type (from an unreachable, polymorphic stack). */
const UNKNOWN = 0;
const MAX_PAGES = 65536;
const MAX_ERRORS_PER_FUNC = 20;

const EMPTY: number[] = [];
/** Shared read-only block signatures: `[] -> []` and `[] -> [t]` (indexed by t & 0x7f). */
const EMPTY_TYPE: FuncType = { params: EMPTY, results: EMPTY };
const SINGLE_RESULT: (FuncType | undefined)[] = [];

function typeName(t: number): string {
  return t === UNKNOWN ? 'unknown' : valTypeName(t);
}

function typesText(ts: readonly number[]): string {
  return `[${ts.map(typeName).join(' ')}]`;
}

class BodyError extends Error {}

/** Operand stack checker for one function body or constant expression. */
class Checker {
  vals = new Int32Array(64);
  nvals = 0;
  // Control frames, parallel arrays holding `nf` frames. The arrays are never truncated, so they
  // keep their capacity from one function to the next (no reallocation per body).
  nf = 0;
  fOp: number[] = [];
  fStart: (readonly number[])[] = [];
  fEnd: (readonly number[])[] = [];
  fHeight: number[] = [];
  fUnreachable: boolean[] = [];
  errors = 0;
  /**
   * Location for errors: instruction `curI` of `code`, or `span` when curI < 0. Function bodies
   * set only the index per instruction; the Span is built when an error needs it.
   */
  curI = -1;
  code: Code | undefined;
  private span: Span = { start: 0, end: 0 };

  constructor(
    readonly v: Validator,
  ) {}

  get cur(): Span {
    const code = this.code;
    return this.curI >= 0 && code ? { start: code.start[this.curI], end: code.end[this.curI] } : this.span;
  }

  set cur(at: Span) {
    this.curI = -1;
    this.span = at;
  }

  reset(): void {
    this.nvals = 0;
    this.nf = 0;
    this.errors = 0;
    this.curI = -1;
  }

  fail(message: string, at: Span = this.cur): never {
    this.v.error(message, at.start, at.end);
    throw new BodyError(message);
  }

  push(t: number): void {
    if (this.nvals === this.vals.length) {
      const v = new Int32Array(this.vals.length * 2);
      v.set(this.vals);
      this.vals = v;
    }
    this.vals[this.nvals++] = t;
  }

  pushAll(ts: readonly number[]): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]);
  }

  /** Pops any operand. */
  popAny(): number {
    const f = this.nf - 1;
    if (this.nvals === this.fHeight[f]) {
      if (this.fUnreachable[f]) return UNKNOWN;
      this.fail('type mismatch: expected an operand but the stack is empty');
    }
    return this.vals[--this.nvals];
  }

  /** Pops an operand of type `expect`; returns the actual type (UNKNOWN on a polymorphic stack). */
  pop(expect: number): number {
    const f = this.nf - 1;
    if (this.nvals === this.fHeight[f]) {
      if (this.fUnreachable[f]) return UNKNOWN;
      this.fail(`type mismatch: expected ${typeName(expect)} but the stack is empty`);
    }
    const actual = this.vals[--this.nvals];
    if (actual !== expect && actual !== UNKNOWN && expect !== UNKNOWN) {
      this.fail(`type mismatch: expected ${typeName(expect)}, found ${typeName(actual)}`);
    }
    return actual;
  }

  popAll(ts: readonly number[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.pop(ts[i]);
  }

  pushFrame(op: number, start: readonly number[], end: readonly number[]): void {
    const f = this.nf++;
    this.fOp[f] = op;
    this.fStart[f] = start;
    this.fEnd[f] = end;
    this.fHeight[f] = this.nvals;
    this.fUnreachable[f] = false;
    this.pushAll(start);
  }

  /** Pops the current frame after checking its results are exactly on the stack. */
  popFrame(): number {
    const f = this.nf - 1;
    if (f < 0) this.fail('unexpected end');
    const end = this.fEnd[f];
    this.popAll(end);
    if (this.nvals !== this.fHeight[f]) {
      this.fail(`type mismatch: block leaves ${this.nvals - this.fHeight[f]} extra value(s) on the stack, expected ${typesText(end)}`);
    }
    this.nf = f;
    return f;
  }

  /** Closes the current frame regardless of its stack (error recovery); `toElse` reopens it as else. */
  forcePop(toElse: boolean): void {
    const f = this.nf - 1;
    const start = this.fStart[f];
    const end = this.fEnd[f];
    this.nvals = this.fHeight[f];
    this.nf = f;
    if (toElse) this.pushFrame(OP.else, start, end);
    else this.pushAll(end);
  }

  unreachable(): void {
    const f = this.nf - 1;
    this.nvals = this.fHeight[f];
    this.fUnreachable[f] = true;
  }

  labelTypes(depth: number): readonly number[] {
    const n = this.nf;
    if (depth >= n) this.fail(`unknown label ${depth}`);
    const f = n - 1 - depth;
    return this.fOp[f] === OP.loop ? this.fStart[f] : this.fEnd[f];
  }
}

class Validator {
  readonly diags: RawDiagnostic[] = [];
  readonly types: FuncType[];
  readonly checker: Checker;
  /** Functions that may be used by ref.func inside function bodies. */
  readonly declared = new Set<number>();
  nlocals = 0;
  locals: number[] = [];
  results: readonly number[] = EMPTY;

  constructor(readonly mod: Module) {
    this.types = mod.funcTypes;
    this.checker = new Checker(this);
  }

  error(message: string, start: number, end: number): void {
    this.diags.push({ message, start, end, severity: 'error', code: 'validation' });
  }

  funcType(f: Func): FuncType | undefined {
    const ti = f.type.typeIndex;
    if (ti >= 0 && ti < this.types.length) return this.types[ti];
    if (f.type.ref) return undefined;
    return { params: f.type.params.map((p) => p.type), results: f.type.results };
  }

  blockType(bt: TypeUse | null): FuncType {
    if (!bt) return EMPTY_TYPE;
    if (bt.typeIndex >= 0 && bt.typeIndex < this.types.length) return this.types[bt.typeIndex];
    // `(result t)` blocks (encoded as a value type): one shared signature per type.
    if (bt.params.length === 0 && bt.results.length === 1) {
      const t = bt.results[0];
      return (SINGLE_RESULT[t & 0x7f] ??= { params: EMPTY, results: [t] });
    }
    return { params: bt.params.map((p) => p.type), results: bt.results };
  }

  run(): RawDiagnostic[] {
    const m = this.mod;
    this.collectDeclared();
    // Imports and definitions.
    for (const t of m.tables) this.limits(t.limits, 0xffffffff, t.keyword, 'table');
    if (m.memories.length > 1) this.error('multiple memories are not allowed', m.memories[1].keyword.start, m.memories[1].keyword.end);
    for (const mem of m.memories) this.limits(mem.limits, MAX_PAGES, mem.keyword, 'memory');
    m.globals.forEach((g, i) => {
      if (g.import) return;
      this.constExpr(g.init, g.type, g.keyword, i);
    });
    // Exports.
    const names = new Set<string>();
    for (const ex of m.exports) {
      if (names.has(ex.text)) this.error(`duplicate export name "${ex.text}"`, ex.start, ex.end);
      names.add(ex.text);
      const space = [m.funcs, m.tables, m.memories, m.globals][ex.externKind];
      const what = ['function', 'table', 'memory', 'global'][ex.externKind];
      this.index(ex.ref, space.length, what);
    }
    // Start.
    if (m.startFunc) {
      const r = m.startFunc.ref;
      if (this.index(r, m.funcs.length, 'function')) {
        const ft = this.funcType(m.funcs[r.index]);
        if (ft && (ft.params.length || ft.results.length)) this.error('start function must have type [] -> []', r.start, r.end);
      }
    }
    // Element segments.
    for (const el of m.elems) {
      if (el.mode === 'active') {
        const tref = el.table ?? { name: undefined, index: 0, start: el.keyword.start, end: el.keyword.end };
        if (this.index(tref, m.tables.length, 'table')) {
          const tt = m.tables[tref.index].refType;
          if (tt !== el.refType) {
            this.error(`type mismatch: element segment of type ${valTypeName(el.refType)} for a ${valTypeName(tt)} table`, el.keyword.start, el.keyword.end);
          }
        }
        if (el.offset) this.constExpr(el.offset, I32, el.keyword, m.globals.length);
      }
      for (const item of el.items) this.constExpr(item, el.refType, el.keyword, m.globals.length);
    }
    // Data segments.
    for (const d of m.datas) {
      if (d.mode !== 'active') continue;
      const mref = d.memory ?? { name: undefined, index: 0, start: d.keyword.start, end: d.keyword.end };
      this.index(mref, m.memories.length, 'memory');
      if (d.offset) this.constExpr(d.offset, I32, d.keyword, m.globals.length);
    }
    // Function bodies.
    m.funcs.forEach((f) => {
      if (!f.import) this.func(f);
    });
    return this.diags;
  }

  /** Function indices referenced outside function bodies (exports, elems, global inits). */
  private collectDeclared(): void {
    const m = this.mod;
    const code = m.code;
    const scan = (body: Body): void => {
      for (let i = body.start; i < body.end; i++) if (code.op[i] === OP.refFunc && code.ref[i] >= 0) this.declared.add(code.ref[i]);
    };
    for (const ex of m.exports) if (ex.externKind === 0) this.declared.add(ex.ref.index);
    for (const g of m.globals) scan(g.init);
    for (const el of m.elems) for (const it of el.items) scan(it);
  }

  private limits(l: Limits, max: number, at: Span, what: string): void {
    if (l.min > max) this.error(`${what} size must be at most ${max}${what === 'memory' ? ' pages (4GiB)' : ''}`, at.start, at.end);
    if (l.max !== undefined) {
      if (l.max > max) this.error(`${what} size must be at most ${max}${what === 'memory' ? ' pages (4GiB)' : ''}`, at.start, at.end);
      if (l.max < l.min) this.error('size minimum must not be greater than maximum', at.start, at.end);
    }
  }

  /** Checks a numeric/named index against a space size; returns true if valid. */
  index(r: Ref, size: number, what: string): boolean {
    if (r.index < 0) return false; // unresolved name: reported by the resolver
    if (r.index >= size) {
      this.error(`unknown ${what} ${r.name ?? r.index}`, r.start, r.end);
      return false;
    }
    return true;
  }

  /** Span of instruction i's index immediate (for messages). */
  private refSpan(i: number): Span {
    const code = this.mod.code;
    return code.refStart[i] >= 0 ? { start: code.refStart[i], end: code.refEnd[i] } : { start: code.start[i], end: code.end[i] };
  }

  /** Text of instruction i's index immediate (name or number). */
  private refText(i: number): string {
    const code = this.mod.code;
    return code.refName(i) ?? String(code.ref[i] >= 0 ? code.ref[i] : 0);
  }

  /**
   * Constant expression producing one value of type `t`. `globalLimit`: global.get may only use
   * imported globals (2.0) that precede it.
   */
  private constExpr(body: Body, t: ValType, at: Span, globalLimit: number): void {
    const m = this.mod;
    const code = m.code;
    const c = this.checker;
    c.reset();
    c.cur = at;
    this.nlocals = 0;
    this.checkingBody = false;
    try {
      c.pushFrame(OP.block, EMPTY, [t]);
      for (let i = body.start; i < body.end; i++) {
        c.cur = { start: code.start[i], end: code.end[i] };
        const op = code.op[i];
        if (op === OP.globalGet) {
          const r = code.ref[i];
          if (r < 0) throw new BodyError('');
          if (r >= m.globals.length) c.fail(`unknown global ${this.refText(i)}`, this.refSpan(i));
          const g = m.globals[r];
          if (!g.import || r >= Math.min(globalLimit, m.numImportedGlobals)) {
            c.fail('constant expression required: global.get must refer to an imported global');
          }
          if (g.mutable) c.fail('constant expression required: global.get of a mutable global');
        } else if (op !== OP.i32Const && op !== OP.i64Const && op !== OP.f32Const && op !== OP.f64Const && op !== OP.refNull && op !== OP.refFunc) {
          c.fail(`constant expression required: ${OPS[op].name} is not allowed here`);
        }
        this.instr(code, i);
      }
      c.cur = body.length ? { start: code.start[body.end - 1], end: code.end[body.end - 1] } : at;
      c.popFrame();
    } catch (e) {
      if (!(e instanceof BodyError)) throw e;
    }
  }

  private func(f: Func): void {
    const c = this.checker;
    const ft = this.funcType(f);
    if (!ft) return;
    c.reset();
    // Overwritten in place, never truncated: keeps the array's capacity across functions.
    const locals = this.locals;
    let nl = 0;
    for (let k = 0; k < ft.params.length; k++) locals[nl++] = ft.params[k];
    for (let k = 0; k < f.locals.length; k++) locals[nl++] = f.locals[k].type;
    this.nlocals = nl;
    this.results = ft.results;
    this.checkingBody = true;
    c.pushFrame(OP.block, EMPTY, ft.results);
    c.fHeight[0] = 0;
    c.nvals = 0;
    const code = f.body.code;
    c.code = code;
    for (let i = f.body.start; i < f.body.end; i++) {
      c.curI = i;
      try {
        this.instr(code, i);
      } catch (e) {
        if (!(e instanceof BodyError)) throw e;
        if (++c.errors >= MAX_ERRORS_PER_FUNC) return;
        if (c.nf === 0) return;
        // Keep the block structure in step with the code despite the error.
        const imm = IMM_KIND[code.op[i]];
        if (imm === Imm.End && c.nf > 1) c.forcePop(false);
        else if (imm === Imm.Else && c.nf > 1 && c.fOp[c.nf - 1] === OP.if) c.forcePop(true);
        else if (imm === Imm.Block) {
          const bt = this.blockType(code.bt(i));
          c.pushFrame(code.op[i], bt.params, bt.results);
        }
        c.unreachable();
      }
    }
    // The function's final `end`.
    c.cur = { start: Math.max(f.start, f.end - 1), end: f.end };
    try {
      if (c.nf !== 1) c.fail('unclosed block at the end of the function');
      c.popFrame();
    } catch (e) {
      if (!(e instanceof BodyError)) throw e;
    }
  }

  private memory(): void {
    if (this.mod.memories.length === 0) this.checker.fail('unknown memory 0');
  }

  /** Type of the table named by instruction i's index (default 0). */
  private tableAt(i: number): ValType {
    const code = this.mod.code;
    const idx = code.refStart[i] >= 0 ? code.ref[i] : 0;
    if (idx < 0 || idx >= this.mod.tables.length) this.checker.fail(`unknown table ${this.refText(i)}`, this.refSpan(i));
    return this.mod.tables[idx].refType;
  }

  private tableOf(r: Ref | null, at: Span): ValType {
    const idx = r ? r.index : 0;
    if (idx < 0 || idx >= this.mod.tables.length) this.checker.fail(`unknown table ${r?.name ?? idx}`, r ?? at);
    return this.mod.tables[idx].refType;
  }

  private instr(code: Code, i: number): void {
    const c = this.checker;
    const op = code.op[i];
    // Fast path: plain operator whose operands are on the stack with the right (or unknown) types.
    const np = NPARAMS[op];
    if (np >= 0) {
      const vals = c.vals;
      let n = c.nvals;
      if (n - c.fHeight[c.nf - 1] >= np && n + 1 < vals.length) {
        let ok = true;
        if (np === 2) {
          const x = vals[n - 2];
          const y = vals[n - 1];
          ok = (x === PARAM0[op] || x === UNKNOWN) && (y === PARAM1[op] || y === UNKNOWN);
        } else if (np === 1) {
          const x = vals[n - 1];
          ok = x === PARAM0[op] || x === UNKNOWN;
        }
        if (ok) {
          n -= np;
          if (NRESULTS[op] === 1) vals[n++] = RESULT0[op];
          c.nvals = n;
          return;
        }
      }
    }
    const info = OPS[op];
    const m = this.mod;
    // Plain operators with a fixed signature.
    if (info.params !== null && info.imm === Imm.None) {
      const ps = info.params;
      for (let k = ps.length - 1; k >= 0; k--) c.pop(ps[k]);
      const rs = info.results!;
      for (let k = 0; k < rs.length; k++) c.push(rs[k]);
      return;
    }
    switch (info.imm) {
      case Imm.None:
        switch (info.name) {
          case 'unreachable':
            c.unreachable();
            return;
          case 'return':
            c.popAll(this.results);
            c.unreachable();
            return;
          case 'drop':
            c.popAny();
            return;
          case 'ref.is_null': {
            const t = c.popAny();
            if (t !== UNKNOWN && !isRefType(t)) c.fail(`type mismatch: expected a reference, found ${typeName(t)}`);
            c.push(I32);
            return;
          }
        }
        return;
      case Imm.I32:
      case Imm.I64:
      case Imm.F32:
      case Imm.F64:
        c.push(info.results![0]);
        return;
      case Imm.Block: {
        const bt = this.blockType((code.payloads[code.pi[i]] as BlockInfo).bt);
        if (op === OP.if) c.pop(I32);
        c.popAll(bt.params);
        c.pushFrame(op, bt.params, bt.results);
        return;
      }
      case Imm.Else: {
        const f = c.nf - 1;
        if (f < 0 || c.fOp[f] !== OP.if) c.fail('else without a matching if');
        const start = c.fStart[f];
        const end = c.fEnd[f];
        c.popFrame();
        c.pushFrame(OP.else, start, end);
        return;
      }
      case Imm.End: {
        if (c.nf <= 1) c.fail('end without a matching block');
        const f = c.nf - 1;
        const fop = c.fOp[f];
        const start = c.fStart[f];
        const end = c.fEnd[f];
        c.popFrame();
        if (fop === OP.if && !sameTypes(start, end)) {
          c.fail(`type mismatch: if without else must leave its parameters ${typesText(start)} as results ${typesText(end)}`);
        }
        c.pushAll(end);
        return;
      }
      case Imm.Label: {
        const depth = code.ref[i];
        if (depth >= c.nf) c.fail(`unknown label ${depth}`, this.refSpan(i));
        const ts = c.labelTypes(depth);
        if (info.name === 'br') {
          c.popAll(ts);
          c.unreachable();
        } else {
          c.pop(I32);
          c.popAll(ts);
          c.pushAll(ts);
        }
        return;
      }
      case Imm.BrTable: {
        c.pop(I32);
        const refs = code.payloads[code.pi[i]] as Ref[];
        const last = refs[refs.length - 1];
        if (last.index >= c.nf) c.fail(`unknown label ${last.index}`, last);
        const def = c.labelTypes(last.index);
        for (const r of refs) {
          if (r.index >= c.nf) c.fail(`unknown label ${r.index}`, r);
          const ts = c.labelTypes(r.index);
          if (ts.length !== def.length) c.fail(`type mismatch: br_table targets have different arities`, r);
          // pop_vals then push_vals back (spec appendix), keeping actual types.
          const popped: number[] = [];
          for (let k = ts.length - 1; k >= 0; k--) popped.push(c.pop(ts[k]));
          for (let k = popped.length - 1; k >= 0; k--) c.push(popped[k]);
        }
        c.popAll(def);
        c.unreachable();
        return;
      }
      case Imm.Func: {
        const r = code.ref[i];
        if (r < 0 || r >= m.funcs.length) c.fail(`unknown function ${this.refText(i)}`, this.refSpan(i));
        if (op === OP.refFunc) {
          if (this.checkingBody && !this.declared.has(r)) c.fail(`undeclared function reference ${this.refText(i)}`, this.refSpan(i));
          c.push(FUNCREF);
          return;
        }
        const ft = this.funcType(m.funcs[r]);
        if (!ft) return;
        c.popAll(ft.params);
        c.pushAll(ft.results);
        return;
      }
      case Imm.CallIndirect: {
        const tt = this.tableAt(i);
        if (tt !== FUNCREF) c.fail('type mismatch: call_indirect requires a funcref table', this.refSpan(i));
        const ft = this.blockType(code.payloads[code.pi[i]] as TypeUse);
        c.pop(I32);
        c.popAll(ft.params);
        c.pushAll(ft.results);
        return;
      }
      case Imm.Local: {
        const r = code.ref[i];
        if (r < 0 || r >= this.nlocals) c.fail(`unknown local ${this.refText(i)}`, this.refSpan(i));
        const t = this.locals[r];
        if (op === OP.localGet) c.push(t);
        else if (op === OP.localSet) c.pop(t);
        else {
          c.pop(t);
          c.push(t);
        }
        return;
      }
      case Imm.Global: {
        const r = code.ref[i];
        if (r < 0 || r >= m.globals.length) c.fail(`unknown global ${this.refText(i)}`, this.refSpan(i));
        const g = m.globals[r];
        if (op === OP.globalGet) c.push(g.type);
        else {
          if (!g.mutable) c.fail(`global is immutable: cannot global.set ${this.refText(i)}`, this.refSpan(i));
          c.pop(g.type);
        }
        return;
      }
      case Imm.Table: {
        const t = this.tableAt(i);
        switch (info.name) {
          case 'table.get':
            c.pop(I32);
            c.push(t);
            return;
          case 'table.set':
            c.pop(t);
            c.pop(I32);
            return;
          case 'table.size':
            c.push(I32);
            return;
          case 'table.grow':
            c.pop(I32);
            c.pop(t);
            c.push(I32);
            return;
          case 'table.fill':
            c.pop(I32);
            c.pop(t);
            c.pop(I32);
            return;
        }
        return;
      }
      case Imm.MemArg: {
        this.memory();
        const align = code.b[i];
        if (align >= 0 && align > info.align) c.fail(`alignment must not be larger than natural (${1 << info.align})`);
        if (code.a[i] > 0xffffffff) c.fail('offset out of range: must be at most 2^32-1 (memory64 is not supported)');
        const ps = info.params!;
        for (let k = ps.length - 1; k >= 0; k--) c.pop(ps[k]);
        c.pushAll(info.results!);
        return;
      }
      case Imm.Memory:
      case Imm.MemoryCopy:
      case Imm.MemoryFill:
        this.memory();
        c.popAll(info.params!);
        c.pushAll(info.results!);
        return;
      case Imm.MemoryInit:
        this.memory();
        if (code.ref[i] < 0 || code.ref[i] >= m.datas.length) c.fail(`unknown data segment ${this.refText(i)}`, this.refSpan(i));
        c.popAll(info.params!);
        return;
      case Imm.DataDrop:
        if (code.ref[i] < 0 || code.ref[i] >= m.datas.length) c.fail(`unknown data segment ${this.refText(i)}`, this.refSpan(i));
        return;
      case Imm.TableInit: {
        const t = this.tableAt(i);
        const er = code.payloads[code.pi[i]] as Ref;
        if (er.index < 0 || er.index >= m.elems.length) c.fail(`unknown elem segment ${er.name ?? er.index}`, er);
        if (m.elems[er.index].refType !== t) c.fail('type mismatch: element segment and table types differ', er);
        c.popAll(info.params!);
        return;
      }
      case Imm.ElemDrop:
        if (code.ref[i] < 0 || code.ref[i] >= m.elems.length) c.fail(`unknown elem segment ${this.refText(i)}`, this.refSpan(i));
        return;
      case Imm.TableCopy: {
        const dst = this.tableAt(i);
        const r2 = code.pi[i] >= 0 ? (code.payloads[code.pi[i]] as Ref) : null;
        const src = this.tableOf(r2, c.cur);
        if (dst !== src) c.fail('type mismatch: table.copy between tables of different types', r2 ?? c.cur);
        c.popAll(info.params!);
        return;
      }
      case Imm.Select: {
        const types = code.pi[i] >= 0 ? (code.payloads[code.pi[i]] as number[]) : null;
        if (types) {
          if (types.length !== 1) c.fail('invalid result arity: select must have exactly one result type');
          const t = types[0];
          c.pop(I32);
          c.pop(t);
          c.pop(t);
          c.push(t);
          return;
        }
        c.pop(I32);
        const t1 = c.popAny();
        const t2 = c.popAny();
        if ((t1 !== UNKNOWN && isRefType(t1)) || (t2 !== UNKNOWN && isRefType(t2))) {
          c.fail('type mismatch: select without a type needs numeric operands');
        }
        if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) c.fail(`type mismatch: select operands ${typeName(t2)} and ${typeName(t1)} differ`);
        c.push(t1 === UNKNOWN ? t2 : t1);
        return;
      }
      case Imm.RefNull:
        c.push(code.a[i]);
        return;
    }
  }

  /** True while checking a function body (ref.func must be declared there, not in const exprs). */
  checkingBody = false;
}

function sameTypes(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a resolved module. */
export function validateModule(mod: Module): RawDiagnostic[] {
  const v = new Validator(mod);
  return v.run();
}

