// Signature help inside a folded call: `(call $f (arg) |` shows $f's parameters with the one
// being written highlighted (operands of a folded call are its child forms, in order).

import type { SignatureHelp } from 'vscode-languageserver';
import { Func, Position, valTypeName } from '../wat';
import { funcParams, funcResults } from './describe';
import { WatDocument } from './document';
import { Scan, T, enclosingParen, nextSignificant, tokenBefore, tokenText } from './scan';

export function signatureHelp(doc: WatDocument, pos: Position): SignatureHelp | null {
  if (doc.isScript) return null;
  const offset = doc.offsetAt(pos);
  const s = doc.tokens;
  const call = enclosingCall(s, offset);
  if (!call) return null;
  const f = calleeOf(doc, call.callee);
  if (!f) return null;
  const mod = doc.module;
  const params = funcParams(mod, f);
  const results = funcResults(mod, f);
  let label = `${f.id?.name ?? 'func'}(`;
  const parameters: { label: [number, number] }[] = [];
  params.forEach((p, i) => {
    const t = `${p.name ? p.name + ' ' : ''}${valTypeName(p.type)}`;
    parameters.push({ label: [label.length, label.length + t.length] });
    label += t + (i < params.length - 1 ? ', ' : '');
  });
  label += `) -> [${results.map(valTypeName).join(' ')}]`;
  const active = operandIndex(s, call.callee, offset);
  return { signatures: [{ label, parameters }], activeSignature: 0, activeParameter: Math.min(active, Math.max(0, params.length - 1)) };
}

/** The innermost `(call x` form containing the cursor, if its callee token is already written. */
function enclosingCall(s: Scan, offset: number): { lparen: number; callee: number } | undefined {
  let i = tokenBefore(s, offset - 1) + 1;
  for (;;) {
    const p = enclosingParen(s, i);
    if (p < 0) return undefined;
    if (s.match[p] >= 0 && s.start[s.match[p]] < offset) {
      i = p;
      continue;
    }
    const h = nextSignificant(s, p);
    if (h < 0 || s.kind[h] !== T.Atom) return undefined;
    const head = tokenText(s, h);
    if (head === 'call' || head === 'return_call') {
      const c = nextSignificant(s, h);
      return c >= 0 && s.kind[c] === T.Atom && s.end[c] <= offset ? { lparen: p, callee: c } : undefined;
    }
    // Inside an operand form: the call's signature still helps (which argument this is).
    i = p;
  }
}

function calleeOf(doc: WatDocument, tok: number): Func | undefined {
  const hit = doc.symbols.at(doc.tokens.start[tok]);
  return hit && hit.def.kind === 'func' ? doc.module.funcs[hit.def.index] : undefined;
}

/** Number of operand forms completed before the cursor (the one containing it counts as current). */
function operandIndex(s: Scan, callee: number, offset: number): number {
  let n = 0;
  for (let j = callee + 1; j < s.count && s.start[j] < offset; j++) {
    if (s.kind[j] === T.RParen) break; // the call's own closing paren
    if (s.kind[j] !== T.LParen) continue;
    const m = s.match[j];
    if (m < 0 || s.start[m] >= offset) return n; // the cursor is inside this operand
    n++;
    j = m;
  }
  return n;
}
