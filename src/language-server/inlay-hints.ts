// Inlay hints: parameter names before the operands of a folded `(call $f ...)`, and the `$name`
// of an index written as a number (`local.get 0` shows `$n`).

import type { InlayHint, Range } from 'vscode-languageserver';
import { InlayHintKind } from 'vscode-languageserver';
import { funcParams } from './describe';
import { WatDocument } from './document';
import { T, nextSignificant, tokenText } from './scan';

export function inlayHints(doc: WatDocument, range?: Range): InlayHint[] {
  if (doc.isScript) return [];
  const a = range ? doc.offsetAt(range.start) : 0;
  const b = range ? doc.offsetAt(range.end) : doc.text.length;
  const out: InlayHint[] = [];
  const s = doc.tokens;
  const mod = doc.module;
  for (const r of doc.symbols.refs) {
    if (r.start < a || r.end > b || r.name !== undefined || !r.def?.name) continue;
    out.push({ position: doc.positionAt(r.end), label: r.def.name, kind: InlayHintKind.Type, paddingLeft: true });
  }
  for (let i = 0; i < s.count; i++) {
    if (s.kind[i] !== T.LParen || s.start[i] < a || s.start[i] > b) continue;
    const h = nextSignificant(s, i);
    if (h < 0 || s.kind[h] !== T.Atom || tokenText(s, h) !== 'call') continue;
    const c = nextSignificant(s, h);
    if (c < 0) continue;
    const hit = doc.symbols.at(s.start[c]);
    const f = hit && hit.def.kind === 'func' ? mod.funcs[hit.def.index] : undefined;
    if (!f) continue;
    const params = funcParams(mod, f);
    let n = 0;
    for (let j = c + 1; j < s.count && n < params.length; j++) {
      if (s.kind[j] === T.RParen) break;
      if (s.kind[j] !== T.LParen) continue;
      const name = params[n++].name;
      if (name && s.start[j] >= a && s.start[j] <= b) out.push({ position: doc.positionAt(s.start[j]), label: `${name.slice(1)}:`, kind: InlayHintKind.Parameter, paddingRight: true });
      if (s.match[j] < 0) break;
      j = s.match[j];
    }
  }
  return out.sort((x, y) => x.position.line - y.position.line || x.position.character - y.position.character);
}
