// Outline: one symbol per module field in source order; functions list their parameters and
// locals as children.

import type { DocumentSymbol } from 'vscode-languageserver';
import { SymbolKind } from 'vscode-languageserver';
import { Field, Module, valTypeName } from '../wat';
import { funcLabel, funcLocals, globalTypeText } from './describe';
import { WatDocument } from './document';

export function documentSymbols(doc: WatDocument): DocumentSymbol[] {
  if (doc.isScript) return [];
  const mod = doc.module;
  const out: DocumentSymbol[] = [];
  const index = new Map<Field, number>();
  for (const space of [mod.funcs, mod.tables, mod.memories, mod.globals, mod.types, mod.elems, mod.datas] as Field[][]) {
    space.forEach((f, i) => index.set(f, i));
  }
  for (const f of mod.fields) {
    const sym = fieldSymbol(doc, mod, f, index.get(f) ?? 0);
    if (sym) out.push(sym);
  }
  return out;
}

function fieldSymbol(doc: WatDocument, mod: Module, f: Field, i: number): DocumentSymbol | undefined {
  const range = doc.range(f.start, Math.max(f.start, f.end));
  const sel = (sp: { start: number; end: number } | undefined): DocumentSymbol['selectionRange'] => {
    // The selection range must lie inside the range (LSP); fall back to the field's start.
    const s = sp && sp.start >= f.start && sp.end <= f.end ? sp : { start: f.start, end: f.start };
    return doc.range(s.start, s.end);
  };
  const exportsOf = (ex: { text: string }[]): string => (ex.length ? ` export ${ex.map((e) => `"${e.text}"`).join(' ')}` : '');
  const imp = (x: { import?: { moduleText: string; nameText: string } }): string => (x.import ? ` import "${x.import.moduleText}" "${x.import.nameText}"` : '');
  switch (f.kind) {
    case 'func': {
      const children: DocumentSymbol[] = funcLocals(mod, f)
        .filter((l) => l.name)
        .map((l) => {
          const r = doc.range(l.start, l.end);
          return { name: l.name!, detail: `${l.param ? 'param' : 'local'} ${valTypeName(l.type)}`, kind: SymbolKind.Variable, range: r, selectionRange: r };
        })
        .filter((c) => inside(c.range, range));
      return {
        name: f.id?.name ?? `func ${i}`,
        detail: (funcLabel(mod, f).replace(/^\(func( \$\S+)? ?|\)$/g, '') + exportsOf(f.exports) + imp(f)).trim(),
        kind: SymbolKind.Function,
        range,
        selectionRange: sel(f.id ?? f.keyword),
        children,
      };
    }
    case 'global':
      return { name: f.id?.name ?? `global ${i}`, detail: globalTypeText(f) + exportsOf(f.exports) + imp(f), kind: f.mutable ? SymbolKind.Variable : SymbolKind.Constant, range, selectionRange: sel(f.id ?? f.keyword) };
    case 'memory':
      return { name: f.id?.name ?? `memory ${i}`, detail: `${f.limits.min}${f.limits.max !== undefined ? ' ' + f.limits.max : ''} pages` + exportsOf(f.exports) + imp(f), kind: SymbolKind.Array, range, selectionRange: sel(f.id ?? f.keyword) };
    case 'table':
      return { name: f.id?.name ?? `table ${i}`, detail: `${valTypeName(f.refType)} ${f.limits.min}${f.limits.max !== undefined ? ' ' + f.limits.max : ''}` + exportsOf(f.exports) + imp(f), kind: SymbolKind.Array, range, selectionRange: sel(f.id ?? f.keyword) };
    case 'type':
      return { name: f.id?.name ?? `type ${i}`, detail: 'func type', kind: SymbolKind.Interface, range, selectionRange: sel(f.id) };
    case 'export':
      return { name: `"${f.text}"`, detail: `export ${['func', 'table', 'memory', 'global'][f.externKind]} ${doc.text.slice(f.ref.start, f.ref.end)}`, kind: SymbolKind.Event, range, selectionRange: sel(undefined) };
    case 'start':
      return { name: 'start', detail: doc.text.slice(f.ref.start, f.ref.end), kind: SymbolKind.Event, range, selectionRange: sel(f.ref) };
    case 'elem':
      return { name: f.id?.name ?? `elem ${i}`, detail: `${f.mode}, ${f.items.length} items`, kind: SymbolKind.Array, range, selectionRange: sel(f.id ?? f.keyword) };
    case 'data':
      return { name: f.id?.name ?? `data ${i}`, detail: `${f.mode}, ${f.bytes.length} bytes`, kind: SymbolKind.Constant, range, selectionRange: sel(f.id ?? f.keyword) };
  }
  return undefined;
}

function inside(a: DocumentSymbol['range'], b: DocumentSymbol['range']): boolean {
  const le = (p: { line: number; character: number }, q: { line: number; character: number }): boolean => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return le(b.start, a.start) && le(a.end, b.end);
}
