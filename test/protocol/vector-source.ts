/**
 * The shared protocol test vectors, as messages. `npm run vectors:protocol` encodes them into
 * test/vectors/protocol/vectors.json, which both the TypeScript and the C tests decode.
 */
import { cobsEncode, crc32, encode, encodeFrame, type Body_, type MessageName } from '../../src/protocol';

export interface Vector {
  name: string;
  /** Wire bytes (hex), as a receiver gets them: COBS blocks, each ended by 0x00. */
  wire: string;
  /** Largest decoded frame the receiver accepts (default 1024). */
  maxFrame?: number;
  /** One entry per block, in order: a dumpMessage() line or `error:<kind>`. */
  expect: string[];
}

const sha = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (seed + i * 7) & 0xff);
const bytes = (n: number, f: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => f(i) & 0xff);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

type Sample = { [N in MessageName]: [N, number, Body_<N>] }[MessageName];

/** One or more samples of every message. */
export const SAMPLES: Sample[] = [
  ['hello', 1, { versionMin: 1, versionMax: 1, maxFrame: 1024 }],
  ['uploadBegin', 2, { size: 65536, sha256: sha(1) }],
  ['uploadChunk', 3, { offset: 0, data: bytes(300, (i) => (i % 5 === 0 ? 0 : i)) }],
  ['uploadChunk', 4, { offset: 4096, data: new Uint8Array(0) }],
  ['uploadCommit', 5, {}],
  ['uploadAbort', 6, {}],
  ['run', 7, { flags: 1, entry: '_start' }],
  ['run', 8, { flags: 0, entry: '' }],
  ['stop', 9, {}],
  ['reset', 10, {}],
  ['options', 11, { flags: 1 }],
  ['bpSet', 12, { offsets: [0x41, 0x4c, 0x1234] }],
  ['bpClear', 13, { offsets: [] }],
  ['continue', 14, {}],
  ['pause', 15, {}],
  ['step', 16, { kind: 1, ranges: [{ start: 0x40, end: 0x48 }, { start: 0x50, end: 0x52 }] }],
  ['step', 17, { kind: 0, ranges: [] }],
  ['frames', 18, { start: 0, count: 16 }],
  ['values', 19, { scope: 0, frame: 1, start: 0 }],
  ['setValue', 20, { scope: 2, frame: 0, index: 3, value: { type: 'i64', value: -2n } }],
  ['memRead', 21, { address: 0x100, length: 64 }],
  ['memWrite', 22, { address: 0xfff0, data: bytes(16, (i) => i) }],
  ['dataBpSet', 23, { address: 0x200, length: 4, access: 1 }],
  ['dataBpClear', 24, { watchId: 0xff }],
  ['input', 25, { button: 0, pressed: 1 }],
  ['ping', 26, { data: bytes(254, (i) => i + 1) }],
  ['ping', 65535, { data: new Uint8Array(0) }],
  ['bpSetCond', 27, { offset: 0x44, flags: 1, hitOp: 6, hitCount: 3, condLength: 4, program: Uint8Array.from([0x03, 0x00, 0x00, 0x00, 0x03, 0x01, 0x00, 0x40, 0x00]) }],
  ['bpSetCond', 29, { offset: 0x1234, flags: 0, hitOp: 0, hitCount: 0, condLength: 0, program: new Uint8Array(0) }],
  ['valuesUpTo', 34, { scope: 1, frame: 2, start: 3, max: 16 }],
  ['bondList', 30, {}],
  ['bondErase', 31, { bond: Uint8Array.from([1, 0x11, 0x22, 0x33, 0x44, 0x55, 0xc6]) }],
  ['bondErase', 32, { bond: new Uint8Array(0) }],
  ['helloOk', 1, {
    version: 1, capabilities: 0x7ff, maxFrame: 1024, freeMemory: 123456, state: 2,
    moduleSha256: sha(9), moduleSize: 4321,
    board: 'nrf5340dk/nrf5340/cpuapp', runtime: 'WAMR classic interpreter', runtimeVersion: '2.4.5', firmwareVersion: '0.1.0 "dev" \\ µ',
  }],
  ['uploadBeginOk', 2, { resumeFrom: 8192, chunkMax: 1000, window: 8 }],
  ['uploadAck', 3, { received: 300 }],
  ['uploadCommitOk', 5, { slot: 1, sha256: sha(1), size: 65536 }],
  ['uploadAbortOk', 6, {}],
  ['runOk', 7, {}],
  ['stopOk', 9, {}],
  ['resetOk', 10, {}],
  ['optionsOk', 11, {}],
  ['bpSetOk', 12, { resolved: [0x41, 0x4d, 0xffffffff] }],
  ['bpClearOk', 13, {}],
  ['continueOk', 14, {}],
  ['pauseOk', 15, {}],
  ['stepOk', 16, {}],
  ['framesOk', 18, { total: 3, frames: [{ func: 2, pc: 0x52 }, { func: 1, pc: 0x44 }, { func: 0, pc: 0x30 }] }],
  ['valuesOk', 19, {
    total: 8, values: [
      { type: 'i32', value: -1 }, { type: 'i64', value: 0x1122334455667788n }, { type: 'f32', value: 1.5 },
      { type: 'f64', value: -0.1 }, { type: 'funcref', value: null }, { type: 'externref', value: 7 },
      { type: 'i32', value: 0 }, { type: 'i64', value: -9223372036854775808n },
    ],
  }],
  // NaNs with payloads, a signalling one among them: both sides keep the exact bits.
  ['valuesOk', 28, {
    total: 3, values: [
      { type: 'f32', value: NaN, bits: 0x7f800001 }, { type: 'f64', value: NaN, bits: 0xfff4000000000123n },
      { type: 'f32', value: -Infinity },
    ],
  }],
  ['setValueOk', 20, {}],
  ['memReadOk', 21, { address: 0x100, memorySize: 65536, data: bytes(64, (i) => 255 - i) }],
  ['memWriteOk', 22, {}],
  ['dataBpSetOk', 23, { watchId: 0 }],
  ['dataBpClearOk', 24, {}],
  ['inputOk', 25, {}],
  ['pingOk', 26, { data: bytes(3, (i) => i) }],
  ['bpSetCondOk', 27, { resolved: 0x46 }],
  ['valuesUpToOk', 34, { total: 20, values: [{ type: 'i32', value: -1 }, { type: 'i64', value: 5n }] }],
  ['bondListOk', 30, { bonds: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 1, 0x11, 0x22, 0x33, 0x44, 0x55, 0xc6]) }],
  ['bondListOk', 33, { bonds: new Uint8Array(0) }],
  ['bondEraseOk', 31, { erased: 1 }],
  ['error', 27, { code: 2, requestType: 1, message: 'device speaks protocol 2..3; update the extension' }],
  ['stopped', 1, {
    reason: 1, flags: 1, hit: 0x4c, depth: 2, func: 1, pc: 0x4c,
    locals: [{ type: 'i32', value: 10 }, { type: 'i32', value: 3 }, { type: 'i32', value: 0 }, { type: 'i32', value: -7 }],
  }],
  ['stopped', 2, { reason: 4, flags: 0, hit: 0, depth: 1, func: 0, pc: 0x30, locals: [] }],
  ['output', 3, { source: 0, level: 2, text: 'hello from wasm\n' }],
  ['exited', 4, { reason: 1, code: -3 }],
  ['trap', 5, { func: 3, pc: 0x99, message: 'integer divide by zero' }],
  ['deviceReset', 6, { cause: 1 }],
  ['led', 7, { led: 2, on: 1 }],
  ['linkError', 8, { kind: 3, count: 12 }],
  ['logHit', 9, { offset: 0x44, values: [{ type: 'i64', value: -3n }, { type: 'f64', value: 2.5 }] }],
  ['logHit', 10, { offset: 0x45, values: [] }],
];

/** A raw frame with a correct CRC around arbitrary type/id/body bytes. */
function rawFrame(type: number, id: number, body: number[]): Uint8Array {
  const f = new Uint8Array(3 + body.length + 4);
  f[0] = type;
  f[1] = id & 0xff;
  f[2] = id >> 8;
  f.set(body, 3);
  new DataView(f.buffer).setUint32(3 + body.length, crc32(f.subarray(0, 3 + body.length)), true);
  return f;
}

/** A 254-byte ping frame with no 0x00 anywhere, CRC included (the first data fill that gives one). */
export function fullGroupFrame(): Uint8Array {
  for (let seed = 1; ; seed++) {
    const f = encodeFrame('ping', 0x0101, { data: bytes(254 - 7, (i) => 1 + ((i * seed + seed) % 255)) });
    if (!f.includes(0)) return f;
  }
}

export function buildVectors(): { name: string; wire: Uint8Array; maxFrame?: number }[] {
  const out: { name: string; wire: Uint8Array; maxFrame?: number }[] = [];
  const counts = new Map<string, number>();
  for (const [name, id, body] of SAMPLES) {
    const n = (counts.get(name) ?? 0) + 1;
    counts.set(name, n);
    out.push({ name: `${name}-${n}`, wire: encode(name, id, body as never) });
  }
  const stopped = encodeFrame('stopped', 9, {
    reason: 2, flags: 1, hit: 0, depth: 1, func: 0, pc: 0x40, locals: [{ type: 'i32', value: 1 }],
  });
  const corrupt = stopped.slice();
  corrupt[5] ^= 0x10;
  out.push({ name: 'crc-bit-flip', wire: cobsEncode(corrupt) });
  const crcOnly = stopped.slice();
  crcOnly[crcOnly.length - 1] ^= 0x80;
  out.push({ name: 'crc-field-flip', wire: cobsEncode(crcOnly) });
  const good = encode('pauseOk', 77, {});
  out.push({ name: 'truncated-cobs', wire: Uint8Array.from([...good.subarray(0, 4), 0]) });
  out.push({ name: 'truncated-mid-frame-then-good', wire: Uint8Array.from([...encode('ping', 5, { data: bytes(40, (i) => i + 1) }).subarray(0, 20), 0, ...good]) });
  out.push({ name: 'short-frame', wire: cobsEncode(Uint8Array.from([0x0c, 1, 0, 9, 9])) });
  out.push({ name: 'cobs-code-past-end', wire: Uint8Array.from([0x09, 1, 2, 3, 0]) });
  out.push({ name: 'garbage-then-frame', wire: Uint8Array.from([0x55, 0xaa, 0xff, 0x13, 0x37, 0, ...good]) });
  out.push({ name: 'empty-blocks-ignored', wire: Uint8Array.from([0, 0, ...good, 0]) });
  out.push({ name: 'too-long', wire: encode('ping', 1, { data: bytes(300, (i) => i) }), maxFrame: 256 });
  out.push({ name: 'too-long-then-good', wire: Uint8Array.from([...encode('ping', 1, { data: bytes(600, (i) => i) }), ...good]), maxFrame: 256 });
  out.push({ name: 'exactly-max-frame', wire: encode('ping', 2, { data: bytes(256 - 7, (i) => i) }), maxFrame: 256 });
  out.push({ name: 'unknown-request-type', wire: cobsEncode(rawFrame(0x3e, 42, [1, 2, 3])) });
  out.push({ name: 'unknown-response-type', wire: cobsEncode(rawFrame(0xc0, 43, [])) });
  out.push({ name: 'hello-body-short', wire: cobsEncode(rawFrame(0x01, 44, [1, 0, 1, 0, 0])) });
  out.push({ name: 'hello-body-long', wire: cobsEncode(rawFrame(0x01, 45, [1, 0, 1, 0, 0, 4, 9])) });
  out.push({ name: 'continue-with-body', wire: cobsEncode(rawFrame(0x0c, 46, [0])) });
  out.push({ name: 'value-bad-tag', wire: cobsEncode(rawFrame(0x11, 47, [0, 0, 0, 0, 0, 0x7b, 1, 2, 3, 4])) });
  out.push({ name: 'list-count-past-end', wire: cobsEncode(rawFrame(0x0a, 48, [0xff, 0xff, 1, 0, 0, 0])) });
  // A frame ending with a full 254-byte COBS group: the sender adds the final code 0x01
  // (docs/protocol.md 1.2). Vectors are canonical wire, so the form without it, which receivers
  // also accept, is in each codec's unit tests instead.
  out.push({ name: 'cobs-final-full-group', wire: cobsEncode(fullGroupFrame()) });
  out.push({ name: 'string-length-past-end', wire: cobsEncode(rawFrame(0x06, 49, [0, 10, 0, 0x5f])) });
  return out;
}

export { hex };
