/**
 * Consistent Overhead Byte Stuffing: removes every 0x00 from a frame so 0x00 can delimit frames
 * on a byte stream and a receiver resynchronises at the next 0x00 after garbage.
 */
import { ProtocolError } from './errors';

/** Upper bound of the encoded size of `n` bytes, delimiter not included. */
export function cobsMaxEncodedLength(n: number): number {
  return n + Math.ceil(n / 254) + 1;
}

/** Encodes `src` and appends the 0x00 delimiter. */
export function cobsEncode(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(src.length) + 1);
  let codeAt = 0;
  let o = 1;
  let code = 1;
  for (let i = 0; i < src.length; i++) {
    const b = src[i];
    if (b === 0) {
      out[codeAt] = code;
      codeAt = o++;
      code = 1;
    } else {
      out[o++] = b;
      code++;
      if (code === 0xff) {
        out[codeAt] = code;
        codeAt = o++;
        code = 1;
      }
    }
  }
  out[codeAt] = code;
  out[o++] = 0;
  return out.subarray(0, o);
}

/** Decodes one COBS block (delimiter already removed). */
export function cobsDecode(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  let o = 0;
  let i = 0;
  while (i < src.length) {
    const code = src[i++];
    if (code === 0) throw new ProtocolError('cobs', 'zero byte inside a COBS block');
    const end = i + code - 1;
    if (end > src.length) throw new ProtocolError('cobs', 'COBS code runs past the end of the frame');
    for (; i < end; i++) {
      if (src[i] === 0) throw new ProtocolError('cobs', 'zero byte inside a COBS block');
      out[o++] = src[i];
    }
    if (code !== 0xff && i < src.length) out[o++] = 0;
  }
  return out.subarray(0, o);
}
