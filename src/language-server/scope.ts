// What is in scope at an offset, read from tokens so it works while the code is half typed:
// the enclosing function's forms and the labels of the blocks around the cursor.

import { Scan, T, enclosingParen, headOf, isComment, nextSignificant, prevSignificant, tokenBefore, tokenText } from './scan';

export interface LabelInScope {
  /** `$name`, or undefined for an unnamed block (still counts for depth). */
  name: string | undefined;
  kind: string;
  /** Relative depth: 0 = innermost. */
  depth: number;
}

const BLOCKS = new Set(['block', 'loop', 'if']);

/** The `(` of the innermost `(func` form around `offset`, or -1. */
export function enclosingFunc(s: Scan, offset: number): number {
  let i = tokenBefore(s, offset - 1) + 1;
  for (;;) {
    const p = enclosingParen(s, i);
    if (p < 0) return -1;
    // A form closed before the cursor does not contain it.
    if (s.match[p] >= 0 && s.start[s.match[p]] < offset) {
      i = p;
      continue;
    }
    if (headOf(s, p) === 'func') return p;
    i = p;
  }
}

/** Labels of the blocks (folded or flat) that contain `offset`, innermost first. */
export function labelsAt(s: Scan, offset: number): LabelInScope[] {
  const f = enclosingFunc(s, offset);
  if (f < 0) return [];
  interface Frame {
    paren: boolean;
    block: string | undefined;
    label: string | undefined;
  }
  const stack: Frame[] = [];
  const labelAfter = (i: number): string | undefined => {
    const n = nextSignificant(s, i);
    return n >= 0 && s.kind[n] === T.Atom && s.text.charCodeAt(s.start[n]) === 0x24 ? tokenText(s, n) : undefined;
  };
  for (let i = f + 1; i < s.count && s.end[i] <= offset; i++) {
    const k = s.kind[i];
    if (isComment(s, i)) continue;
    if (k === T.LParen) {
      const h = nextSignificant(s, i);
      const head = h >= 0 && s.kind[h] === T.Atom ? tokenText(s, h) : '';
      stack.push(BLOCKS.has(head) ? { paren: true, block: head, label: labelAfter(h) } : { paren: true, block: undefined, label: undefined });
    } else if (k === T.RParen) {
      while (stack.length && !stack.pop()!.paren);
    } else if (k === T.Atom) {
      const p = prevSignificant(s, i);
      if (p >= 0 && s.kind[p] === T.LParen) continue;
      const w = tokenText(s, i);
      if (BLOCKS.has(w)) stack.push({ paren: false, block: w, label: labelAfter(i) });
      else if (w === 'end' && stack.length && !stack[stack.length - 1].paren) stack.pop();
    }
  }
  const out: LabelInScope[] = [];
  for (let j = stack.length - 1; j >= 0; j--) if (stack[j].block) out.push({ name: stack[j].label, kind: stack[j].block!, depth: out.length });
  return out;
}
