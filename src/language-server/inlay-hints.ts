// Inlay hints: parameter names before the operands of a folded `(call $f ...)`, and the `$name`
// of an index written as a number (`local.get 0` shows `$n`).
//
// A parameter hint hangs on the end of the token before the operand (`(call $fib n: (i32.sub`),
// not on the operand's `(`: VS Code draws its inline breakpoint marker right before the
// instruction, and a hint there ran into it (`n●(`). An operand first on its line keeps the hint
// before its `(` (VS Code puts no inline marker at the start of a line).

import type { InlayHint, Range } from 'vscode-languageserver';
import { InlayHintKind } from 'vscode-languageserver';
import { funcParams } from './describe';
import { WatDocument } from './document';
import { T, nextSignificant, prevSignificant, tokenText } from './scan';

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
      if (name && s.start[j] >= a && s.start[j] <= b) out.push(paramHint(doc, j, `${name.slice(1)}:`));
      if (s.match[j] < 0) break;
      j = s.match[j];
    }
  }
  return out.sort((x, y) => x.position.line - y.position.line || x.position.character - y.position.character);
}

function paramHint(doc: WatDocument, lparen: number, label: string): InlayHint {
  const s = doc.tokens;
  const at = doc.positionAt(s.start[lparen]);
  const p = prevSignificant(s, lparen);
  if (p >= 0 && s.end[p] < s.start[lparen]) {
    const end = doc.positionAt(s.end[p]);
    if (end.line === at.line) return { position: end, label, kind: InlayHintKind.Parameter, paddingLeft: true };
  }
  return { position: at, label, kind: InlayHintKind.Parameter, paddingRight: true };
}
