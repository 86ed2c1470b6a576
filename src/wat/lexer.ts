// Tokenizer for the WebAssembly text format.
// Tokens live in parallel typed arrays (kind/start/end) instead of objects: a 20k-line module has
// ~200k tokens and this keeps lexing allocation-free. Token text is sliced from the source on demand.

export enum Tok {
  EOF = 0,
  LPAREN = 1,
  RPAREN = 2,
  /** Atom starting with a lowercase letter: keywords, `offset=4`, `nan:0x1`, `inf`... */
  KEYWORD = 3,
  /** `$name` */
  ID = 4,
  STRING = 5,
  /** Any other run of idchars: numbers (`12`, `-0x1p3`, `+inf`) or junk. */
  NUM = 6,
  /** Glued tokens (`"a""b"`, `0$l`) or stray characters: always a syntax error where used. */
  RESERVED = 7,
}

export interface LexError {
  message: string;
  start: number;
  end: number;
}

export interface Tokens {
  count: number;
  kind: Uint8Array;
  /** Keyword id (see keywords.ts) of KEYWORD tokens, 0 if not a known keyword. */
  kw: Int16Array;
  start: Int32Array;
  end: Int32Array;
  /** See parenMatches(). */
  match: Int32Array | undefined;
  errors: LexError[];
}

import { KW_CHARS, KW_ID, KW_LEN, KW_MAX_LEN, KW_OFF, KW_TABLE, kwSlot as kwSlotE } from './keywords';

// Module-local copies: under per-file transpilation, imported bindings are getter calls.
const kwTable = KW_TABLE;
const kwOff = KW_OFF;
const kwLen = KW_LEN;
const kwId = KW_ID;
const kwChars = KW_CHARS;
const kwMaxLen = KW_MAX_LEN;
const kwMask = KW_TABLE.length - 1;
const kwSlot = kwSlotE;

// idchar table (spec 6.3.5): 0-9 A-Z a-z ! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~
const ID_CHAR = new Uint8Array(128);
(() => {
  for (let c = 0x30; c <= 0x39; c++) ID_CHAR[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) ID_CHAR[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) ID_CHAR[c] = 1;
  for (const ch of "!#$%&'*+-./:<=>?@\\^_`|~") ID_CHAR[ch.charCodeAt(0)] = 1;
})();

/** Keyword id of the atom u[s..e) whose running hash is h, 0 if it is not a keyword. */
function lookupKeyword(u: Uint16Array, s: number, e: number, h: number): number {
  const len = e - s;
  if (len > kwMaxLen) return 0;
  for (let slot = kwSlot(h); ; slot = (slot + 1) & kwMask) {
    const k = kwTable[slot];
    if (k === 0) return 0;
    if (kwLen[k] !== len) continue;
    const o = kwOff[k] - s;
    let i = s;
    while (i < e && u[i] === kwChars[o + i]) i++;
    if (i === e) return kwId[k];
  }
}

// The lexer reads UTF-16 units from a typed array rather than with charCodeAt: indexed loads
// from a Uint16Array are cheaper in the hot loops, and a zero sentinel past the end stops every
// scan loop without bounds checks (out-of-bounds reads would also deoptimize). The copy is one
// native call.
let unitsBuf = new Uint16Array(0);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function units(text: string): Uint16Array {
  const n = text.length;
  if (unitsBuf.length < n + 2) unitsBuf = new Uint16Array(n + 2 + (n >> 3));
  const u = unitsBuf;
  if (LITTLE_ENDIAN && typeof Buffer === 'function') Buffer.from(u.buffer, u.byteOffset, 2 * n).write(text, 0, 'utf16le');
  else for (let i = 0; i < n; i++) u[i] = text.charCodeAt(i);
  u[n] = 0;
  u[n + 1] = 0;
  return u;
}

export function isIdChar(c: number): boolean {
  return c < 128 && ID_CHAR[c] === 1;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** Scans a string starting at the opening quote; returns the offset after the closing quote. */
function scanString(text: string, p: number, errors: LexError[]): number {
  const n = text.length;
  const s = p;
  p++;
  for (;;) {
    if (p >= n) {
      errors.push({ message: 'unterminated string', start: s, end: n });
      return n;
    }
    const c = text.charCodeAt(p);
    if (c === 0x22) return p + 1;
    if (c === 0x0a) {
      errors.push({ message: 'newline in string', start: s, end: p });
      return p;
    }
    if (c === 0x5c) {
      const d = text.charCodeAt(p + 1);
      if (d === 0x74 || d === 0x6e || d === 0x72 || d === 0x22 || d === 0x27 || d === 0x5c) {
        p += 2;
      } else if (d === 0x75) {
        // \u{hex+}
        let q = p + 2;
        let ok = text.charCodeAt(q) === 0x7b;
        let v = 0;
        let digits = 0;
        if (ok) {
          q++;
          while (q < n && (isHex(text.charCodeAt(q)) || (digits > 0 && text.charCodeAt(q) === 0x5f))) {
            const h = text.charCodeAt(q);
            if (h !== 0x5f) {
              v = v * 16 + parseInt(text[q], 16);
              digits++;
            }
            q++;
          }
          ok = digits > 0 && text.charCodeAt(q) === 0x7d && v < 0x110000 && !(v >= 0xd800 && v < 0xe000);
        }
        if (!ok) {
          errors.push({ message: 'malformed unicode escape', start: p, end: Math.min(q + 1, n) });
          p = q;
        } else {
          p = q + 1;
        }
      } else if (isHex(d) && isHex(text.charCodeAt(p + 2))) {
        p += 3;
      } else {
        errors.push({ message: 'illegal escape', start: p, end: Math.min(p + 2, n) });
        p += 2;
      }
    } else {
      if (c < 0x20 || c === 0x7f) {
        errors.push({ message: 'illegal control character in string', start: p, end: p + 1 });
      }
      p++;
    }
  }
}

/** Glued idchars/strings (`$l"a"`, `"a""b"`): one reserved token up to the next delimiter. */
function scanReserved(text: string, q: number, errors: LexError[]): number {
  const n = text.length;
  while (q < n) {
    const d = text.charCodeAt(q);
    if (d === 0x22) q = scanString(text, q, errors);
    else if (d < 128 && ID_CHAR[d] === 1) q++;
    else break;
  }
  return q;
}

interface Bufs {
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  kw: Int16Array;
}

function growBufs(b: Bufs, cap: number): void {
  const k2 = new Uint8Array(cap);
  k2.set(b.kind);
  b.kind = k2;
  const s2 = new Int32Array(cap);
  s2.set(b.start);
  b.start = s2;
  const e2 = new Int32Array(cap);
  e2.set(b.end);
  b.end = e2;
  const w2 = new Int16Array(cap);
  w2.set(b.kw);
  b.kw = w2;
}

export function tokenize(text: string): Tokens {
  const n = text.length;
  // ~1 token per 4 characters in typical code; grow on demand. No closures below: captured
  // variables would live in a heap context and slow the loop down.
  let cap = Math.max(64, (n >> 2) + (n >> 4));
  let kind: Uint8Array;
  let start: Int32Array;
  let end: Int32Array;
  let kw: Int16Array;
  if (spare && spare.kind.length >= cap) {
    ({ kind, start, end, kw } = spare);
    cap = kind.length;
    spare = undefined;
  } else {
    kind = new Uint8Array(cap);
    start = new Int32Array(cap);
    end = new Int32Array(cap);
    kw = new Int16Array(cap);
  }
  let count = 0;
  const errors: LexError[] = [];
  const idc = ID_CHAR;
  const u = units(text);

  let p = 0;
  while (p < n) {
    let c = u[p];
    if (c <= 0x20 && (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d)) {
      // Tight loop over runs of whitespace (indentation).
      do c = u[++p];
      while (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d);
      continue;
    }
    if (count + 1 >= cap) {
      const b: Bufs = { kind, start, end, kw };
      cap *= 2;
      growBufs(b, cap);
      ({ kind, start, end, kw } = b);
    }
    if (c === 0x28) {
      // '(' or block comment '(;'
      if (u[p + 1] === 0x3b) {
        const s = p;
        let depth = 1;
        p += 2;
        while (p < n && depth > 0) {
          const d = u[p];
          if (d === 0x28 && u[p + 1] === 0x3b) {
            depth++;
            p += 2;
          } else if (d === 0x3b && u[p + 1] === 0x29) {
            depth--;
            p += 2;
          } else p++;
        }
        if (depth > 0) errors.push({ message: 'unterminated block comment', start: s, end: n });
        continue;
      }
      kind[count] = Tok.LPAREN;
      start[count] = p;
      end[count] = ++p;
      kw[count++] = 0;
      continue;
    }
    if (c === 0x29) {
      kind[count] = Tok.RPAREN;
      start[count] = p;
      end[count] = ++p;
      kw[count++] = 0;
      continue;
    }
    if (c === 0x3b && u[p + 1] === 0x3b) {
      // line comment: ends at LF or CR (spec newline ::= LF | CR | CR LF)
      p += 2;
      while (p < n) {
        const d = u[p];
        if (d === 0x0a || d === 0x0d) break;
        p++;
      }
      continue;
    }
    if (c < 128 && idc[c] === 1) {
      // Atom: a run of idchars. Atoms starting with a lowercase letter are looked up as keywords.
      const s = p;
      let h = 0;
      if (c >= 0x61 && c <= 0x7a) {
        // Hash as we go (same step as keywords.ts) for the keyword lookup below.
        do {
          h = (Math.imul(h, 31) + c) | 0;
          c = u[++p];
        } while (c < 128 && idc[c] === 1);
      } else {
        do c = u[++p];
        while (c < 128 && idc[c] === 1);
      }
      if (p < n && c === 0x22) {
        p = scanReserved(text, s, errors);
        kind[count] = Tok.RESERVED;
        start[count] = s;
        end[count] = p;
        kw[count++] = 0;
        continue;
      }
      const c0 = u[s];
      let k: number = Tok.NUM;
      let id = 0;
      if (c0 >= 0x61 && c0 <= 0x7a) {
        k = Tok.KEYWORD;
        id = lookupKeyword(u, s, p, h);
      } else if (c0 === 0x24) {
        k = p - s > 1 ? Tok.ID : Tok.RESERVED;
      }
      kind[count] = k;
      start[count] = s;
      end[count] = p;
      kw[count] = id;
      count++;
      continue;
    }
    if (c === 0x22) {
      const s = p;
      p = scanString(text, p, errors);
      let k: number = Tok.STRING;
      if (p < n) {
        const d = u[p];
        if (d === 0x22 || (d < 128 && idc[d] === 1)) {
          p = scanReserved(text, s, errors);
          k = Tok.RESERVED;
        }
      }
      kind[count] = k;
      start[count] = s;
      end[count] = p;
      kw[count++] = 0;
      continue;
    }
    // Any other character: a one-character reserved token (the parser reports it in context).
    let q = p + 1;
    if (c >= 0xd800 && c < 0xdc00 && q < n) q++;
    kind[count] = Tok.RESERVED;
    start[count] = p;
    end[count] = q;
    kw[count++] = 0;
    p = q;
  }
  kind[count] = Tok.EOF;
  start[count] = n;
  end[count] = n;
  kw[count++] = 0;

  return { count, kind, kw, start, end, match: undefined, errors };
}

/** Index of the matching paren of every paren token (-1 if unbalanced); computed on first use. */
export function parenMatches(t: Tokens): Int32Array {
  if (t.match) return t.match;
  const match = new Int32Array(t.count).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < t.count; i++) {
    const k = t.kind[i];
    if (k === Tok.LPAREN) stack.push(i);
    else if (k === Tok.RPAREN && stack.length) {
      const o = stack.pop()!;
      match[o] = i;
      match[i] = o;
    }
  }
  t.match = match;
  return match;
}

/**
 * Gives the token arrays back for reuse by the next tokenize() (large typed arrays are costly to
 * allocate and collect). Only call when nothing references `t` any more.
 */
export function releaseTokens(t: Tokens): void {
  if (!spare || spare.kind.length < t.kind.length) spare = { kind: t.kind, start: t.start, end: t.end, kw: t.kw };
}

let spare: Bufs | undefined;
