// Lossless token scan for the editor features that need what the parser drops: comments (folding,
// formatting), exact token boundaries (completion context, semantic tokens) and paren matching
// that survives broken code. Tokens live in typed arrays: a 10k-line file has ~100k of them.

import { isIdChar } from '../wat/lexer';

export enum T {
  LParen = 1,
  RParen,
  /** Run of idchars: keyword, `$name`, number, `offset=4`... (see atomKind) */
  Atom,
  String,
  LineComment,
  BlockComment,
  /** A character that starts no token (the parser reports it). */
  Other,
}

export interface Scan {
  text: string;
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  /** Matching paren token index, -1 when unbalanced or not a paren. */
  match: Int32Array;
}

export function scan(text: string): Scan {
  const n = text.length;
  let cap = Math.max(64, n >> 2);
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let count = 0;
  const push = (k: T, s: number, e: number): void => {
    if (count === cap) {
      cap *= 2;
      const k2 = new Uint8Array(cap);
      k2.set(kind);
      kind = k2;
      const s2 = new Int32Array(cap);
      s2.set(start);
      start = s2;
      const e2 = new Int32Array(cap);
      e2.set(end);
      end = e2;
    }
    kind[count] = k;
    start[count] = s;
    end[count++] = e;
  };
  let p = 0;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) {
      p++;
      continue;
    }
    const s = p;
    if (c === 0x28 && text.charCodeAt(p + 1) === 0x3b) {
      // (; nested block comment ;)
      let depth = 1;
      p += 2;
      while (p < n && depth > 0) {
        const d = text.charCodeAt(p);
        if (d === 0x28 && text.charCodeAt(p + 1) === 0x3b) (depth++, (p += 2));
        else if (d === 0x3b && text.charCodeAt(p + 1) === 0x29) (depth--, (p += 2));
        else p++;
      }
      push(T.BlockComment, s, p);
    } else if (c === 0x28) push(T.LParen, s, ++p);
    else if (c === 0x29) push(T.RParen, s, ++p);
    else if (c === 0x3b && text.charCodeAt(p + 1) === 0x3b) {
      while (p < n && text.charCodeAt(p) !== 0x0a && text.charCodeAt(p) !== 0x0d) p++;
      push(T.LineComment, s, p);
    } else if (c === 0x22) {
      // Ends at the closing quote or (unterminated, as the lexer does) before a line break.
      p++;
      while (p < n) {
        const d = text.charCodeAt(p);
        if (d === 0x22) {
          p++;
          break;
        }
        if (d === 0x0a || d === 0x0d) break;
        p += d === 0x5c ? 2 : 1;
      }
      push(T.String, s, Math.min(p, n));
    } else if (isIdChar(c)) {
      do p++;
      while (p < n && isIdChar(text.charCodeAt(p)));
      push(T.Atom, s, p);
    } else {
      p += c >= 0xd800 && c < 0xdc00 && p + 1 < n ? 2 : 1;
      push(T.Other, s, p);
    }
  }
  const match = new Int32Array(count).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < count; i++) {
    if (kind[i] === T.LParen) stack.push(i);
    else if (kind[i] === T.RParen && stack.length) {
      const o = stack.pop()!;
      match[o] = i;
      match[i] = o;
    }
  }
  return { text, count, kind, start, end, match };
}

export function tokenText(s: Scan, i: number): string {
  return s.text.slice(s.start[i], s.end[i]);
}

/** Index of the last token starting at or before `offset` (-1 if none). */
export function tokenBefore(s: Scan, offset: number): number {
  let lo = 0;
  let hi = s.count - 1;
  let r = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s.start[mid] <= offset) (r = mid), (lo = mid + 1);
    else hi = mid - 1;
  }
  return r;
}

/** Token containing `offset` (end inclusive, so a cursor right after a word finds it), or -1. */
export function tokenAt(s: Scan, offset: number): number {
  const i = tokenBefore(s, offset);
  if (i >= 0 && offset <= s.end[i]) {
    // Between `)` and `$x` at `)|$x`: prefer the token that starts here.
    if (offset === s.end[i] && i + 1 < s.count && s.start[i + 1] === offset) return i + 1;
    return i;
  }
  return -1;
}

export function isComment(s: Scan, i: number): boolean {
  return s.kind[i] === T.LineComment || s.kind[i] === T.BlockComment;
}

/** Previous token that is not a comment (-1 if none). */
export function prevSignificant(s: Scan, i: number): number {
  for (i--; i >= 0; i--) if (!isComment(s, i)) return i;
  return -1;
}

export function nextSignificant(s: Scan, i: number): number {
  for (i++; i < s.count; i++) if (!isComment(s, i)) return i;
  return -1;
}

/** The `(` of the innermost form containing token i (not counting i itself), -1 at top level. */
export function enclosingParen(s: Scan, i: number): number {
  for (let j = i - 1; j >= 0; j--) {
    const k = s.kind[j];
    if (k === T.RParen && s.match[j] >= 0) j = s.match[j];
    else if (k === T.LParen) return j;
  }
  return -1;
}

/** Keyword right after an `(` (the form's head), or '' if none. */
export function headOf(s: Scan, lparen: number): string {
  const h = nextSignificant(s, lparen);
  return h >= 0 && s.kind[h] === T.Atom ? tokenText(s, h) : '';
}
