// Recursive-descent parser: tokens -> Module / Script trees (see ast.ts).
// Error tolerance: a syntax error abandons the current construct (SyntaxErr), is recorded as a
// diagnostic, and parsing resumes after the enclosing balanced s-expression: the next top-level
// instruction of a function body, or the next module field. Fields are registered in the module
// before their body is parsed, so a broken function still contributes its name and signature.
// Labels are resolved here (the label stack is known while parsing); other names in resolve.ts.

import {
  Data, Elem, ExternKind, Export, Field, Func, Global, Ident, ImportName, InlineExport, Limits, Local, Memory,
  Module, Param, Ref, Span, Table, TypeDef, TypeUse, Script, Command, ScriptModule, Action, ScriptValue,
} from './ast';
import { RawDiagnostic, SyntaxErr } from './diagnostics';
import { parenMatches, releaseTokens, tokenize, Tok as TokE, Tokens } from './lexer';
import {
  Imm as ImmE, OP as OPE, OPS as OPSE, isSimdMnemonic, I32 as I32E, I64 as I64E, F32 as F32E, F64 as F64E, FUNCREF as FUNCREFE, EXTERNREF as EXTERNREFE, ValType,
} from './opcodes';
import { Kw as KwE, OP_BASE as OP_BASE_E } from './keywords';

// Module-local copies: with per-file transpilation (tsx) every use of an imported binding is a
// getter call, which is measurable in the hot paths.
const Tok = TokE;
const Imm = ImmE;
const Kw = KwE;
const OP = OPE;
const OP_BASE = OP_BASE_E;
const I32 = I32E;
const I64 = I64E;
const F32 = F32E;
const F64 = F64E;
const FUNCREF = FUNCREFE;
const EXTERNREF = EXTERNREFE;
const K_ELSE = OP_BASE + OPE.else;
/** Immediate kind per op id (a typed array: no OpInfo object load per instruction). */
const IMM_KIND = Uint8Array.from(OPSE.map((o) => o.imm));
import { OutOfRange, parseF32Bits, parseF64Bits, parseI32, parseI64, parseU32, parseU64 } from './numbers';
import { bytesToText, decodeString, isValidUtf8, plainLiteralText } from './strings';
import { Body, Code, Payload } from './code';

interface LabelEntry {
  name: string | undefined;
  /** Op and keyword span of the block/loop/if. */
  op: number;
  start: number;
  end: number;
  folded: boolean;
  sawElse: boolean;
}

/**
 * An instruction being parsed. Folded operators are emitted after their operands, so immediates
 * are collected here first (one record per nesting depth, reused: no allocation per instruction).
 */
class Pending {
  op = 0;
  start = 0;
  end = 0;
  a = 0;
  b = 0;
  ref = -1;
  refStart = -1;
  refEnd = -1;
  payload: Payload | null = null;

  reset(op: number, start: number, end: number): this {
    this.op = op;
    this.start = start;
    this.end = end;
    this.a = 0;
    this.b = 0;
    this.ref = -1;
    this.refStart = -1;
    this.refEnd = -1;
    this.payload = null;
    return this;
  }
}


export class Parser {
  readonly text: string;
  readonly toks: Tokens;
  private readonly k: Uint8Array;
  private readonly kwa: Int16Array;
  private readonly s: Int32Array;
  private readonly e: Int32Array;
  p = 0;
  diags: RawDiagnostic[] = [];
  private labels: LabelEntry[] = [];
  private mod!: Module;
  /** Instruction table of the module being parsed. */
  private code!: Code;
  private pending: Pending[] = [];
  private depth = 0;
  /** Set once a non-import func/table/memory/global is defined (imports must come first). */
  private sawDefinition = false;
  /** Named locals of the function being parsed (see collectLocalNames); -1 = not resolving. */
  private nLocalNames = -1;
  private localNames: string[] = [];
  private localIndex: number[] = [];

  constructor(text: string) {
    this.text = text;
    this.toks = tokenize(text);
    this.k = this.toks.kind;
    this.kwa = this.toks.kw;
    this.s = this.toks.start;
    this.e = this.toks.end;
    for (const le of this.toks.errors) this.diags.push({ message: le.message, start: le.start, end: le.end, severity: 'error', code: 'syntax' });
  }

  // ---- token helpers ------------------------------------------------------------------------

  private tokText(i: number): string {
    return this.text.slice(this.s[i], this.e[i]);
  }

  /** True if token i is the keyword with id `id` (see keywords.ts). */
  private isKw(i: number, id: number): boolean {
    return this.kwa[i] === id;
  }

  /** Slow string comparison, for script-only words that have no keyword id. */
  private isWord(i: number, w: string): boolean {
    return this.k[i] === Tok.KEYWORD && this.e[i] - this.s[i] === w.length && this.text.startsWith(w, this.s[i]);
  }

  /** True if the current tokens are `(` and the keyword `id`. */
  private atKw(id: number): boolean {
    return this.k[this.p] === Tok.LPAREN && this.kwa[this.p + 1] === id;
  }

  private describe(i: number): string {
    const k = this.k[i];
    if (k === Tok.EOF) return 'EOF';
    let t = this.tokText(i);
    if (t.length > 40) t = t.slice(0, 37) + '...';
    return `"${t}"`;
  }

  fail(message: string, i = this.p): never {
    throw new SyntaxErr(message, this.s[i], Math.max(this.e[i], this.s[i]), i);
  }

  private unexpected(expected?: string, i = this.p): never {
    const k = this.k[i];
    let msg: string;
    if (k === Tok.RESERVED) msg = `unknown operator ${this.describe(i)}`;
    else msg = `unexpected token ${this.describe(i)}`;
    this.fail(expected ? `${msg}, expected ${expected}` : msg, i);
  }

  private expect(kind: number, what: string): number {
    if (this.k[this.p] !== kind) this.unexpected(what);
    return this.p++;
  }

  private lparen(): number {
    return this.expect(Tok.LPAREN, '(');
  }

  private rparen(): number {
    return this.expect(Tok.RPAREN, ')');
  }

  private keyword(id: number, w: string): number {
    if (this.kwa[this.p] !== id) this.unexpected(w);
    return this.p++;
  }

  error(message: string, start: number, end: number, code = 'syntax'): void {
    this.diags.push({ message, start, end, severity: 'error', code });
  }

  private span(i: number): Span {
    return { start: this.s[i], end: this.e[i] };
  }

  private optId(): Ident | undefined {
    if (this.k[this.p] !== Tok.ID) return undefined;
    const i = this.p++;
    return { name: this.tokText(i), start: this.s[i], end: this.e[i] };
  }

  private isRefTok(): boolean {
    const k = this.k[this.p];
    return k === Tok.ID || k === Tok.NUM;
  }

  private ref(what = 'an index'): Ref {
    const i = this.p;
    const k = this.k[i];
    if (k === Tok.ID) {
      this.p++;
      return { name: this.tokText(i), index: -1, start: this.s[i], end: this.e[i] };
    }
    if (k === Tok.NUM) {
      this.p++;
      return { name: undefined, index: this.u32At(i), start: this.s[i], end: this.e[i] };
    }
    this.unexpected(what);
  }

  private u32At(i: number): number {
    let v: number | null;
    try {
      v = parseU32(this.tokText(i));
    } catch (err) {
      if (err instanceof OutOfRange) this.fail('constant out of range', i);
      throw err;
    }
    if (v === null) this.fail(`malformed natural number ${this.describe(i)}`, i);
    return v;
  }

  private u32(): number {
    if (this.k[this.p] !== Tok.NUM) this.unexpected('a natural number');
    return this.u32At(this.p++);
  }

  private string(): [Uint8Array, number] {
    const i = this.expect(Tok.STRING, 'a string');
    return [decodeString(this.text, this.s[i], this.e[i]), i];
  }

  /** A string used as a name: must be valid UTF-8. */
  private name(): { bytes: Uint8Array; text: string; tok: number } {
    const [bytes, i] = this.string();
    // Plain ASCII (the usual export/import name): valid UTF-8, text is the source slice; this
    // skips a TextDecoder call per name.
    const plain = plainLiteralText(this.text, this.s[i], this.e[i]);
    if (plain !== undefined) return { bytes, text: plain, tok: i };
    if (!isValidUtf8(bytes)) this.fail('malformed UTF-8 encoding', i);
    return { bytes, text: bytesToText(bytes), tok: i };
  }

  private valType(): ValType {
    const i = this.p;
    switch (this.kwa[i]) {
      case Kw.i32: this.p++; return I32;
      case Kw.i64: this.p++; return I64;
      case Kw.f32: this.p++; return F32;
      case Kw.f64: this.p++; return F64;
      case Kw.funcref: this.p++; return FUNCREF;
      case Kw.externref: this.p++; return EXTERNREF;
      case Kw.v128: this.fail('SIMD is not supported yet (v128)', i);
    }
    this.unexpected('a value type');
  }

  private refType(): ValType {
    const i = this.p;
    if (this.isKw(i, Kw.funcref)) {
      this.p++;
      return FUNCREF;
    }
    if (this.isKw(i, Kw.externref)) {
      this.p++;
      return EXTERNREF;
    }
    this.unexpected('funcref or externref');
  }

  /** Skips to just after the s-expression opened at token `open` (or to EOF). */
  private skipTo(open: number): void {
    const m = parenMatches(this.toks)[open];
    this.p = m >= 0 ? m + 1 : this.toks.count - 1;
  }

  private recordErr(err: unknown): SyntaxErr {
    if (!(err instanceof SyntaxErr)) throw err;
    this.error(err.message, err.start, err.end);
    return err;
  }

  // ---- modules --------------------------------------------------------------------------------

  private newModule(start: number, id: Ident | undefined): Module {
    // Typically ~1 instruction per 4 tokens; the table grows if needed.
    this.code = new Code(this.text, Math.min(1 << 20, Math.ceil(this.toks.count / 3) + 16));
    return {
      code: this.code,
      kind: 'module', id, start, end: start, fields: [], types: [], funcs: [], tables: [], memories: [], globals: [],
      imports: [], exports: [], elems: [], datas: [], startFunc: undefined, numImportedFuncs: 0, numImportedTables: 0,
      numImportedMemories: 0, numImportedGlobals: 0, funcTypes: [],
    };
  }

  /** A whole .wat file: `(module ...)` or bare module fields. */
  parseModuleFile(): Module {
    let mod: Module;
    if (this.atKw(Kw.module)) {
      mod = this.parseModuleForm();
      while (this.k[this.p] !== Tok.EOF) {
        const i = this.p;
        this.error(`unexpected token ${this.describe(i)} after the module`, this.s[i], this.e[i]);
        if (this.k[i] === Tok.LPAREN) this.skipTo(i);
        else this.p++;
      }
    } else {
      mod = this.newModule(0, undefined);
      this.mod = mod;
      this.parseFields(true);
      mod.end = this.text.length;
    }
    return mod;
  }

  /** `(module $id? field*)` at the current position (text form only). */
  private parseModuleForm(): Module {
    const open = this.lparen();
    this.keyword(Kw.module, 'module');
    const mod = this.newModule(this.s[open], this.optId());
    this.mod = mod;
    this.sawDefinition = false;
    this.parseFields(false);
    if (this.k[this.p] === Tok.RPAREN) {
      mod.end = this.e[this.p];
      this.p++;
    } else {
      this.error('unclosed module: expected ")"', this.s[open], this.e[open]);
      mod.end = this.text.length;
    }
    return mod;
  }

  private parseFields(topLevel: boolean): void {
    for (;;) {
      const k = this.k[this.p];
      if (k === Tok.EOF) return;
      if (k === Tok.RPAREN) {
        if (!topLevel) return;
        this.error('unexpected ")"', this.s[this.p], this.e[this.p]);
        this.p++;
        continue;
      }
      const open = this.p;
      try {
        if (k !== Tok.LPAREN) this.unexpected('a module field');
        this.parseField();
      } catch (err) {
        this.recordErr(err);
        if (this.k[open] === Tok.LPAREN) this.skipTo(open);
        else this.p = open + 1;
      }
    }
  }

  private parseField(): void {
    const open = this.p;
    const kw = this.p + 1;
    if (this.k[kw] !== Tok.KEYWORD) this.unexpected('a module field', kw);
    this.p += 2;
    switch (this.kwa[kw]) {
      case Kw.type: return this.parseType(open);
      case Kw.func: return this.parseFunc(open, kw);
      case Kw.import: return this.parseImport(open);
      case Kw.export: return this.parseExport(open);
      case Kw.table: return this.parseTable(open, kw);
      case Kw.memory: return this.parseMemory(open, kw);
      case Kw.global: return this.parseGlobal(open, kw);
      case Kw.start: return this.parseStart(open);
      case Kw.elem: return this.parseElem(open, kw);
      case Kw.data: return this.parseData(open, kw);
      default:
        this.unexpected('a module field', kw);
    }
  }

  private closeField(node: Span, open: number): void {
    const i = this.rparen();
    node.start = this.s[open];
    node.end = this.e[i];
  }

  private parseType(open: number): void {
    const id = this.optId();
    this.lparen();
    this.keyword(Kw.func, 'func');
    const params: Param[] = [];
    const results: ValType[] = [];
    this.parseParamsResults(params, results, true);
    this.rparen();
    const t: TypeDef = { kind: 'type', id, params, results, start: this.s[open], end: this.e[open] };
    this.closeField(t, open);
    this.mod.types.push(t);
    this.mod.fields.push(t);
  }

  /** `(param ...)* (result ...)*` */
  private parseParamsResults(params: Param[], results: ValType[], allowNames: boolean): void {
    while (this.atKw(Kw.param)) {
      const open = this.p;
      this.p += 2;
      if (this.k[this.p] === Tok.ID) {
        const idTok = this.p;
        const id = this.optId()!;
        if (!allowNames) this.fail('unexpected token: names are not allowed here', idTok);
        const t0 = this.p;
        const type = this.valType();
        params.push({ id, type, start: this.s[t0], end: this.e[t0] });
      } else {
        while (this.k[this.p] !== Tok.RPAREN) {
          const t0 = this.p;
          const type = this.valType();
          params.push({ id: undefined, type, start: this.s[t0], end: this.e[t0] });
        }
      }
      void open;
      this.rparen();
    }
    while (this.atKw(Kw.result)) {
      this.p += 2;
      while (this.k[this.p] !== Tok.RPAREN) results.push(this.valType());
      this.rparen();
    }
    if (this.atKw(Kw.param)) this.unexpected(undefined, this.p + 1);
  }

  /** Type use: `(type x)? (param ...)* (result ...)*`. With `nullable`, null when absent. */
  private typeUse(allowNames: boolean): TypeUse;
  private typeUse(allowNames: boolean, nullable: true): TypeUse | null;
  private typeUse(allowNames: boolean, nullable = false): TypeUse | null {
    const start = this.s[this.p];
    if (nullable && !(this.k[this.p] === Tok.LPAREN && (this.kwa[this.p + 1] === Kw.type || this.kwa[this.p + 1] === Kw.param || this.kwa[this.p + 1] === Kw.result))) {
      return null;
    }
    let ref: Ref | undefined;
    if (this.atKw(Kw.type)) {
      this.p += 2;
      ref = this.ref('a type index');
      this.rparen();
    }
    const params: Param[] = [];
    const results: ValType[] = [];
    const before = this.p;
    this.parseParamsResults(params, results, allowNames);
    return {
      ref, params, results, typeIndex: -1, inline: this.p !== before, start, end: this.p > 0 ? this.e[this.p - 1] : start,
    };
  }

  private inlineExports(): InlineExport[] {
    const out: InlineExport[] = [];
    while (this.atKw(Kw.export)) {
      const open = this.p;
      this.p += 2;
      const n = this.name();
      const close = this.rparen();
      out.push({ name: n.bytes, text: n.text, start: this.s[open], end: this.e[close] });
    }
    return out;
  }

  private inlineImport(): ImportName | undefined {
    if (!this.atKw(Kw.import)) return undefined;
    const open = this.p;
    this.p += 2;
    const m = this.name();
    const n = this.name();
    const close = this.rparen();
    return { module: m.bytes, name: n.bytes, moduleText: m.text, nameText: n.text, start: this.s[open], end: this.e[close] };
  }

  /** Enforces "imports before definitions" and records index-space bookkeeping. */
  private noteImport(node: Func | Table | Memory | Global, at: number): void {
    if (this.sawDefinition) this.fail('imports must occur before all non-import definitions', at);
    this.mod.imports.push(node);
    switch (node.kind) {
      case 'func': this.mod.numImportedFuncs++; break;
      case 'table': this.mod.numImportedTables++; break;
      case 'memory': this.mod.numImportedMemories++; break;
      case 'global': this.mod.numImportedGlobals++; break;
    }
  }

  private addInlineExports(exports: InlineExport[], kind: ExternKind, index: number, id: Ident | undefined): void {
    for (const x of exports) {
      const ref: Ref = { name: undefined, index, start: x.start, end: x.end };
      void id;
      const ex: Export = { kind: 'export', name: x.name, text: x.text, externKind: kind, ref, inline: true, start: x.start, end: x.end };
      this.mod.exports.push(ex);
    }
  }

  private parseFunc(open: number, kw: number): void {
    const id = this.optId();
    const exports = this.inlineExports();
    const imp = this.inlineImport();
    const f: Func = {
      kind: 'func', id, keyword: this.span(kw), import: imp, exports, type: undefined as unknown as TypeUse, locals: [], body: this.emptyBody(),
      localRefsResolved: false, start: this.s[open], end: this.e[open],
    };
    const index = this.mod.funcs.length;
    if (imp) this.noteImport(f, open);
    else this.sawDefinition = true;
    f.type = this.typeUse(true);
    this.mod.funcs.push(f);
    this.mod.fields.push(f);
    this.addInlineExports(exports, ExternKind.Func, index, id);
    if (imp) {
      this.closeField(f, open);
      return;
    }
    f.end = this.text.length; // until the closing paren is seen
    this.parseLocals(f.locals);
    f.localRefsResolved = this.collectLocalNames(f);
    let closed: boolean;
    try {
      closed = this.parseBody(f.body);
    } finally {
      this.nLocalNames = -1;
    }
    if (closed) this.closeField(f, open);
    else f.end = this.s[this.p];
  }

  /**
   * Prepares resolving `$local` references while the body is parsed (the commonest references;
   * doing it here spares the resolver a hash lookup each). Only when the local index space is
   * known from the text alone: no `(type ...)` (its params could come from a later type) and no
   * duplicate names (the resolver reports those). Returns whether this applies.
   */
  private collectLocalNames(f: Func): boolean {
    this.nLocalNames = -1;
    if (f.type.ref) return false;
    const names = this.localNames;
    const index = this.localIndex;
    const params = f.type.params;
    const np = params.length;
    const total = np + f.locals.length;
    if (total > 64) return false; // keeps the quadratic duplicate check cheap
    let n = 0;
    for (let i = 0; i < total; i++) {
      const id = i < np ? params[i].id : f.locals[i - np].id;
      if (!id) continue;
      for (let j = 0; j < n; j++) if (names[j] === id.name) return false;
      names[n] = id.name;
      index[n++] = i;
    }
    this.nLocalNames = n;
    return true;
  }

  /** Local index named by token i, or -1 (unknown here: left to the resolver). */
  private localAt(i: number): number {
    const s = this.s[i];
    const len = this.e[i] - s;
    const names = this.localNames;
    const text = this.text;
    // Names are short: an inline comparison (skipping the common `$`, last character first)
    // beats a startsWith call per candidate.
    const last = text.charCodeAt(s + len - 1);
    for (let j = 0; j < this.nLocalNames; j++) {
      const name = names[j];
      if (name.length !== len || name.charCodeAt(len - 1) !== last) continue;
      let k = 1;
      while (k < len - 1 && name.charCodeAt(k) === text.charCodeAt(s + k)) k++;
      if (k >= len - 1) return this.localIndex[j];
    }
    return -1;
  }

  private parseLocals(locals: Local[]): void {
    while (this.atKw(Kw.local)) {
      this.p += 2;
      if (this.k[this.p] === Tok.ID) {
        const id = this.optId();
        const t0 = this.p;
        locals.push({ id, type: this.valType(), start: this.s[t0], end: this.e[t0] });
      } else {
        while (this.k[this.p] !== Tok.RPAREN) {
          const t0 = this.p;
          locals.push({ id: undefined, type: this.valType(), start: this.s[t0], end: this.e[t0] });
        }
      }
      this.rparen();
    }
  }

  /**
   * Function body with per-instruction recovery. Returns false if it stopped at what looks like the
   * next module field (a missing ")"), so the caller can close the function there.
   */
  private parseBody(body: Body): boolean {
    this.labels = [];
    body.start = this.code.count;
    let closed = true;
    for (;;) {
      const k = this.k[this.p];
      if (k === Tok.RPAREN || k === Tok.EOF) break;
      const at = this.p;
      if (k === Tok.LPAREN && this.k[at + 1] === Tok.KEYWORD && this.isFieldKeyword(at + 1)) {
        this.error('unexpected module field inside a function body (missing ")"?)', this.s[at + 1], this.e[at + 1]);
        closed = false;
        break;
      }
      const depth = this.labels.length;
      try {
        if (k === Tok.LPAREN) this.folded();
        else if (k === Tok.KEYWORD) this.plainInstr();
        else this.unexpected('an instruction');
      } catch (err) {
        const se = this.recordErr(err);
        this.depth = 0;
        if (this.k[at] === Tok.LPAREN) {
          this.skipTo(at);
          this.labels.length = depth;
        } else {
          this.p = Math.max(se.tok + 1, at + 1);
        }
      }
    }
    body.end = this.code.count;
    if (this.labels.length) {
      const open = this.labels[this.labels.length - 1];
      this.error('unclosed block: expected "end"', open.start, open.end);
      this.labels.length = 0;
    }
    return closed;
  }

  private isFieldKeyword(i: number): boolean {
    switch (this.kwa[i]) {
      case Kw.func: case Kw.type: case Kw.import: case Kw.export: case Kw.table: case Kw.memory: case Kw.global:
      case Kw.elem: case Kw.data: case Kw.start: case Kw.module:
        return true;
    }
    return false;
  }

  /** Instructions until ')' (not consumed); no recovery (used for nested and constant expressions). */
  private instrs(): void {
    for (;;) {
      const k = this.k[this.p];
      if (k === Tok.KEYWORD) this.plainInstr();
      else if (k === Tok.LPAREN) this.folded();
      else return;
    }
  }

  /** A constant expression (global init, offsets, elem items) in its own label scope. */
  private constExpr(): Body {
    const saved = this.labels;
    this.labels = [];
    const body = new Body(this.code, this.code.count, this.code.count);
    try {
      this.instrs();
      if (this.labels.length) this.fail('unclosed block in constant expression');
    } finally {
      this.labels = saved;
      body.end = this.code.count;
    }
    return body;
  }

  /** A single folded instruction as a constant expression (`(i32.const 0)` offsets and items). */
  private foldedConstExpr(): Body {
    const saved = this.labels;
    this.labels = [];
    const body = new Body(this.code, this.code.count, this.code.count);
    try {
      this.folded();
    } finally {
      this.labels = saved;
      body.end = this.code.count;
    }
    return body;
  }

  /** Op id of the instruction keyword at token i (fails for unknown ones). */
  private lookupOp(i: number): number {
    const id = this.kwa[i] - OP_BASE;
    if (id >= 0) return id;
    const w = this.tokText(i);
    if (isSimdMnemonic(w)) this.fail(`SIMD is not supported yet (${w})`, i);
    this.fail(`unknown operator ${this.describe(i)}`, i);
  }

  private pend(op: number, start: number, end: number): Pending {
    const d = this.depth;
    let P = this.pending[d];
    if (!P) this.pending[d] = P = new Pending();
    return P.reset(op, start, end);
  }

  /** Appends a pending instruction to the table (each column written once). */
  private emit(P: Pending): void {
    const c = this.code;
    const i = c.pushFull(P.op, P.start, P.end, P.a, P.b, P.ref, P.refStart, P.refEnd);
    if (P.payload !== null) c.setPayload(i, P.payload);
  }

  /** Emits an instruction without immediates (synthesized ones: implicit end/else, offsets). */
  private emitSimple(op: number, start: number, end: number, implicit = false): number {
    const i = this.code.push(op, start, end);
    if (implicit) this.code.b[i] = 1;
    return i;
  }

  /** Flat instruction at the current keyword (manages the label stack for block/else/end). */
  private plainInstr(): void {
    const i = this.p;
    const op = this.lookupOp(i);
    const imm = IMM_KIND[op];
    const P = this.pend(op, this.s[i], this.e[i]);
    this.p++;
    switch (imm) {
      case Imm.Block: {
        const label = this.optId() ?? null;
        P.payload = { bt: this.typeUse(false, true), label };
        this.labels.push({ name: label?.name, op, start: P.start, end: P.end, folded: false, sawElse: false });
        this.emit(P);
        return;
      }
      case Imm.Else: {
        const top = this.labels[this.labels.length - 1];
        if (!top || top.folded || top.op !== OP.if || top.sawElse) this.fail('unexpected token "else"', i);
        top.sawElse = true;
        P.payload = this.endLabel(top);
        this.emit(P);
        return;
      }
      case Imm.End: {
        const top = this.labels[this.labels.length - 1];
        if (!top || top.folded) this.fail('unexpected token "end"', i);
        P.payload = this.endLabel(top);
        this.labels.pop();
        this.emit(P);
        return;
      }
      default:
        if (imm !== Imm.None) this.immediates(P, imm, i);
        this.emit(P);
    }
  }

  /** Optional `$label` after else/end: must repeat the block's label. */
  private endLabel(top: LabelEntry): Ident | null {
    if (this.k[this.p] !== Tok.ID) return null;
    const id = this.optId()!;
    // Reported without abandoning the instruction, so the block still closes.
    if (id.name !== top.name) this.error(`mismatching label ${id.name}`, id.start, id.end);
    return id;
  }

  /** Depth of the label named by token i, or fails. */
  private labelDepth(i: number): number {
    if (this.k[i] === Tok.ID) {
      // Compared in place: no string sliced per branch.
      const s = this.s[i];
      const len = this.e[i] - s;
      const L = this.labels;
      for (let j = L.length - 1; j >= 0; j--) {
        const name = L[j].name;
        if (name !== undefined && name.length === len && this.text.startsWith(name, s)) return L.length - 1 - j;
      }
      this.fail(`unknown label ${this.tokText(i)}`, i);
    }
    if (this.k[i] === Tok.NUM) return this.u32At(i);
    this.unexpected('a label', i);
  }

  private labelRef(): Ref {
    const i = this.p;
    const index = this.labelDepth(i);
    this.p++;
    return { name: this.k[i] === Tok.ID ? this.tokText(i) : undefined, index, start: this.s[i], end: this.e[i] };
  }

  /** Reads an index token into the pending instruction (no Ref object). */
  private refInto(P: Pending, what = 'an index'): void {
    const i = this.p;
    const k = this.k[i];
    if (k === Tok.ID) P.ref = -1;
    else if (k === Tok.NUM) P.ref = this.u32At(i);
    else this.unexpected(what);
    P.refStart = this.s[i];
    P.refEnd = this.e[i];
    this.p++;
  }

  private immediates(P: Pending, imm: number, kwTok: number): void {
    switch (imm) {
      case Imm.None:
      case Imm.Memory:
      case Imm.MemoryCopy:
      case Imm.MemoryFill:
        return;
      case Imm.I32: {
        const i = this.p;
        if (this.k[i] !== Tok.NUM) this.unexpected('an i32 literal');
        // Plain decimal (the usual case) straight from the source, without slicing a string.
        const d = plainDigits(this.text, this.s[i], this.e[i]);
        if (d >= 0) {
          P.a = d;
          this.p++;
          return;
        }
        let v: number | null;
        try {
          v = parseI32(this.tokText(i));
        } catch {
          this.fail('constant out of range', i);
        }
        if (v === null) this.fail(`unknown operator: malformed i32 literal ${this.describe(i)}`, i);
        P.a = v;
        this.p++;
        return;
      }
      case Imm.I64: {
        const i = this.p;
        if (this.k[i] !== Tok.NUM) this.unexpected('an i64 literal');
        let v: bigint | null;
        try {
          v = parseI64(this.tokText(i));
        } catch {
          this.fail('constant out of range', i);
        }
        if (v === null) this.fail(`unknown operator: malformed i64 literal ${this.describe(i)}`, i);
        P.payload = v;
        this.p++;
        return;
      }
      case Imm.F32: {
        const i = this.p;
        if (this.k[i] !== Tok.NUM && this.k[i] !== Tok.KEYWORD) this.unexpected('an f32 literal');
        let v: number | null;
        try {
          v = parseF32Bits(this.tokText(i));
        } catch {
          this.fail('constant out of range', i);
        }
        if (v === null) this.fail(`unknown operator: malformed f32 literal ${this.describe(i)}`, i);
        P.a = v;
        this.p++;
        return;
      }
      case Imm.F64: {
        const i = this.p;
        if (this.k[i] !== Tok.NUM && this.k[i] !== Tok.KEYWORD) this.unexpected('an f64 literal');
        let v: [number, number] | null;
        try {
          v = parseF64Bits(this.tokText(i));
        } catch {
          this.fail('constant out of range', i);
        }
        if (v === null) this.fail(`unknown operator: malformed f64 literal ${this.describe(i)}`, i);
        P.a = v[0];
        P.b = v[1] | 0;
        this.p++;
        return;
      }
      case Imm.Label: {
        const i = this.p;
        P.ref = this.labelDepth(i);
        P.refStart = this.s[i];
        P.refEnd = this.e[i];
        this.p++;
        return;
      }
      case Imm.BrTable: {
        const refs: Ref[] = [];
        while (this.isRefTok()) refs.push(this.labelRef());
        if (refs.length === 0) this.unexpected('a label');
        P.payload = refs;
        return;
      }
      case Imm.Local: {
        const i = this.p;
        if (this.nLocalNames >= 0 && this.k[i] === Tok.ID) {
          P.ref = this.localAt(i);
          P.refStart = this.s[i];
          P.refEnd = this.e[i];
          this.p++;
          return;
        }
        this.refInto(P);
        return;
      }
      case Imm.Func:
      case Imm.Global:
      case Imm.DataDrop:
      case Imm.ElemDrop:
      case Imm.MemoryInit:
        this.refInto(P);
        return;
      case Imm.Table:
        if (this.isRefTok()) this.refInto(P);
        return;
      case Imm.CallIndirect:
        if (this.isRefTok()) this.refInto(P);
        P.payload = this.typeUse(false);
        return;
      case Imm.TableInit: {
        // `table.init $elem` or `table.init $table $elem`
        const first = this.p;
        this.refInto(P);
        if (this.isRefTok()) P.payload = this.ref();
        else {
          P.payload = { name: this.k[first] === Tok.ID ? this.tokText(first) : undefined, index: P.ref, start: P.refStart, end: P.refEnd };
          P.ref = -1;
          P.refStart = -1;
          P.refEnd = -1;
        }
        return;
      }
      case Imm.TableCopy:
        if (this.isRefTok()) {
          this.refInto(P);
          P.payload = this.ref();
        }
        return;
      case Imm.MemArg: {
        P.a = 0;
        P.b = -1;
        // Offsets and alignments are read as u64: values beyond u32 are a validation error
        // ("offset out of range", "alignment must not be larger than natural"), not a syntax one.
        if (this.k[this.p] === Tok.KEYWORD && this.text.startsWith('offset=', this.s[this.p])) {
          const i = this.p++;
          const d = plainDigits(this.text, this.s[i] + 7, this.e[i]);
          P.a = d >= 0 ? d : Number(this.u64After(i, 7));
        }
        if (this.k[this.p] === Tok.KEYWORD && this.text.startsWith('align=', this.s[this.p])) {
          const i = this.p++;
          const v = this.u64After(i, 6);
          if (v === 0n || (v & (v - 1n)) !== 0n) this.fail('alignment must be a power of two', i);
          P.b = v.toString(2).length - 1;
        }
        return;
      }
      case Imm.Select: {
        let types: ValType[] | null = null;
        while (this.atKw(Kw.result)) {
          this.p += 2;
          types ??= [];
          while (this.k[this.p] !== Tok.RPAREN) types.push(this.valType());
          this.rparen();
        }
        P.payload = types;
        return;
      }
      case Imm.RefNull: {
        const i = this.p;
        if (this.isKw(i, Kw.func)) P.a = FUNCREF;
        else if (this.isKw(i, Kw.extern)) P.a = EXTERNREF;
        else this.unexpected('func or extern');
        this.p++;
        return;
      }
      default:
        this.fail(`unexpected token ${this.describe(kwTok)}`, kwTok);
    }
  }

  /** u64 after `offset=` / `align=` (skip = length of the prefix). */
  private u64After(i: number, skip: number): bigint {
    const t = this.text.slice(this.s[i] + skip, this.e[i]);
    let v: bigint | null;
    try {
      v = parseU64(t);
    } catch {
      this.fail('constant out of range', i);
    }
    if (v === null) this.fail(`unknown operator ${this.describe(i)}`, i);
    return v;
  }

  /** A limit (table/memory size) read as u64; the validator checks the real bound. */
  private limit(): number {
    const i = this.p;
    if (this.k[i] !== Tok.NUM) this.unexpected('a natural number');
    this.p++;
    const t = this.tokText(i);
    let v: bigint | null;
    try {
      v = parseU64(t);
    } catch {
      this.fail('constant out of range', i);
    }
    if (v === null) this.fail(`malformed natural number ${this.describe(i)}`, i);
    return Number(v);
  }

  /** Folded instruction at '(' : operands first, then the operator. */
  private folded(): void {
    const open = this.p;
    const kw = open + 1;
    if (this.k[kw] !== Tok.KEYWORD) this.unexpected('an instruction', kw);
    const op = this.lookupOp(kw);
    const imm = IMM_KIND[op];
    this.p = kw + 1;
    if (imm === Imm.Block) {
      const label = this.optId() ?? null;
      const payload = { bt: this.typeUse(false, true), label };
      const entry: LabelEntry = { name: label?.name, op, start: this.s[kw], end: this.e[kw], folded: true, sawElse: false };
      if (op === OP.if) {
        // Condition operands come before `if`; they are outside the if's label scope.
        while (this.k[this.p] === Tok.LPAREN && !this.isKw(this.p + 1, Kw.then)) this.folded();
        this.code.setPayload(this.emitSimple(op, this.s[kw], this.e[kw]), payload);
        this.labels.push(entry);
        if (!this.atKw(Kw.then)) this.unexpected('(then ...)');
        this.p += 2;
        this.instrs();
        this.rparen();
        if (this.atKw(K_ELSE)) {
          const elseTok = this.p + 1;
          this.p += 2;
          this.emitSimple(OP.else, this.s[elseTok], this.e[elseTok], true);
          this.instrs();
          this.rparen();
        }
      } else {
        this.code.setPayload(this.emitSimple(op, this.s[kw], this.e[kw]), payload);
        this.labels.push(entry);
        this.instrs();
      }
      const close = this.rparen();
      this.emitSimple(OP.end, this.s[close], this.e[close], true);
      this.labels.pop();
      return;
    }
    if (imm === Imm.Else || imm === Imm.End) this.unexpected('an instruction', kw);
    const P = this.pend(op, this.s[kw], this.e[kw]);
    if (imm !== Imm.None) this.immediates(P, imm, kw);
    // Leaf `(op imm*)`, e.g. `(local.get $x)`: no operands to parse first.
    if (this.k[this.p] === Tok.RPAREN) {
      this.p++;
      this.emit(P);
      return;
    }
    this.depth++;
    while (this.k[this.p] === Tok.LPAREN) this.folded();
    this.depth--;
    this.rparen();
    this.emit(P);
  }

  // ---- other module fields --------------------------------------------------------------------

  private limits(): Limits {
    const min = this.limit();
    const max = this.k[this.p] === Tok.NUM ? this.limit() : undefined;
    return { min, max };
  }

  private parseImport(open: number): void {
    const m = this.name();
    const n = this.name();
    const imp: ImportName = {
      module: m.bytes, name: n.bytes, moduleText: m.text, nameText: n.text, start: this.s[open], end: this.e[open],
    };
    const dOpen = this.lparen();
    const dkw = this.p;
    if (this.k[dkw] !== Tok.KEYWORD) this.unexpected('func, table, memory or global');
    const w = this.tokText(dkw);
    this.p++;
    const id = this.optId();
    let node: Func | Table | Memory | Global;
    switch (w) {
      case 'func':
        node = {
          kind: 'func', id, keyword: this.span(dkw), import: imp, exports: [], type: this.typeUse(true), locals: [], body: this.emptyBody(),
          localRefsResolved: false, start: this.s[open], end: this.e[open],
        };
        this.noteImport(node, open);
        this.mod.funcs.push(node);
        break;
      case 'table': {
        const limits = this.limits();
        node = { kind: 'table', id, keyword: this.span(dkw), import: imp, exports: [], limits, refType: this.refType(), start: 0, end: 0 };
        this.noteImport(node, open);
        this.mod.tables.push(node);
        break;
      }
      case 'memory':
        node = { kind: 'memory', id, keyword: this.span(dkw), import: imp, exports: [], limits: this.limits(), start: 0, end: 0 };
        this.noteImport(node, open);
        this.mod.memories.push(node);
        break;
      case 'global': {
        const [type, mutable] = this.globalType();
        node = {
          kind: 'global', id, keyword: this.span(dkw), import: imp, exports: [], type, mutable, init: this.emptyBody(), start: 0, end: 0,
        };
        this.noteImport(node, open);
        this.mod.globals.push(node);
        break;
      }
      default:
        this.unexpected('func, table, memory or global', dkw);
    }
    void dOpen;
    this.rparen();
    const close = this.rparen();
    imp.end = this.e[close];
    node.start = this.s[open];
    node.end = this.e[close];
    this.mod.fields.push(node);
  }

  private globalType(): [ValType, boolean] {
    if (this.atKw(Kw.mut)) {
      this.p += 2;
      const t = this.valType();
      this.rparen();
      return [t, true];
    }
    return [this.valType(), false];
  }

  private parseExport(open: number): void {
    const n = this.name();
    this.lparen();
    const kw = this.p;
    let kind: ExternKind;
    if (this.isKw(kw, Kw.func)) kind = ExternKind.Func;
    else if (this.isKw(kw, Kw.table)) kind = ExternKind.Table;
    else if (this.isKw(kw, Kw.memory)) kind = ExternKind.Memory;
    else if (this.isKw(kw, Kw.global)) kind = ExternKind.Global;
    else this.unexpected('func, table, memory or global');
    this.p++;
    const ref = this.ref();
    this.rparen();
    const ex: Export = { kind: 'export', name: n.bytes, text: n.text, externKind: kind, ref, inline: false, start: 0, end: 0 };
    this.closeField(ex, open);
    this.mod.exports.push(ex);
    this.mod.fields.push(ex);
  }

  private parseTable(open: number, kw: number): void {
    const id = this.optId();
    const exports = this.inlineExports();
    const imp = this.inlineImport();
    const index = this.mod.tables.length;
    const t: Table = {
      kind: 'table', id, keyword: this.span(kw), import: imp, exports, limits: { min: 0, max: undefined }, refType: FUNCREF,
      start: this.s[open], end: this.e[open],
    };
    if (imp) this.noteImport(t, open);
    else this.sawDefinition = true;
    let elem: Elem | undefined;
    if (!imp && this.k[this.p] === Tok.KEYWORD) {
      // `(table reftype (elem ...))`: size from the element list.
      t.refType = this.refType();
      const eOpen = this.lparen();
      const ekw = this.keyword(Kw.elem, 'elem');
      let items: Body[];
      if (this.k[this.p] === Tok.LPAREN) items = this.elemExprs();
      else items = this.funcIndexItems();
      const eClose = this.rparen();
      const tableRef: Ref = { name: undefined, index, start: this.s[eOpen], end: this.e[eClose] };
      const zero = new Body(this.code, this.code.count, this.code.count + 1);
      this.emitSimple(OP.i32Const, this.s[ekw], this.e[ekw]);
      elem = {
        kind: 'elem', id: undefined, keyword: this.span(ekw), mode: 'active', table: tableRef, offset: zero, refType: t.refType, inline: true,
        items, start: this.s[eOpen], end: this.e[eClose],
      };
      t.limits = { min: items.length, max: items.length };
    } else {
      t.limits = this.limits();
      t.refType = this.refType();
    }
    this.closeField(t, open);
    this.mod.tables.push(t);
    this.mod.fields.push(t);
    this.addInlineExports(exports, ExternKind.Table, index, id);
    if (elem) this.mod.elems.push(elem);
  }

  /** `$f $g 0 ...` as ref.func items. */
  private funcIndexItems(): Body[] {
    const items: Body[] = [];
    while (this.isRefTok()) {
      const i = this.p;
      const at = this.code.count;
      const P = this.pend(OP.refFunc, this.s[i], this.e[i]);
      this.refInto(P, 'a function index');
      this.emit(P);
      items.push(new Body(this.code, at, at + 1));
    }
    return items;
  }

  /** `(item expr)` / folded-instruction items. */
  private elemExprs(): Body[] {
    const items: Body[] = [];
    while (this.k[this.p] === Tok.LPAREN) {
      if (this.atKw(Kw.item)) {
        this.p += 2;
        items.push(this.constExpr());
        this.rparen();
      } else {
        items.push(this.foldedConstExpr());
      }
    }
    return items;
  }

  private parseMemory(open: number, kw: number): void {
    const id = this.optId();
    const exports = this.inlineExports();
    const imp = this.inlineImport();
    const index = this.mod.memories.length;
    const m: Memory = {
      kind: 'memory', id, keyword: this.span(kw), import: imp, exports, limits: { min: 0, max: undefined }, start: this.s[open],
      end: this.e[open],
    };
    if (imp) this.noteImport(m, open);
    else this.sawDefinition = true;
    let data: Data | undefined;
    if (!imp && this.atKw(Kw.data)) {
      const dOpen = this.p;
      const dkw = this.p + 1;
      this.p += 2;
      const parts: Uint8Array[] = [];
      while (this.k[this.p] === Tok.STRING) parts.push(this.string()[0]);
      const dClose = this.rparen();
      const bytes = concat(parts);
      const pages = Math.ceil(bytes.length / 65536);
      m.limits = { min: pages, max: pages };
      const zero = new Body(this.code, this.code.count, this.code.count + 1);
      this.emitSimple(OP.i32Const, this.s[dkw], this.e[dkw]);
      data = {
        kind: 'data', id: undefined, keyword: this.span(dkw), mode: 'active',
        memory: { name: undefined, index, start: this.s[dOpen], end: this.e[dClose] }, offset: zero, bytes, inline: true,
        start: this.s[dOpen], end: this.e[dClose],
      };
    } else {
      m.limits = this.limits();
    }
    this.closeField(m, open);
    this.mod.memories.push(m);
    this.mod.fields.push(m);
    this.addInlineExports(exports, ExternKind.Memory, index, id);
    if (data) this.mod.datas.push(data);
  }

  private parseGlobal(open: number, kw: number): void {
    const id = this.optId();
    const exports = this.inlineExports();
    const imp = this.inlineImport();
    const index = this.mod.globals.length;
    const [type, mutable] = this.globalType();
    const g: Global = {
      kind: 'global', id, keyword: this.span(kw), import: imp, exports, type, mutable, init: this.emptyBody(), start: this.s[open],
      end: this.e[open],
    };
    if (imp) this.noteImport(g, open);
    else this.sawDefinition = true;
    this.mod.globals.push(g);
    this.mod.fields.push(g);
    this.addInlineExports(exports, ExternKind.Global, index, id);
    if (!imp) g.init = this.constExpr();
    this.closeField(g, open);
  }

  private parseStart(open: number): void {
    const ref = this.ref('a function index');
    const st = { kind: 'start' as const, ref, start: 0, end: 0 };
    this.closeField(st, open);
    if (this.mod.startFunc) this.fail('multiple start sections', open + 1);
    this.mod.startFunc = st;
    this.mod.fields.push(st);
  }

  /** `(offset expr)` or a single folded instruction. */
  private offsetExpr(): Body {
    if (this.atKw(Kw.offset)) {
      this.p += 2;
      const out = this.constExpr();
      this.rparen();
      return out;
    }
    if (this.k[this.p] !== Tok.LPAREN) this.unexpected('an offset expression');
    return this.foldedConstExpr();
  }

  private emptyBody(): Body {
    return new Body(this.code, this.code.count, this.code.count);
  }

  private parseElem(open: number, kw: number): void {
    const el: Elem = {
      kind: 'elem', id: undefined, keyword: this.span(kw), mode: 'passive', table: undefined, offset: undefined, refType: FUNCREF, inline: false,
      items: [], start: this.s[open], end: this.e[open],
    };
    el.id = this.optId();
    if (this.isKw(this.p, Kw.declare)) {
      this.p++;
      el.mode = 'declare';
    } else if (this.k[this.p] === Tok.LPAREN || this.isRefTok()) {
      el.mode = 'active';
      if (this.atKw(Kw.table)) {
        this.p += 2;
        el.table = this.ref('a table index');
        this.rparen();
      } else if (this.isRefTok()) {
        el.table = this.ref('a table index'); // legacy `(elem 0 (offset ...) ...)`
      }
      el.offset = this.offsetExpr();
    }
    // Element list: `func x*`, reftype items, or (legacy, active only) bare function indices.
    if (this.isKw(this.p, Kw.func)) {
      this.p++;
      el.items = this.funcIndexItems();
    } else if (this.isKw(this.p, Kw.funcref) || this.isKw(this.p, Kw.externref)) {
      el.refType = this.refType();
      el.items = this.elemExprs();
    } else if (el.mode === 'active' && el.table === undefined) {
      el.items = this.funcIndexItems();
    } else if (el.mode === 'active') {
      // `(elem (table $t) (offset ..) $f)` without `func` is not allowed by the spec, but a bare list
      // after a legacy table index is.
      el.items = this.funcIndexItems();
    } else {
      this.unexpected('an element list');
    }
    this.closeField(el, open);
    this.mod.elems.push(el);
    this.mod.fields.push(el);
  }

  private parseData(open: number, kw: number): void {
    const d: Data = {
      kind: 'data', id: undefined, keyword: this.span(kw), mode: 'passive', memory: undefined, offset: undefined, inline: false,
      bytes: new Uint8Array(0), start: this.s[open], end: this.e[open],
    };
    d.id = this.optId();
    if (this.atKw(Kw.memory)) {
      this.p += 2;
      d.memory = this.ref('a memory index');
      this.rparen();
      d.mode = 'active';
      d.offset = this.offsetExpr();
    } else if (this.isRefTok()) {
      d.memory = this.ref('a memory index');
      d.mode = 'active';
      d.offset = this.offsetExpr();
    } else if (this.k[this.p] === Tok.LPAREN) {
      d.mode = 'active';
      d.offset = this.offsetExpr();
    }
    const parts: Uint8Array[] = [];
    while (this.k[this.p] === Tok.STRING) parts.push(this.string()[0]);
    d.bytes = concat(parts);
    this.closeField(d, open);
    this.mod.datas.push(d);
    this.mod.fields.push(d);
  }

  // ---- scripts --------------------------------------------------------------------------------

  parseScript(): Script {
    const commands: Command[] = [];
    // A script may also be a bare module body (a plain .wat file).
    if (this.k[this.p] === Tok.LPAREN && !this.isScriptCommandAt(this.p)) {
      const mod = this.parseModuleFile();
      commands.push({ command: 'module', kind: 'module', id: mod.id, form: 'text', module: mod, bytes: undefined, quote: undefined, start: mod.start, end: mod.end });
      return { kind: 'script', commands };
    }
    while (this.k[this.p] !== Tok.EOF) {
      const open = this.p;
      try {
        if (this.k[open] !== Tok.LPAREN) this.unexpected('a script command');
        commands.push(this.command());
      } catch (err) {
        this.recordErr(err);
        if (this.k[open] === Tok.LPAREN) this.skipTo(open);
        else this.p = open + 1;
      }
    }
    return { kind: 'script', commands };
  }

  private isScriptCommandAt(i: number): boolean {
    if (this.k[i + 1] !== Tok.KEYWORD) return false;
    const w = this.tokText(i + 1);
    return w === 'module' || w === 'register' || w === 'invoke' || w === 'get' || w.startsWith('assert_');
  }

  private command(): Command {
    const open = this.p;
    const kw = this.p + 1;
    const w = this.k[kw] === Tok.KEYWORD ? this.tokText(kw) : '';
    switch (w) {
      case 'module': {
        const m = this.scriptModule();
        return { ...m, command: 'module' };
      }
      case 'register': {
        this.p += 2;
        const n = this.name();
        const id = this.optId();
        const close = this.rparen();
        return { command: 'register', name: n.text, module: id, start: this.s[open], end: this.e[close] };
      }
      case 'invoke':
      case 'get': {
        const action = this.action();
        return { command: 'action', action, start: action.start, end: action.end };
      }
      case 'assert_return': {
        this.p += 2;
        const action = this.action();
        const expected: ScriptValue[] = [];
        while (this.k[this.p] === Tok.LPAREN) expected.push(this.scriptValue());
        const close = this.rparen();
        return { command: 'assert_return', action, expected, start: this.s[open], end: this.e[close] };
      }
      case 'assert_trap':
      case 'assert_exhaustion': {
        this.p += 2;
        let action: Action | undefined;
        let module: ScriptModule | undefined;
        if (this.atKw(Kw.module)) module = this.scriptModule();
        else action = this.action();
        const [msg] = this.string();
        const close = this.rparen();
        return { command: w, action, module, message: bytesToText(msg), start: this.s[open], end: this.e[close] };
      }
      case 'assert_malformed':
      case 'assert_invalid':
      case 'assert_unlinkable':
      case 'assert_uninstantiable': {
        this.p += 2;
        const module = this.scriptModule(w === 'assert_malformed' || w === 'assert_invalid');
        const [msg] = this.string();
        const close = this.rparen();
        return { command: w, module, message: bytesToText(msg), start: this.s[open], end: this.e[close] };
      }
      default:
        this.unexpected('a script command', kw);
    }
  }

  /**
   * `(module $id? ...)`, `(module $id? binary "..."*)`, `(module $id? quote "..."*)`.
   * With `isolate`, a text module's errors are kept out of the script diagnostics (it is re-parsed
   * on its own by whoever checks the assertion) — we still return its tree.
   */
  private scriptModule(isolate = false): ScriptModule {
    const open = this.p;
    if (!this.atKw(Kw.module)) this.unexpected('(module ...)');
    const kw = this.p + 1;
    const id = this.k[kw + 1] === Tok.ID ? { name: this.tokText(kw + 1), start: this.s[kw + 1], end: this.e[kw + 1] } : undefined;
    const formTok = id ? kw + 2 : kw + 1;
    if (this.isKw(formTok, Kw.binary) || this.isKw(formTok, Kw.quote)) {
      const binary = this.isKw(formTok, Kw.binary);
      this.p = formTok + 1;
      const parts: Uint8Array[] = [];
      while (this.k[this.p] === Tok.STRING) parts.push(this.string()[0]);
      const close = this.rparen();
      const bytes = concat(parts);
      return {
        kind: 'module', id, form: binary ? 'binary' : 'quote', module: undefined, bytes: binary ? bytes : undefined,
        quote: binary ? undefined : bytesToText(bytes), start: this.s[open], end: this.e[close],
      };
    }
    if (isolate) {
      // Keep this module's (expected) errors out of the script diagnostics.
      const saved = this.diags.length;
      const mod = this.parseModuleForm();
      const diagnostics = this.diags.splice(saved);
      return { kind: 'module', id, form: 'text', module: mod, bytes: undefined, quote: undefined, diagnostics, start: mod.start, end: mod.end };
    }
    const mod = this.parseModuleForm();
    return { kind: 'module', id, form: 'text', module: mod, bytes: undefined, quote: undefined, start: mod.start, end: mod.end };
  }

  private action(): Action {
    const open = this.lparen();
    const kind = this.isWord(this.p, 'invoke') ? 'invoke' : this.isWord(this.p, 'get') ? 'get' : this.unexpected('invoke or get');
    this.p++;
    const module = this.optId();
    const n = this.name();
    const args: ScriptValue[] = [];
    while (this.k[this.p] === Tok.LPAREN) args.push(this.scriptValue());
    const close = this.rparen();
    return { kind, module, name: n.text, args, start: this.s[open], end: this.e[close] };
  }

  private scriptValue(): ScriptValue {
    const open = this.lparen();
    const kwTok = this.p;
    if (this.k[kwTok] !== Tok.KEYWORD) this.unexpected('a value');
    const type = this.tokText(kwTok);
    this.p++;
    if (type === 'either') {
      const alternatives: ScriptValue[] = [];
      while (this.k[this.p] === Tok.LPAREN) alternatives.push(this.scriptValue());
      const close = this.rparen();
      return { type, text: '', alternatives, start: this.s[open], end: this.e[close] };
    }
    const parts: string[] = [];
    while (this.k[this.p] !== Tok.RPAREN && this.k[this.p] !== Tok.EOF) {
      if (this.k[this.p] === Tok.LPAREN) this.unexpected('a literal');
      parts.push(this.tokText(this.p++));
    }
    const close = this.rparen();
    return { type, text: parts.join(' '), start: this.s[open], end: this.e[close] };
  }
}

/** Value of text[start..end) if it is 1 to 9 decimal digits, else -1 (then the general parser runs). */
function plainDigits(text: string, start: number, end: number): number {
  if (end <= start || end - start > 9) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface ModuleParse {
  module: Module;
  diagnostics: RawDiagnostic[];
}

/** Parses a .wat file: `(module ...)` or bare module fields. */
export function parseModuleText(text: string): ModuleParse {
  const parser = new Parser(text);
  const module = parser.parseModuleFile();
  releaseTokens(parser.toks);
  return { module, diagnostics: parser.diags };
}

export interface ScriptParse {
  script: Script;
  diagnostics: RawDiagnostic[];
}

export function parseScriptText(text: string): ScriptParse {
  const parser = new Parser(text);
  const script = parser.parseScript();
  releaseTokens(parser.toks);
  return { script, diagnostics: parser.diags };
}

