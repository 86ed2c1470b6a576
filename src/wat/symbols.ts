// Symbol table for the language server: every `$name` definition and every reference to an index
// space entry (named or numeric), with source spans, linked to its definition. Enough for
// go-to-definition, find-references, rename and document symbols.

import { Func, Ident, Instr, Module, Ref } from './ast';
import { Imm, OPS } from './opcodes';

export type SymbolKind = 'type' | 'func' | 'table' | 'memory' | 'global' | 'elem' | 'data' | 'local' | 'label';

export interface SymbolDef {
  kind: SymbolKind;
  /** `$name`, or undefined for anonymous entries (still referable by index). */
  name: string | undefined;
  index: number;
  /** Span of the `$name` token (or of the defining construct when anonymous). */
  start: number;
  end: number;
  /** For locals and labels: index of the enclosing function. */
  funcIndex?: number;
}

export interface SymbolRef {
  kind: SymbolKind;
  name: string | undefined;
  start: number;
  end: number;
  /** Undefined when the reference does not resolve. */
  def: SymbolDef | undefined;
}

export interface SymbolTable {
  defs: SymbolDef[];
  refs: SymbolRef[];
  /** Definition or reference at an offset (for go-to-definition / rename). */
  at(offset: number): { def: SymbolDef; ref?: SymbolRef } | undefined;
  referencesTo(def: SymbolDef): SymbolRef[];
}

/** Builds the table from a module whose names were resolved (see resolveModule). */
export function collectSymbols(mod: Module): SymbolTable {
  const defs: SymbolDef[] = [];
  const refs: SymbolRef[] = [];
  const spaces = new Map<SymbolKind, SymbolDef[]>();

  const space = <T extends { id: Ident | undefined; start: number; end: number }>(kind: SymbolKind, items: T[]): void => {
    const list: SymbolDef[] = [];
    items.forEach((it, index) => {
      const d: SymbolDef = it.id
        ? { kind, name: it.id.name, index, start: it.id.start, end: it.id.end }
        : { kind, name: undefined, index, start: it.start, end: it.start };
      list.push(d);
      if (it.id) defs.push(d);
    });
    spaces.set(kind, list);
  };
  space('type', mod.types);
  space('func', mod.funcs);
  space('table', mod.tables);
  space('memory', mod.memories);
  space('global', mod.globals);
  space('elem', mod.elems);
  space('data', mod.datas);

  const use = (kind: SymbolKind, r: Ref | null | undefined): void => {
    if (!r) return;
    const def = r.index >= 0 ? spaces.get(kind)![r.index] : undefined;
    refs.push({ kind, name: r.name, start: r.start, end: r.end, def });
  };

  const expr = (body: Instr[], f: Func | undefined, fi: number): void => {
    let locals: SymbolDef[] = [];
    if (f) {
      locals = [];
      let i = 0;
      for (const p of f.type.params) {
        const d: SymbolDef = { kind: 'local', name: p.id?.name, index: i++, start: p.id?.start ?? p.start, end: p.id?.end ?? p.start, funcIndex: fi };
        locals.push(d);
        if (p.id) defs.push(d);
      }
      const base = f.type.typeIndex >= 0 && mod.funcTypes[f.type.typeIndex] ? mod.funcTypes[f.type.typeIndex].params.length : i;
      f.locals.forEach((l, j) => {
        const d: SymbolDef = { kind: 'local', name: l.id?.name, index: base + j, start: l.id?.start ?? l.start, end: l.id?.end ?? l.start, funcIndex: fi };
        locals[base + j] = d;
        if (l.id) defs.push(d);
      });
    }
    const labels: SymbolDef[] = [];
    const labelUse = (r: Ref): void => {
      const def = r.index >= 0 && r.index < labels.length ? labels[labels.length - 1 - r.index] : undefined;
      refs.push({ kind: 'label', name: r.name, start: r.start, end: r.end, def: def && def.name ? def : undefined });
    };
    for (const ins of body) {
      const imm = OPS[ins.op].imm;
      switch (imm) {
        case Imm.Block: {
          const d: SymbolDef = ins.label
            ? { kind: 'label', name: ins.label.name, index: labels.length, start: ins.label.start, end: ins.label.end, funcIndex: fi }
            : { kind: 'label', name: undefined, index: labels.length, start: ins.start, end: ins.end, funcIndex: fi };
          if (ins.label) defs.push(d);
          labels.push(d);
          if (ins.bt) use('type', ins.bt.ref);
          break;
        }
        case Imm.End:
          labels.pop();
          break;
        case Imm.Label:
          labelUse(ins.ref!);
          break;
        case Imm.BrTable:
          for (const r of ins.refs!) labelUse(r);
          break;
        case Imm.Func: use('func', ins.ref); break;
        case Imm.Local: {
          const r = ins.ref!;
          refs.push({ kind: 'local', name: r.name, start: r.start, end: r.end, def: r.index >= 0 ? locals[r.index] : undefined });
          break;
        }
        case Imm.Global: use('global', ins.ref); break;
        case Imm.Table: use('table', ins.ref); break;
        case Imm.CallIndirect:
          use('table', ins.ref);
          use('type', ins.bt?.ref);
          break;
        case Imm.TableInit:
          use('table', ins.ref);
          use('elem', ins.ref2);
          break;
        case Imm.TableCopy:
          use('table', ins.ref);
          use('table', ins.ref2);
          break;
        case Imm.ElemDrop: use('elem', ins.ref); break;
        case Imm.DataDrop:
        case Imm.MemoryInit: use('data', ins.ref); break;
      }
    }
  };

  mod.funcs.forEach((f, i) => {
    use('type', f.type.ref);
    expr(f.body.instrs(), f, i);
  });
  for (const g of mod.globals) expr(g.init.instrs(), undefined, -1);
  for (const ex of mod.exports) {
    if (ex.inline) continue; // `(func (export "x"))`: the ref is made up
    use((['func', 'table', 'memory', 'global'] as const)[ex.externKind], ex.ref);
  }
  if (mod.startFunc) use('func', mod.startFunc.ref);
  for (const el of mod.elems) {
    if (!el.inline) use('table', el.table);
    if (el.offset) expr(el.offset.instrs(), undefined, -1);
    for (const it of el.items) expr(it.instrs(), undefined, -1);
  }
  for (const d of mod.datas) {
    if (!d.inline) use('memory', d.memory);
    if (d.offset) expr(d.offset.instrs(), undefined, -1);
  }

  const sorted = [...refs].sort((a, b) => a.start - b.start);
  return {
    defs,
    refs,
    at(offset: number) {
      for (const d of defs) if (offset >= d.start && offset <= d.end) return { def: d };
      // Binary search would do; references are few compared to instructions.
      for (const r of sorted) {
        if (r.start > offset) break;
        if (offset <= r.end && r.def) return { def: r.def, ref: r };
      }
      return undefined;
    },
    referencesTo(def: SymbolDef) {
      return refs.filter((r) => r.def === def);
    },
  };
}
