// Quick fixes for unknown names: declare the missing local (in the enclosing function), global
// or function. The type is a guess (i32); the action's title shows exactly what gets inserted.

import type { CodeAction, Range } from 'vscode-languageserver';
import { CodeActionKind, DiagnosticSeverity } from 'vscode-languageserver';
import { WatDocument } from './document';
import { T, headOf, nextSignificant, tokenBefore } from './scan';

const UNKNOWN = /^unknown (local|global|function) (\$\S+)$/;

export function codeActions(doc: WatDocument, range: Range): CodeAction[] {
  if (doc.isScript) return [];
  const a = doc.offsetAt(range.start);
  const b = doc.offsetAt(range.end);
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of doc.diagnostics) {
    const m = UNKNOWN.exec(d.message);
    if (!m) continue;
    const ds = doc.offsetAt(d.range.start);
    const de = doc.offsetAt(d.range.end);
    if (de < a || ds > b) continue;
    const [, what, name] = m;
    const key = `${what} ${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const insert = what === 'local' ? localInsertion(doc, ds, name) : fieldInsertion(doc, what === 'global' ? `(global ${name} (mut i32) (i32.const 0))` : `(func ${name})`);
    if (!insert) continue;
    const diag = { range: d.range, message: d.message, severity: DiagnosticSeverity.Error, code: d.code, source: 'wat' };
    out.push({
      title: `Declare ${insert.text.trim()}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diag],
      isPreferred: true,
      edit: { changes: { [doc.uri]: [{ range: doc.range(insert.at, insert.at), newText: insert.text }] } },
    });
  }
  return out;
}

/** After the function's last param/result/local (or its name), ` (local $x i32)`. */
function localInsertion(doc: WatDocument, offset: number, name: string): { at: number; text: string } | undefined {
  const f = doc.funcAt(offset);
  if (!f) return undefined;
  const s = doc.tokens;
  const open = tokenBefore(s, f.func.start);
  if (open < 0 || s.kind[open] !== T.LParen) return undefined;
  let at = f.func.id ? f.func.id.end : f.func.keyword.end;
  for (let j = nextSignificant(s, open); j >= 0 && j < s.count && s.start[j] < f.func.end; j = nextSignificant(s, j)) {
    if (s.kind[j] === T.RParen) break;
    if (s.kind[j] !== T.LParen) continue;
    if (!['param', 'result', 'local', 'export', 'import', 'type'].includes(headOf(s, j))) break;
    if (s.match[j] < 0) break;
    at = s.end[s.match[j]];
    j = s.match[j];
  }
  return { at, text: ` (local ${name} i32)` };
}

/** Before the module's closing paren (or at the end of a module written without `(module`). */
function fieldInsertion(doc: WatDocument, field: string): { at: number; text: string } {
  const s = doc.tokens;
  let first = 0;
  while (first < s.count && (s.kind[first] === T.LineComment || s.kind[first] === T.BlockComment)) first++;
  if (first < s.count && s.kind[first] === T.LParen && headOf(s, first) === 'module' && s.match[first] >= 0) {
    return { at: s.start[s.match[first]], text: `\n  ${field}` };
  }
  return { at: doc.text.length, text: `${doc.text.endsWith('\n') ? '' : '\n'}${field}\n` };
}
