// Name resolution and function-type assignment.
// - `$name` references become indices (Ref.index); unknown and duplicate names are reported.
// - Every type use gets a type index. Inline signatures without `(type x)` reuse the first
//   structurally equal type or append a new one, visiting fields in source order and, inside a
//   function, its block types and call_indirects in order. This is exactly wabt's order, which the
//   byte-identical output depends on.

import { Body, BlockInfo, Func, FuncType, Module, Ref, TypeUse, Ident } from './ast';
import { RawDiagnostic } from './diagnostics';
import { Imm as ImmE, OPS as OPSE } from './opcodes';

// Module-local copies (imported bindings are getter calls under per-file transpilation).
const Imm = ImmE;
const IMM_KIND = Uint8Array.from(OPSE.map((o) => o.imm));

/**
 * `$name` -> index. Looks names up straight from the source span (`getSpan`), so resolving a
 * reference neither slices a string nor hashes a fresh one.
 */
export class NameMap {
  private keys: string[] = new Array<string>(16).fill('');
  private hashes = new Int32Array(16);
  private vals = new Int32Array(16).fill(-1);
  private count = 0;

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

export function resolveModule(mod: Module, diags: RawDiagnostic[]): ResolvedNames {
  const err = (message: string, start: number, end: number): void => {
    diags.push({ message, start, end, severity: 'error', code: 'resolve' });
  };

  const build = (items: { id: Ident | undefined }[], what: string): NameMap => {
    const m = new NameMap();
    items.forEach((it, i) => {
      const id = it.id;
      if (!id) return;
      if (m.has(id.name)) err(`duplicate ${what} ${id.name}`, id.start, id.end);
      else m.set(id.name, i);
    });
    return m;
  };

  const names: ResolvedNames = {
    types: build(mod.types, 'type'),
    funcs: build(mod.funcs, 'func'),
    tables: build(mod.tables, 'table'),
    memories: build(mod.memories, 'memory'),
    globals: build(mod.globals, 'global'),
    elems: build(mod.elems, 'elem'),
    datas: build(mod.datas, 'data'),
  };

  const lookup = (r: Ref | null | undefined, map: NameMap, what: string): void => {
    if (!r || r.name === undefined) return;
    const i = map.get(r.name);
    if (i === undefined) err(`unknown ${what} ${r.name}`, r.start, r.end);
    else r.index = i;
  };

  // ---- types ----
  const funcTypes: FuncType[] = mod.types.map((t) => ({ params: t.params.map((p) => p.type), results: t.results }));
  mod.funcTypes = funcTypes;

  const findOrAdd = (params: number[], results: number[]): number => {
    for (let i = 0; i < funcTypes.length; i++) if (sameSig(funcTypes[i], params, results)) return i;
    funcTypes.push({ params, results });
    return funcTypes.length - 1;
  };

  // Type uses get indices in wabt's order: fields in source order; within a function its own
  // type, then block types and call_indirect types in body order. `(type N)` may name an implicit
  // type created later, so checks of explicit references wait until all types exist.
  const withRef: TypeUse[] = [];
  const typeUse = (tu: TypeUse, block: boolean): void => {
    if (tu.ref) {
      lookup(tu.ref, names.types, 'type');
      tu.typeIndex = tu.ref.index;
      withRef.push(tu);
      return;
    }
    const params = tu.params.map((p) => p.type);
    if (block && params.length === 0 && tu.results.length <= 1) {
      tu.typeIndex = -1; // encoded as a value type
      return;
    }
    tu.typeIndex = findOrAdd(params, tu.results);
  };

  let dataCount = false;

  const code = mod.code;
  const IMM = IMM_KIND;

  /** Resolves the named index of instruction i in `map` (numbers were set by the parser). */
  const lookupAt = (i: number, map: NameMap, what: string): void => {
    const s = code.refStart[i];
    if (s < 0 || code.text.charCodeAt(s) !== 0x24) return;
    const idx = map.getSpan(code.text, s, code.refEnd[i]);
    if (idx === undefined) err(`unknown ${what} ${code.text.slice(s, code.refEnd[i])}`, s, code.refEnd[i]);
    else code.ref[i] = idx;
  };

  const exprRefs = (body: Body, f: Func | undefined): void => {
    // Built eagerly when there are names (also reports duplicate locals).
    let locals: NameMap | undefined = f && (f.locals.some((l) => l.id) || f.type.params.some((p) => p.id)) ? localNames(f, funcTypes, err) : undefined;
    for (let i = body.start; i < body.end; i++) {
      const imm = IMM[code.op[i]];
      if (imm === Imm.Block) {
        const bt = (code.payloads[code.pi[i]] as BlockInfo).bt;
        if (bt !== null) typeUse(bt, true);
        continue;
      }
      if (code.refStart[i] < 0 && code.pi[i] < 0) continue;
      switch (imm) {
        case Imm.Func: lookupAt(i, names.funcs, 'function'); break;
        case Imm.Local:
          if (code.text.charCodeAt(code.refStart[i]) === 0x24) {
            if (!f) err(`unknown local ${code.refName(i)}`, code.refStart[i], code.refEnd[i]);
            else {
              locals ??= localNames(f, funcTypes, err);
              lookupAt(i, locals, 'local');
            }
          }
          break;
        case Imm.Global: lookupAt(i, names.globals, 'global'); break;
        case Imm.Table: lookupAt(i, names.tables, 'table'); break;
        case Imm.CallIndirect:
          typeUse(code.payloads[code.pi[i]] as TypeUse, false);
          lookupAt(i, names.tables, 'table');
          break;
        case Imm.TableInit:
          lookupAt(i, names.tables, 'table');
          lookup(code.ref2(i), names.elems, 'elem segment');
          break;
        case Imm.TableCopy:
          lookupAt(i, names.tables, 'table');
          lookup(code.ref2(i), names.tables, 'table');
          break;
        case Imm.ElemDrop: lookupAt(i, names.elems, 'elem segment'); break;
        case Imm.MemoryInit:
          dataCount = true;
          lookupAt(i, names.datas, 'data segment');
          break;
        case Imm.DataDrop:
          dataCount = true;
          lookupAt(i, names.datas, 'data segment');
          break;
      }
    }
  };

  // Functions whose `(type N)` names a type not created yet: their local names are resolved again.
  const deferred: Func[] = [];
  for (const field of mod.fields) {
    if (field.kind !== 'func') continue;
    typeUse(field.type, false);
    if (field.type.typeIndex >= funcTypes.length) deferred.push(field);
    exprRefs(field.body, field);
  }
  for (const tu of withRef) {
    const idx = tu.typeIndex;
    if (idx < 0) continue;
    if (idx >= funcTypes.length) {
      // An out-of-range number is a validation error (a name would have failed lookup above).
      diags.push({ message: `unknown type ${idx}`, start: tu.ref!.start, end: tu.ref!.end, severity: 'error', code: 'validation' });
      tu.typeIndex = -1;
    } else if (tu.inline && !sameSig(funcTypes[idx], tu.params.map((p) => p.type), tu.results)) {
      err('inline function type does not match the referenced type', tu.start, tu.end);
    }
  }
  for (const f of deferred) {
    const locals = localNames(f, funcTypes, () => undefined);
    for (let i = f.body.start; i < f.body.end; i++) if (IMM_KIND[code.op[i]] === Imm.Local) lookupAt(i, locals, 'local');
  }
  mod.needsDataCount = dataCount;

  for (const g of mod.globals) exprRefs(g.init, undefined);
  for (const ex of mod.exports) {
    switch (ex.externKind) {
      case 0: lookup(ex.ref, names.funcs, 'function'); break;
      case 1: lookup(ex.ref, names.tables, 'table'); break;
      case 2: lookup(ex.ref, names.memories, 'memory'); break;
      case 3: lookup(ex.ref, names.globals, 'global'); break;
    }
  }
  if (mod.startFunc) lookup(mod.startFunc.ref, names.funcs, 'function');
  for (const el of mod.elems) {
    lookup(el.table, names.tables, 'table');
    if (el.offset) exprRefs(el.offset, undefined);
    for (const item of el.items) exprRefs(item, undefined);
  }
  for (const d of mod.datas) {
    lookup(d.memory, names.memories, 'memory');
    if (d.offset) exprRefs(d.offset, undefined);
  }
  return names;
}

/** Number of parameters of a function (from its resolved type, else its inline params). */
export function numParams(f: Func, funcTypes: FuncType[]): number {
  const ti = f.type.typeIndex;
  if (ti >= 0 && ti < funcTypes.length) return funcTypes[ti].params.length;
  return f.type.params.length;
}

function localNames(f: Func, funcTypes: FuncType[], err: (m: string, s: number, e: number) => void): NameMap {
  const m = new NameMap();
  const add = (id: Ident | undefined, i: number): void => {
    if (!id) return;
    if (m.has(id.name)) err(`duplicate local ${id.name}`, id.start, id.end);
    else m.set(id.name, i);
  };
  f.type.params.forEach((p, i) => add(p.id, i));
  const base = numParams(f, funcTypes);
  f.locals.forEach((l, i) => add(l.id, base + i));
  return m;
}
