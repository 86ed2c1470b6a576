// Rename of a `$name`: the definition and every named reference (numeric references keep
// pointing at the same index). Rejects invalid identifiers and names already taken in the same
// index space, which would change what other references resolve to.

import type { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { Module, Position, SymbolDef } from '../wat';
import { isIdChar } from '../wat/lexer';
import { Imm, OPS } from '../wat/opcodes';
import { symbolAt } from './definition';
import { WatDocument } from './document';

export class RenameError extends Error {}

export function prepareRename(doc: WatDocument, pos: Position): { range: Range; placeholder: string } {
  const hit = symbolAt(doc, pos);
  if (!hit) throw new RenameError('Nothing to rename here: place the cursor on a $name.');
  const text = doc.text.slice(hit.start, hit.end);
  if (!hit.def.name || !text.startsWith('$')) throw new RenameError('Only $names can be renamed (this one is referred to by index).');
  return { range: doc.range(hit.start, hit.end), placeholder: text };
}

/** `$name` with at least one idchar after the `$` (a bare word gets the `$` added). */
export function normalizeName(newName: string): string {
  const n = newName.trim().startsWith('$') ? newName.trim() : `$${newName.trim()}`;
  if (n.length < 2) throw new RenameError('A name needs at least one character after "$".');
  for (let i = 1; i < n.length; i++) {
    if (!isIdChar(n.charCodeAt(i))) throw new RenameError(`"${n}" is not a valid WebAssembly identifier: "${n[i]}" is not allowed.`);
  }
  return n;
}

export function rename(doc: WatDocument, pos: Position, newName: string): WorkspaceEdit {
  prepareRename(doc, pos);
  const def = symbolAt(doc, pos)!.def;
  const name = normalizeName(newName);
  if (name === def.name) return { changes: { [doc.uri]: [] } };
  const clash = doc.symbols.defs.find((d) => d !== def && d.kind === def.kind && d.name === name && (def.kind !== 'local' || d.funcIndex === def.funcIndex));
  if (clash && def.kind !== 'label') throw new RenameError(`${name} is already defined as a ${clash.kind} (line ${doc.positionAt(clash.start).line + 1}).`);
  const spans: { start: number; end: number }[] = [{ start: def.start, end: def.end }];
  for (const r of doc.symbols.referencesTo(def)) if (r.name !== undefined) spans.push(r);
  if (def.kind === 'label') spans.push(...labelRepeats(doc.module, def));
  const seen = new Set<number>();
  const edits: TextEdit[] = [];
  for (const sp of spans) {
    if (seen.has(sp.start)) continue;
    seen.add(sp.start);
    edits.push({ range: doc.range(sp.start, sp.end), newText: name });
  }
  return { changes: { [doc.uri]: edits } };
}

/** `else $l` / `end $l` repeating a block's label (not references, but must match it). */
function labelRepeats(mod: Module, def: SymbolDef): { start: number; end: number }[] {
  const code = mod.code;
  const out: { start: number; end: number }[] = [];
  for (let i = 0; i < code.count; i++) {
    if (OPS[code.op[i]].imm !== Imm.Block || code.label(i)?.start !== def.start) continue;
    let depth = 0;
    for (let j = i + 1; j < code.count; j++) {
      const imm = OPS[code.op[j]].imm;
      if (imm === Imm.Block) depth++;
      else if (imm === Imm.End || imm === Imm.Else) {
        if (depth === 0) {
          const l = code.label(j);
          if (l && l.name === def.name) out.push(l);
          if (imm === Imm.End) break;
        } else if (imm === Imm.End) depth--;
      }
    }
    break;
  }
  return out;
}
