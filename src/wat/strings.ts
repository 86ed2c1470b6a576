// Decoding of string literals into bytes (escapes \n \t \r \" \' \\ \hh \u{...}; other characters
// as UTF-8) and UTF-8 validation for names. The lexer already reported malformed escapes.

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** Bytes of the string literal text[start..end) (including the quotes). */
export function decodeString(text: string, start: number, end: number): Uint8Array {
  // Fast path: printable ASCII without escapes.
  let simple = true;
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c >= 0x80) {
      simple = false;
      break;
    }
  }
  if (simple) {
    const out = new Uint8Array(Math.max(0, end - start - 2));
    for (let i = 0; i < out.length; i++) out[i] = text.charCodeAt(start + 1 + i);
    return out;
  }
  const out: number[] = [];
  let i = start + 1;
  const stop = end - 1;
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) {
      const d = text.charCodeAt(i + 1);
      switch (d) {
        case 0x6e: out.push(10); i += 2; continue;
        case 0x74: out.push(9); i += 2; continue;
        case 0x72: out.push(13); i += 2; continue;
        case 0x22: out.push(0x22); i += 2; continue;
        case 0x27: out.push(0x27); i += 2; continue;
        case 0x5c: out.push(0x5c); i += 2; continue;
        case 0x75: {
          let j = i + 3;
          let v = 0;
          while (j < stop && text.charCodeAt(j) !== 0x7d) {
            const h = hexVal(text.charCodeAt(j));
            if (h >= 0) v = v * 16 + h;
            j++;
          }
          pushUtf8(out, Math.min(v, 0x10ffff));
          i = j + 1;
          continue;
        }
        default: {
          const h1 = hexVal(d);
          const h2 = hexVal(text.charCodeAt(i + 2));
          if (h1 >= 0 && h2 >= 0) {
            out.push(h1 * 16 + h2);
            i += 3;
          } else i += 2;
          continue;
        }
      }
    }
    const cp = text.codePointAt(i)!;
    pushUtf8(out, cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return Uint8Array.from(out);
}

/** Strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). */
export function isValidUtf8(b: Uint8Array): boolean {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = c & 0x07;
    } else return false;
    if (i + need >= n) return false;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return false;
    i += need + 1;
  }
  return true;
}

/**
 * The text of the literal text[start..end) (including the quotes) when it is plain ASCII without
 * escapes, so its decoded text is the source slice itself; undefined otherwise.
 */
export function plainLiteralText(text: string, start: number, end: number): string | undefined {
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c >= 0x80) return undefined;
  }
  return text.slice(start + 1, end - 1);
}

// ignoreBOM: a name may legitimately start with U+FEFF.
const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function bytesToText(b: Uint8Array): string {
  return UTF8.decode(b);
}
