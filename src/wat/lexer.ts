// Tokenizer for the WebAssembly text format.
// Tokens live in parallel typed arrays (kind/start/end) instead of objects: a 20k-line module has
// ~200k tokens and this keeps lexing allocation-free. Token text is sliced from the source on demand.

export const enum Tok {
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
  start: Int32Array;
  end: Int32Array;
  /** Index of the matching paren for LPAREN/RPAREN tokens (-1 if unbalanced); used for error recovery. */
  match: Int32Array;
  errors: LexError[];
}

// idchar table (spec 6.3.5): 0-9 A-Z a-z ! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~
const ID_CHAR = new Uint8Array(128);
(() => {
  for (let c = 0x30; c <= 0x39; c++) ID_CHAR[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) ID_CHAR[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) ID_CHAR[c] = 1;
  for (const ch of "!#$%&'*+-./:<=>?@\\^_`|~") ID_CHAR[ch.charCodeAt(0)] = 1;
})();

export function isIdChar(c: number): boolean {
  return c < 128 && ID_CHAR[c] === 1;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

export function tokenize(text: string): Tokens {
  const n = text.length;
  let cap = Math.max(64, n >> 2);
  let kind = new Uint8Array(cap);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let count = 0;
  const errors: LexError[] = [];

  const push = (k: number, s: number, e: number): void => {
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
    end[count] = e;
    count++;
  };

  // Scans a string starting at the opening quote; returns the offset after the closing quote.
  const scanString = (p: number): number => {
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
  };

  let p = 0;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) {
      p++;
      continue;
    }
    if (c === 0x28) {
      // '(' or block comment '(;'
      if (text.charCodeAt(p + 1) === 0x3b) {
        const s = p;
        let depth = 1;
        p += 2;
        while (p < n && depth > 0) {
          const d = text.charCodeAt(p);
          if (d === 0x28 && text.charCodeAt(p + 1) === 0x3b) {
            depth++;
            p += 2;
          } else if (d === 0x3b && text.charCodeAt(p + 1) === 0x29) {
            depth--;
            p += 2;
          } else p++;
        }
        if (depth > 0) errors.push({ message: 'unterminated block comment', start: s, end: n });
        continue;
      }
      push(Tok.LPAREN, p, p + 1);
      p++;
      continue;
    }
    if (c === 0x29) {
      push(Tok.RPAREN, p, p + 1);
      p++;
      continue;
    }
    if (c === 0x3b && text.charCodeAt(p + 1) === 0x3b) {
      // line comment: ends at LF or CR (spec newline ::= LF | CR | CR LF)
      p += 2;
      while (p < n) {
        const d = text.charCodeAt(p);
        if (d === 0x0a || d === 0x0d) break;
        p++;
      }
      continue;
    }
    if (c === 0x22 || (c < 128 && ID_CHAR[c] === 1)) {
      // Maximal run of idchars and strings; exactly one atom or one string is a proper token.
      const s = p;
      let parts = 0;
      let isStr = false;
      while (p < n) {
        const d = text.charCodeAt(p);
        if (d === 0x22) {
          p = scanString(p);
          parts++;
          isStr = true;
        } else if (d < 128 && ID_CHAR[d] === 1) {
          p++;
          while (p < n) {
            const e = text.charCodeAt(p);
            if (e < 128 && ID_CHAR[e] === 1) p++;
            else break;
          }
          parts++;
          isStr = false;
        } else break;
      }
      if (parts > 1) {
        push(Tok.RESERVED, s, p);
      } else if (isStr) {
        push(Tok.STRING, s, p);
      } else if (c === 0x24) {
        push(p - s > 1 ? Tok.ID : Tok.RESERVED, s, p);
      } else if (c >= 0x61 && c <= 0x7a) {
        push(Tok.KEYWORD, s, p);
      } else {
        push(Tok.NUM, s, p);
      }
      continue;
    }
    // Any other character: a one-character reserved token (the parser reports it in context).
    let q = p + 1;
    if (c >= 0xd800 && c < 0xdc00 && q < n) q++;
    push(Tok.RESERVED, p, q);
    p = q;
  }
  push(Tok.EOF, n, n);

  // Paren matching for recovery (skip to the end of the current s-expression in O(1)).
  const match = new Int32Array(count).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = kind[i];
    if (k === Tok.LPAREN) stack.push(i);
    else if (k === Tok.RPAREN && stack.length) {
      const o = stack.pop()!;
      match[o] = i;
      match[i] = o;
    }
  }
  return { count, kind, start, end, match, errors };
}
