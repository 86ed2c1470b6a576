// Go to definition, find references and document highlights: all read the toolchain's symbol
// table (every `$name` definition and every index reference, named or numeric).

import type { DocumentHighlight, Location } from 'vscode-languageserver';
import { DocumentHighlightKind } from 'vscode-languageserver';
import { Position, SymbolDef } from '../wat';
import { WatDocument } from './document';

/** The definition under the cursor, or the one the reference under the cursor points to. */
export function symbolAt(doc: WatDocument, pos: Position): { def: SymbolDef; start: number; end: number } | undefined {
  if (doc.isScript) return undefined;
  const offset = doc.offsetAt(pos);
  const hit = doc.symbols.at(offset);
  if (!hit) return undefined;
  const span = hit.ref ?? hit.def;
  return { def: hit.def, start: span.start, end: span.end };
}

export function definition(doc: WatDocument, pos: Position): Location | null {
  const hit = symbolAt(doc, pos);
  if (!hit) return null;
  return { uri: doc.uri, range: doc.range(hit.def.start, hit.def.end) };
}

export function references(doc: WatDocument, pos: Position, includeDeclaration: boolean): Location[] {
  const hit = symbolAt(doc, pos);
  if (!hit) return [];
  const out: Location[] = [];
  // Anonymous definitions have no token of their own (their span is the defining construct).
  if (includeDeclaration && hit.def.name) out.push({ uri: doc.uri, range: doc.range(hit.def.start, hit.def.end) });
  for (const r of doc.symbols.referencesTo(hit.def)) out.push({ uri: doc.uri, range: doc.range(r.start, r.end) });
  return out;
}

export function documentHighlights(doc: WatDocument, pos: Position): DocumentHighlight[] {
  const hit = symbolAt(doc, pos);
  if (!hit) return [];
  const out: DocumentHighlight[] = [];
  if (hit.def.name) out.push({ range: doc.range(hit.def.start, hit.def.end), kind: DocumentHighlightKind.Write });
  for (const r of doc.symbols.referencesTo(hit.def)) out.push({ range: doc.range(r.start, r.end), kind: DocumentHighlightKind.Read });
  return out;
}
