// Text for names: signatures and types shown by hover, completion details, the outline,
// signature help and inlay hints, so they all say the same thing.

import { Func, Global, Module, SymbolDef, valTypeName } from '../wat';
import type { ValType } from '../wat/opcodes';
import { Imm, OPS } from '../wat/opcodes';

export interface NamedType {
  name: string | undefined;
  type: ValType;
}

/** Parameters of a function: inline ones (with names) or those of its `(type $t)`. */
export function funcParams(mod: Module, f: Func): NamedType[] {
  if (f.type.params.length || f.type.inline) return f.type.params.map((p) => ({ name: p.id?.name, type: p.type }));
  const ft = mod.funcTypes[f.type.typeIndex];
  return ft ? ft.params.map((type) => ({ name: undefined, type })) : [];
}

export function funcResults(mod: Module, f: Func): ValType[] {
  if (f.type.results.length || f.type.inline) return f.type.results;
  return mod.funcTypes[f.type.typeIndex]?.results ?? [];
}

/** `(param $a i32) (param i64) (result i32)` */
export function signatureText(params: NamedType[], results: ValType[]): string {
  const ps = params.map((p) => `(param ${p.name ? p.name + ' ' : ''}${valTypeName(p.type)})`);
  const rs = results.length ? [`(result ${results.map(valTypeName).join(' ')})`] : [];
  return [...ps, ...rs].join(' ');
}

/** `[i32 i32] -> [i32]` */
export function arrowText(params: ValType[], results: ValType[]): string {
  return `[${params.map(valTypeName).join(' ')}] -> [${results.map(valTypeName).join(' ')}]`;
}

export function funcLabel(mod: Module, f: Func): string {
  const sig = signatureText(funcParams(mod, f), funcResults(mod, f));
  return `(func${f.id ? ' ' + f.id.name : ''}${sig ? ' ' + sig : ''})`;
}

/** All locals of a function in index order: parameters then `(local ...)`s. */
export function funcLocals(mod: Module, f: Func): (NamedType & { param: boolean; start: number; end: number })[] {
  const out: (NamedType & { param: boolean; start: number; end: number })[] = [];
  const ps = funcParams(mod, f);
  ps.forEach((p, i) => {
    const src = f.type.params[i];
    out.push({ ...p, param: true, start: src?.id?.start ?? src?.start ?? f.start, end: src?.id?.end ?? src?.end ?? f.start });
  });
  for (const l of f.locals) out.push({ name: l.id?.name, type: l.type, param: false, start: l.id?.start ?? l.start, end: l.id?.end ?? l.end });
  return out;
}

export function globalTypeText(g: Global): string {
  return g.mutable ? `(mut ${valTypeName(g.type)})` : valTypeName(g.type);
}

/** One-line code for a definition, e.g. `(local $i i32)` or `(global $N (mut i32))`. */
export function defText(mod: Module, d: SymbolDef): string {
  const name = d.name ?? String(d.index);
  switch (d.kind) {
    case 'func': {
      const f = mod.funcs[d.index];
      return f ? funcLabel(mod, f) : `(func ${name})`;
    }
    case 'local': {
      const f = d.funcIndex !== undefined ? mod.funcs[d.funcIndex] : undefined;
      const l = f ? funcLocals(mod, f)[d.index] : undefined;
      return l ? `(${l.param ? 'param' : 'local'} ${name} ${valTypeName(l.type)})` : `(local ${name})`;
    }
    case 'global': {
      const g = mod.globals[d.index];
      return g ? `(global ${name} ${globalTypeText(g)})` : `(global ${name})`;
    }
    case 'type': {
      const t = mod.types[d.index];
      if (!t) return `(type ${name})`;
      const sig = signatureText(t.params.map((p) => ({ name: p.id?.name, type: p.type })), t.results);
      return `(type ${name} (func${sig ? ' ' + sig : ''}))`;
    }
    case 'table': {
      const t = mod.tables[d.index];
      return t ? `(table ${name} ${t.limits.min}${t.limits.max !== undefined ? ' ' + t.limits.max : ''} ${valTypeName(t.refType)})` : `(table ${name})`;
    }
    case 'memory': {
      const m = mod.memories[d.index];
      return m ? `(memory ${name} ${m.limits.min}${m.limits.max !== undefined ? ' ' + m.limits.max : ''})` : `(memory ${name})`;
    }
    case 'data': {
      const dd = mod.datas[d.index];
      return dd ? `(data ${name}) ;; ${dd.mode}, ${dd.bytes.length} bytes` : `(data ${name})`;
    }
    case 'elem': {
      const e = mod.elems[d.index];
      return e ? `(elem ${name}) ;; ${e.mode}, ${e.items.length} items` : `(elem ${name})`;
    }
    case 'label':
      return labelText(mod, d);
  }
}

/** `(block $l (result i32))`: found through the block instruction whose label is this one. */
function labelText(mod: Module, d: SymbolDef): string {
  const code = mod.code;
  for (let i = 0; i < code.count; i++) {
    if (OPS[code.op[i]].imm !== Imm.Block) continue;
    const l = code.label(i);
    if (!l || l.start !== d.start) continue;
    const bt = code.bt(i);
    let sig = '';
    if (bt) {
      const ft = bt.inline || bt.params.length || bt.results.length ? { params: bt.params.map((p) => p.type), results: bt.results } : mod.funcTypes[bt.typeIndex];
      if (ft) sig = signatureText(ft.params.map((type) => ({ name: undefined, type })), ft.results);
    }
    return `(${OPS[code.op[i]].name} ${l.name}${sig ? ' ' + sig : ''})`;
  }
  return `(block ${d.name ?? ''})`;
}

export function importText(mod: Module, kind: 'func' | 'table' | 'memory' | 'global', index: number): string | undefined {
  const space = kind === 'func' ? mod.funcs : kind === 'table' ? mod.tables : kind === 'memory' ? mod.memories : mod.globals;
  const it = space[index];
  return it?.import ? `imported from "${it.import.moduleText}" "${it.import.nameText}"` : undefined;
}

export function exportNames(mod: Module, kind: 'func' | 'table' | 'memory' | 'global', index: number): string[] {
  const k = ['func', 'table', 'memory', 'global'].indexOf(kind);
  return mod.exports.filter((e) => e.externKind === k && e.ref.index === index).map((e) => e.text);
}
