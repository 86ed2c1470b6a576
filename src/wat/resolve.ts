// Name resolution and function-type assignment.
// - `$name` references become indices (Ref.index); unknown and duplicate names are reported.
// - Every type use gets a type index. Inline signatures without `(type x)` reuse the first
//   structurally equal type or append a new one, visiting fields in source order and, inside a
//   function, its block types and call_indirects in order. This is exactly wabt's order, which the
//   byte-identical output depends on.

import { Body, BlockInfo, Code, Func, FuncType, Module, Param, Ref, TypeUse, Ident } from './ast';
import { RawDiagnostic } from './diagnostics';
import { Imm as ImmE, OPS as OPSE, ValType } from './opcodes';

// Module-local copies (imported bindings are getter calls under per-file transpilation).
const Imm = ImmE;
const IMM_KIND = Uint8Array.from(OPSE.map((o) => o.imm));

/**
 * `$name` -> index. Looks names up straight from the source span (`getSpan`), so resolving a
 * reference neither slices a string nor hashes a fresh one.
 */
export class NameMap {
  private keys: string[];
  private hashes: Int32Array;
  private vals: Int32Array;
  private count = 0;

  /** `expected`: number of names it will hold (sizes the table once instead of rehashing). */
  constructor(expected = 0) {
    let n = 16;
    while (n < expected * 2 + 2) n *= 2;
    this.keys = new Array<string>(n).fill('');
    this.hashes = new Int32Array(n);
    this.vals = new Int32Array(n).fill(-1);
  }

  private static hash(s: string, start: number, end: number): number {
    let h = 0;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    return h;
  }

  private slot(text: string, start: number, end: number, h: number): number {
    const mask = this.vals.length - 1;
    const len = end - start;
    let i = h & mask;
    for (;;) {
      if (this.vals[i] < 0) return i;
      if (this.hashes[i] === h) {
        const k = this.keys[i];
        if (k.length === len) {
          let j = 0;
          while (j < len && k.charCodeAt(j) === text.charCodeAt(start + j)) j++;
          if (j === len) return i;
        }
      }
      i = (i + 1) & mask;
    }
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get(name: string): number | undefined {
    return this.getSpan(name, 0, name.length);
  }

  /** Index of the name text[start..end), or undefined. */
  getSpan(text: string, start: number, end: number): number | undefined {
    const i = this.slot(text, start, end, NameMap.hash(text, start, end));
    const v = this.vals[i];
    return v < 0 ? undefined : v;
  }

  /** Empties the map, keeping its (grown) tables: one map serves every function's locals. */
  clear(): void {
    if (this.count === 0) return;
    this.vals.fill(-1);
    this.count = 0;
  }

  set(name: string, index: number): void {
    if ((this.count + 1) * 2 > this.vals.length) this.rehash();
    const h = NameMap.hash(name, 0, name.length);
    const i = this.slot(name, 0, name.length, h);
    if (this.vals[i] < 0) this.count++;
    this.keys[i] = name;
    this.hashes[i] = h;
    this.vals[i] = index;
  }

  private rehash(): void {
    const { keys, vals } = this;
    const n = vals.length * 2;
    this.keys = new Array<string>(n).fill('');
    this.hashes = new Int32Array(n);
    this.vals = new Int32Array(n).fill(-1);
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (vals[i] >= 0) this.set(keys[i], vals[i]);
  }
}

export interface ResolvedNames {
  types: NameMap;
  funcs: NameMap;
  tables: NameMap;
  memories: NameMap;
  globals: NameMap;
  elems: NameMap;
  datas: NameMap;
}

export function sameSig(a: FuncType, params: readonly number[], results: readonly number[]): boolean {
  if (a.params.length !== params.length || a.results.length !== results.length) return false;
  for (let i = 0; i < params.length; i++) if (a.params[i] !== params[i]) return false;
  for (let i = 0; i < results.length; i++) if (a.results[i] !== results[i]) return false;
  return true;
}

// Imm kinds as plain numbers: the resolver's loop switches on them once per instruction.
const IMM_BLOCK = Imm.Block;
const IMM_FUNC = Imm.Func;
const IMM_LOCAL = Imm.Local;
const IMM_GLOBAL = Imm.Global;
const IMM_TABLE = Imm.Table;
const IMM_CALL_INDIRECT = Imm.CallIndirect;
const IMM_TABLE_INIT = Imm.TableInit;
const IMM_TABLE_COPY = Imm.TableCopy;
const IMM_ELEM_DROP = Imm.ElemDrop;
const IMM_MEMORY_INIT = Imm.MemoryInit;
const IMM_DATA_DROP = Imm.DataDrop;

export function resolveModule(mod: Module, diags: RawDiagnostic[]): ResolvedNames {
  return new Resolver(mod, diags).run();
}

/**
 * One resolution pass. A class rather than closures: the per-instruction loop calls methods, and
 * closures created per call (one set per function body) cost allocations (and, under tsx's
 * keep-names transform, a defineProperty each).
 */
class Resolver {
  readonly names: ResolvedNames;
  readonly funcTypes: FuncType[];
  readonly code: Code;
  readonly text: string;
  /** Type uses with `(type x)`: checked once all implicit types exist. */
  readonly withRef: TypeUse[] = [];
  dataCount = false;
  /** Local names of the function being resolved (cleared and refilled per function). */
  private readonly localMap = new NameMap();

  constructor(
    readonly mod: Module,
    readonly diags: RawDiagnostic[],
  ) {
    this.names = {
      types: this.build(mod.types, 'type'),
      funcs: this.build(mod.funcs, 'func'),
      tables: this.build(mod.tables, 'table'),
      memories: this.build(mod.memories, 'memory'),
      globals: this.build(mod.globals, 'global'),
      elems: this.build(mod.elems, 'elem'),
      datas: this.build(mod.datas, 'data'),
    };
    this.funcTypes = [];
    for (const t of mod.types) this.funcTypes.push({ params: paramTypes(t.params), results: t.results });
    mod.funcTypes = this.funcTypes;
    this.code = mod.code;
    this.text = mod.code.text;
  }

  err(message: string, start: number, end: number): void {
    this.diags.push({ message, start, end, severity: 'error', code: 'resolve' });
  }

  private build(items: { id: Ident | undefined }[], what: string): NameMap {
    const m = new NameMap(items.length);
    for (let i = 0; i < items.length; i++) {
      const id = items[i].id;
      if (!id) continue;
      if (m.has(id.name)) this.err(`duplicate ${what} ${id.name}`, id.start, id.end);
      else m.set(id.name, i);
    }
    return m;
  }

  private lookup(r: Ref | null | undefined, map: NameMap, what: string): void {
    if (!r || r.name === undefined) return;
    const i = map.get(r.name);
    if (i === undefined) this.err(`unknown ${what} ${r.name}`, r.start, r.end);
    else r.index = i;
  }

  private findOrAdd(tu: TypeUse): number {
    const funcTypes = this.funcTypes;
    for (let i = 0; i < funcTypes.length; i++) if (sameParams(funcTypes[i], tu.params, tu.results)) return i;
    funcTypes.push({ params: paramTypes(tu.params), results: tu.results });
    return funcTypes.length - 1;
  }

  // Type uses get indices in wabt's order: fields in source order; within a function its own
  // type, then block types and call_indirect types in body order. `(type N)` may name an implicit
  // type created later, so checks of explicit references wait until all types exist.
  private typeUse(tu: TypeUse, block: boolean): void {
    if (tu.ref) {
      this.lookup(tu.ref, this.names.types, 'type');
      tu.typeIndex = tu.ref.index;
      this.withRef.push(tu);
      return;
    }
    if (block && tu.params.length === 0 && tu.results.length <= 1) {
      tu.typeIndex = -1; // encoded as a value type
      return;
    }
    tu.typeIndex = this.findOrAdd(tu);
  }

  /** Resolves the named index of instruction i in `map` (numbers were set by the parser). */
  private lookupAt(i: number, map: NameMap, what: string): void {
    const code = this.code;
    const s = code.refStart[i];
    if (s < 0 || this.text.charCodeAt(s) !== 0x24) return;
    const e = code.refEnd[i];
    const idx = map.getSpan(this.text, s, e);
    if (idx === undefined) this.err(`unknown ${what} ${this.text.slice(s, e)}`, s, e);
    else code.ref[i] = idx;
  }

  private exprRefs(body: Body, f: Func | undefined): void {
    const code = this.code;
    const ops = code.op;
    const refStart = code.refStart;
    const pi = code.pi;
    const names = this.names;
    // Built eagerly when there are names (also reports duplicate locals), unless the parser already
    // resolved this body's local names (then there are no duplicates, and a `$name` still
    // unresolved is unknown).
    let locals: NameMap | undefined =
      f && !f.localRefsResolved && hasLocalNames(f) ? localNames(f, this.funcTypes, this, this.localMap) : undefined;
    // Only the instructions the parser listed (see Code.resolveList), in order.
    const list = code.resolveList;
    for (let k = code.resolveFrom(body.start); k < list.length; k++) {
      const i = list[k];
      if (i >= body.end) break;
      const imm = IMM_KIND[ops[i]];
      if (imm === IMM_BLOCK) {
        const bt = (code.payloads[pi[i]] as BlockInfo).bt;
        if (bt !== null) this.typeUse(bt, true);
        continue;
      }
      if (refStart[i] < 0 && pi[i] < 0) continue;
      switch (imm) {
        case IMM_FUNC: this.lookupAt(i, names.funcs, 'function'); break;
        case IMM_LOCAL:
          if (code.ref[i] < 0 && this.text.charCodeAt(refStart[i]) === 0x24) {
            if (!f) this.err(`unknown local ${code.refName(i)}`, refStart[i], code.refEnd[i]);
            else {
              locals ??= localNames(f, this.funcTypes, this, this.localMap);
              this.lookupAt(i, locals, 'local');
            }
          }
          break;
        case IMM_GLOBAL: this.lookupAt(i, names.globals, 'global'); break;
        case IMM_TABLE: this.lookupAt(i, names.tables, 'table'); break;
        case IMM_CALL_INDIRECT:
          this.typeUse(code.payloads[pi[i]] as TypeUse, false);
          this.lookupAt(i, names.tables, 'table');
          break;
        case IMM_TABLE_INIT:
          this.lookupAt(i, names.tables, 'table');
          this.lookup(code.ref2(i), names.elems, 'elem segment');
          break;
        case IMM_TABLE_COPY:
          this.lookupAt(i, names.tables, 'table');
          this.lookup(code.ref2(i), names.tables, 'table');
          break;
        case IMM_ELEM_DROP: this.lookupAt(i, names.elems, 'elem segment'); break;
        case IMM_MEMORY_INIT:
          this.dataCount = true;
          this.lookupAt(i, names.datas, 'data segment');
          break;
        case IMM_DATA_DROP:
          this.dataCount = true;
          this.lookupAt(i, names.datas, 'data segment');
          break;
      }
    }
  }

  run(): ResolvedNames {
    const { mod, names, funcTypes, code } = this;
    // Functions whose `(type N)` names a type not created yet: their local names are resolved again.
    const deferred: Func[] = [];
    for (const field of mod.fields) {
      if (field.kind !== 'func') continue;
      this.typeUse(field.type, false);
      if (field.type.typeIndex >= funcTypes.length) deferred.push(field);
      this.exprRefs(field.body, field);
    }
    for (const tu of this.withRef) {
      const idx = tu.typeIndex;
      if (idx < 0) continue;
      if (idx >= funcTypes.length) {
        // An out-of-range number is a validation error (a name would have failed lookup above).
        this.diags.push({ message: `unknown type ${idx}`, start: tu.ref!.start, end: tu.ref!.end, severity: 'error', code: 'validation' });
        tu.typeIndex = -1;
      } else if (tu.inline && !sameParams(funcTypes[idx], tu.params, tu.results)) {
        this.err('inline function type does not match the referenced type', tu.start, tu.end);
      }
    }
    for (const f of deferred) {
      const locals = localNames(f, funcTypes, undefined);
      for (let i = f.body.start; i < f.body.end; i++) if (IMM_KIND[code.op[i]] === IMM_LOCAL) this.lookupAt(i, locals, 'local');
    }
    mod.needsDataCount = this.dataCount;

    for (const g of mod.globals) this.exprRefs(g.init, undefined);
    for (const ex of mod.exports) {
      switch (ex.externKind) {
        case 0: this.lookup(ex.ref, names.funcs, 'function'); break;
        case 1: this.lookup(ex.ref, names.tables, 'table'); break;
        case 2: this.lookup(ex.ref, names.memories, 'memory'); break;
        case 3: this.lookup(ex.ref, names.globals, 'global'); break;
      }
    }
    if (mod.startFunc) this.lookup(mod.startFunc.ref, names.funcs, 'function');
    for (const el of mod.elems) {
      this.lookup(el.table, names.tables, 'table');
      if (el.offset) this.exprRefs(el.offset, undefined);
      for (const item of el.items) this.exprRefs(item, undefined);
    }
    for (const d of mod.datas) {
      this.lookup(d.memory, names.memories, 'memory');
      if (d.offset) this.exprRefs(d.offset, undefined);
    }
    return names;
  }
}

function paramTypes(params: Param[]): ValType[] {
  const out: ValType[] = new Array<ValType>(params.length);
  for (let i = 0; i < params.length; i++) out[i] = params[i].type;
  return out;
}

/** sameSig without materializing the param type list. */
function sameParams(a: FuncType, params: readonly Param[], results: readonly number[]): boolean {
  if (a.params.length !== params.length || a.results.length !== results.length) return false;
  for (let i = 0; i < params.length; i++) if (a.params[i] !== params[i].type) return false;
  for (let i = 0; i < results.length; i++) if (a.results[i] !== results[i]) return false;
  return true;
}

function hasLocalNames(f: Func): boolean {
  for (const l of f.locals) if (l.id) return true;
  for (const p of f.type.params) if (p.id) return true;
  return false;
}

/** Number of parameters of a function (from its resolved type, else its inline params). */
export function numParams(f: Func, funcTypes: FuncType[]): number {
  const ti = f.type.typeIndex;
  if (ti >= 0 && ti < funcTypes.length) return funcTypes[ti].params.length;
  return f.type.params.length;
}

function localNames(f: Func, funcTypes: FuncType[], r: Resolver | undefined, reuse?: NameMap): NameMap {
  const m = reuse ?? new NameMap();
  m.clear();
  const params = f.type.params;
  for (let i = 0; i < params.length; i++) addLocal(m, params[i].id, i, r);
  const base = numParams(f, funcTypes);
  const locals = f.locals;
  for (let i = 0; i < locals.length; i++) addLocal(m, locals[i].id, base + i, r);
  return m;
}

/** Declares a local name; `r` receives duplicate errors (undefined: already reported). */
function addLocal(m: NameMap, id: Ident | undefined, i: number, r: Resolver | undefined): void {
  if (!id) return;
  if (m.has(id.name)) r?.err(`duplicate local ${id.name}`, id.start, id.end);
  else m.set(id.name, i);
}
