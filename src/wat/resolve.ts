// Name resolution and function-type assignment.
// - `$name` references become indices (Ref.index); unknown and duplicate names are reported.
// - Every type use gets a type index. Inline signatures without `(type x)` reuse the first
//   structurally equal type or append a new one, visiting fields in source order and, inside a
//   function, its block types and call_indirects in order. This is exactly wabt's order, which the
//   byte-identical output depends on.

import { Func, FuncType, Instr, Module, Ref, TypeUse, Ident } from './ast';
import { RawDiagnostic } from './diagnostics';
import { Imm, OPS } from './opcodes';

type NameMap = Map<string, number>;

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
    const m: NameMap = new Map();
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

  // Pass 1 assigns indices (implicit types may be referenced by number: `(type 1)`), pass 2 checks.
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

  for (const field of mod.fields) {
    if (field.kind !== 'func') continue;
    typeUse(field.type, false);
    for (const ins of field.body) {
      const bt = ins.bt;
      if (!bt) continue;
      typeUse(bt, OPS[ins.op].imm === Imm.Block);
    }
  }
  for (const tu of withRef) {
    const idx = tu.typeIndex;
    if (idx < 0) continue;
    if (idx >= funcTypes.length) {
      err(`unknown type ${idx}`, tu.ref!.start, tu.ref!.end);
      tu.typeIndex = -1;
    } else if (tu.inline && !sameSig(funcTypes[idx], tu.params.map((p) => p.type), tu.results)) {
      err('inline function type does not match the referenced type', tu.start, tu.end);
    }
  }

  // ---- references ----
  const exprRefs = (body: Instr[], locals: NameMap | undefined): void => {
    for (const ins of body) {
      switch (OPS[ins.op].imm) {
        case Imm.Func: lookup(ins.ref, names.funcs, 'function'); break;
        case Imm.Local:
          if (ins.ref && ins.ref.name !== undefined) {
            if (locals) lookup(ins.ref, locals, 'local');
            else err(`unknown local ${ins.ref.name}`, ins.ref.start, ins.ref.end);
          }
          break;
        case Imm.Global: lookup(ins.ref, names.globals, 'global'); break;
        case Imm.Table: lookup(ins.ref, names.tables, 'table'); break;
        case Imm.CallIndirect: lookup(ins.ref, names.tables, 'table'); break;
        case Imm.TableInit:
          lookup(ins.ref, names.tables, 'table');
          lookup(ins.ref2, names.elems, 'elem segment');
          break;
        case Imm.TableCopy:
          lookup(ins.ref, names.tables, 'table');
          lookup(ins.ref2, names.tables, 'table');
          break;
        case Imm.ElemDrop: lookup(ins.ref, names.elems, 'elem segment'); break;
        case Imm.DataDrop:
        case Imm.MemoryInit: lookup(ins.ref, names.datas, 'data segment'); break;
      }
    }
  };

  for (const f of mod.funcs) {
    if (f.import) continue;
    exprRefs(f.body, localNames(f, funcTypes, err));
  }
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
  const m: NameMap = new Map();
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
