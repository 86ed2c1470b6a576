// Folding: every s-expression spanning lines, flat block/loop/if ... end, block comments and
// runs of line comments. Only one range per start line (the outermost), as editors expect.

import type { FoldingRange } from 'vscode-languageserver';
import { FoldingRangeKind } from 'vscode-languageserver';
import { WatDocument } from './document';
import { T, prevSignificant, tokenText } from './scan';

export function foldingRanges(doc: WatDocument): FoldingRange[] {
  const s = doc.tokens;
  const lines = doc.lines;
  const byStart = new Map<number, FoldingRange>();
  const add = (a: number, b: number, kind?: FoldingRangeKind): void => {
    if (b <= a) return;
    const old = byStart.get(a);
    if (!old || old.endLine < b) byStart.set(a, { startLine: a, endLine: b, kind });
  };
  // A closer alone at the start of its line stays visible (the fold ends on the line above).
  const text = doc.text;
  const closerLine = (offset: number): number => {
    const l = lines.lineAt(offset);
    for (let p = offset - 1; p >= lines.lineStarts[l]; p--) if (text.charCodeAt(p) !== 0x20 && text.charCodeAt(p) !== 0x09) return l;
    return l - 1;
  };
  const flat: number[] = [];
  let commentRun = -1;
  let commentEnd = -1;
  const starts = lines.lineStarts;
  let line = 0;
  for (let i = 0; i < s.count; i++) {
    const k = s.kind[i];
    // Tokens come in order: move the line cursor forward instead of searching.
    while (line + 1 < starts.length && starts[line + 1] <= s.start[i]) line++;
    if (k === T.LineComment) {
      if (commentRun >= 0 && line === commentEnd + 1) commentEnd = line;
      else {
        if (commentRun >= 0) add(commentRun, commentEnd, FoldingRangeKind.Comment);
        commentRun = commentEnd = line;
      }
      continue;
    }
    if (k === T.LParen && s.match[i] >= 0) add(line, closerLine(s.start[s.match[i]]));
    else if (k === T.BlockComment) add(line, lines.lineAt(s.end[i] - 1), FoldingRangeKind.Comment);
    else if (k === T.Atom) {
      const p = prevSignificant(s, i);
      if (p >= 0 && s.kind[p] === T.LParen) continue;
      const len = s.end[i] - s.start[i];
      if (len < 2 || len > 5) continue; // block loop if end
      const w = tokenText(s, i);
      if (w === 'block' || w === 'loop' || w === 'if') flat.push(line);
      else if (w === 'end' && flat.length) add(flat.pop()!, closerLine(s.start[i]));
    }
  }
  if (commentRun >= 0) add(commentRun, commentEnd, FoldingRangeKind.Comment);
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}
