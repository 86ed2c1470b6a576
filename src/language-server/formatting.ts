// Formatting: only the whitespace between tokens changes, so the token sequence, and therefore
// the assembled module, stays exactly the same. Line breaks are kept (at most one blank line in
// a row); each line is indented two spaces per open form or flat block (block/loop/if ... end)
// counted from the line that opened it; runs of spaces inside a line become one space (except
// before a trailing comment, to keep comments aligned); no space after `(` or before `)`;
// no trailing whitespace; one final newline.

import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
import { WatDocument } from './document';
import { Scan, T, prevSignificant, tokenText } from './scan';

export interface FormatEdit {
  start: number;
  end: number;
  newText: string;
}

/** Offset-based edits (ascending, non-overlapping). */
export function formatEdits(doc: WatDocument, options?: Partial<FormattingOptions>): FormatEdit[] {
  const s = doc.tokens;
  const text = doc.text;
  const unit = options && options.insertSpaces === false ? '\t' : ' '.repeat(2);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: FormatEdit[] = [];
  interface Frame {
    indent: number;
    flat: boolean;
  }
  const stack: Frame[] = [];
  let lineIndent = 0;
  let gapStart = 0;
  for (let i = 0; i < s.count; i++) {
    const k = s.kind[i];
    const st = s.start[i];
    const gap = text.slice(gapStart, st);
    const newlines = countBreaks(gap);
    const flatKw = k === T.Atom && !isAfterParen(s, i) ? tokenText(s, i) : '';
    let replacement: string;
    if (newlines > 0 || i === 0) {
      let indent: number;
      if (k === T.RParen) {
        let j = stack.length - 1;
        while (j > 0 && stack[j].flat) j--;
        indent = j >= 0 ? stack[j].indent : 0;
      } else if ((flatKw === 'end' || flatKw === 'else') && stack.length && stack[stack.length - 1].flat) {
        indent = stack[stack.length - 1].indent;
      } else indent = stack.length ? stack[stack.length - 1].indent + 1 : 0;
      lineIndent = indent;
      replacement = i === 0 ? '' : eol.repeat(Math.min(newlines, 2)) + unit.repeat(indent);
    } else if (gap.length === 0) {
      replacement = '';
    } else if (k === T.LineComment) {
      replacement = gap;
    } else if (k === T.RParen || (s.kind[i - 1] === T.LParen && text.charCodeAt(st) !== 0x3b)) {
      // `( func` -> `(func`, but never `( ;x` -> `(;x` (that would open a block comment).
      replacement = '';
    } else replacement = ' ';
    if (replacement !== gap) edits.push({ start: gapStart, end: st, newText: replacement });
    // Structure after this token.
    if (k === T.LParen) stack.push({ indent: lineIndent, flat: false });
    else if (k === T.RParen) {
      while (stack.length && stack.pop()!.flat);
    } else if (flatKw === 'block' || flatKw === 'loop' || flatKw === 'if') stack.push({ indent: lineIndent, flat: true });
    else if (flatKw === 'end' && stack.length && stack[stack.length - 1].flat) stack.pop();
    gapStart = s.end[i];
    // Trailing spaces of a line comment belong to the gap after it (they are trimmed).
    if (k === T.LineComment) while (gapStart > st + 2 && (text.charCodeAt(gapStart - 1) === 0x20 || text.charCodeAt(gapStart - 1) === 0x09)) gapStart--;
  }
  const tail = text.slice(gapStart);
  // An unterminated block comment runs to the end: a newline added there would be inside it.
  const last = s.count - 1;
  const open = last >= 0 && s.kind[last] === T.BlockComment && !text.endsWith(';)', s.end[last]);
  const want = s.count && !open ? eol : tail;
  if (tail !== want) edits.push({ start: gapStart, end: text.length, newText: want });
  return edits;
}

function isAfterParen(s: Scan, i: number): boolean {
  const p = prevSignificant(s, i);
  return p >= 0 && s.kind[p] === T.LParen;
}

function countBreaks(gap: string): number {
  let n = 0;
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charCodeAt(i);
    if (c === 0x0a) n++;
    else if (c === 0x0d && gap.charCodeAt(i + 1) !== 0x0a) n++;
  }
  return n;
}

/** LSP edits for the whole document, or only those inside `range`. */
export function formatting(doc: WatDocument, options?: Partial<FormattingOptions>, range?: Range): TextEdit[] {
  let edits = formatEdits(doc, options);
  if (range) {
    const a = doc.offsetAt(range.start);
    const b = doc.offsetAt(range.end);
    edits = edits.filter((e) => e.start >= a && e.end <= b);
  }
  return edits.map((e) => ({ range: doc.range(e.start, e.end), newText: e.newText }));
}

/** The formatted text (for tests and tools). */
export function formatText(doc: WatDocument, options?: Partial<FormattingOptions>): string {
  const edits = formatEdits(doc, options);
  let out = '';
  let p = 0;
  for (const e of edits) {
    out += doc.text.slice(p, e.start) + e.newText;
    p = e.end;
  }
  return out + doc.text.slice(p);
}
