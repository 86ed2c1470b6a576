import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProtocolError, decode, decodeFrame, encode, encodeFrame, encodeMessage, cobsDecode, cobsEncode,
  crc32, dumpMessage, FrameReader, MESSAGES, RESPONSE_OF, cobsMaxEncodedLength,
} from '../../src/protocol';
import { crc32Portable } from '../../src/protocol/crc32';
import { SAMPLES, fullGroupFrame } from './vector-source';

test('every sample round-trips through encode and decode', () => {
  for (const [name, id, body] of SAMPLES) {
    const m = decode(encode(name, id, body as never));
    assert.equal(m.name, name);
    assert.equal(m.id, id);
    assert.deepEqual(encodeMessage(m), encode(name, id, body as never), name);
  }
});

test('a stop event with its top frame and four i32 locals is at most 64 bytes on the wire', () => {
  const wire = encode('stopped', 1234, {
    reason: 1, flags: 1, hit: 0x1234, depth: 3, func: 7, pc: 0x1234,
    locals: [1, 2, 3, 4].map((value) => ({ type: 'i32' as const, value })),
  });
  assert.ok(wire.length <= 64, `${wire.length} bytes`);
  assert.equal(wire.length, 47);
});

test('CRC-32 is the zlib/ISO-HDLC CRC', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  assert.equal(crc32Portable(Buffer.from('123456789')), 0xcbf43926);
});

test('COBS has no zero bytes inside and round-trips at the 254-byte boundaries', () => {
  for (const n of [0, 1, 253, 254, 255, 508, 1000]) {
    for (const fill of [0, 1, 0x55]) {
      const src = Uint8Array.from({ length: n }, (_, i) => (fill === 0x55 ? (i * 37) & 0xff : fill));
      const enc = cobsEncode(src);
      assert.equal(enc[enc.length - 1], 0);
      assert.ok(!enc.subarray(0, -1).includes(0));
      assert.deepEqual(cobsDecode(enc.subarray(0, -1)), src);
    }
  }
});

test('COBS: the sender ends a final full group with code 0x01; receivers take the block either way', () => {
  const f = fullGroupFrame();
  assert.equal(f.length, 254);
  const wire = cobsEncode(f);
  assert.deepEqual([wire[0], wire.length, wire[255], wire[256]], [0xff, 257, 0x01, 0]);
  assert.deepEqual(cobsDecode(wire.subarray(0, -1)), f);
  assert.deepEqual(cobsDecode(wire.subarray(0, -2)), f); // without the final 0x01
  const r = new FrameReader(256);
  const names = r.push(Uint8Array.from([...wire, ...wire.subarray(0, -2), 0])).map((x) => ('message' in x ? x.message.name : x.error.kind));
  assert.deepEqual(names, ['ping', 'ping']);
});

test('COBS size: zero-free n bytes encode to n + floor(n/254) + 1, within the receivers\' ceil bound', () => {
  for (let n = 0; n <= 1100; n++) {
    const len = cobsEncode(new Uint8Array(n).fill(7)).length - 1;
    assert.equal(len, n + Math.floor(n / 254) + 1, `n=${n}`);
    assert.ok(len <= cobsMaxEncodedLength(n));
    assert.equal(cobsMaxEncodedLength(n), n + Math.ceil(n / 254) + 1);
  }
});

test('encoding refuses out-of-range fields with a protocol error', () => {
  assert.throws(() => encode('options', 1, { flags: -1 }), ProtocolError);
  assert.throws(() => encode('frames', 1, { start: 70000, count: 1 }), ProtocolError);
  assert.throws(() => encode('ping', 70000, { data: new Uint8Array() }), ProtocolError);
  assert.throws(() => encode('uploadBegin', 1, { size: 1, sha256: new Uint8Array(31) }), ProtocolError);
});

test('decode reports the frame id and type on a body error, so the device can answer it', () => {
  const f = encodeFrame('hello', 9, { versionMin: 1, versionMax: 1, maxFrame: 256 });
  const cut = Uint8Array.from([...f.subarray(0, 5), 0, 0, 0, 0]);
  new DataView(cut.buffer).setUint32(5, crc32(cut.subarray(0, 5)), true);
  const e = (() => { try { decodeFrame(cut); } catch (x) { return x as ProtocolError; } })();
  assert.ok(e instanceof ProtocolError);
  assert.equal(e.kind, 'malformed');
  assert.equal(e.id, 9);
  assert.equal(e.type, 0x01);
});

test('i64 and float values keep their bits', () => {
  const m = decode(encode('valuesOk', 1, {
    total: 4, values: [
      { type: 'i64', value: -1n }, { type: 'i64', value: 0x7fffffffffffffffn },
      { type: 'f32', value: -0 }, { type: 'f64', value: Number.MIN_VALUE },
    ],
  }));
  assert.equal(dumpMessage(m), 'valuesOk id=1 total=4 values=[i64:-1,i64:9223372036854775807,f32:0x80000000,f64:0x0000000000000001]');
});

/** A valuesOk frame holding one f32 and one f64 given by their raw bits. */
function floatFrame(f32: number, f64: bigint): Uint8Array {
  const f = new Uint8Array(3 + 4 + 5 + 9 + 4);
  const dv = new DataView(f.buffer);
  f[0] = MESSAGES.valuesOk.code;
  dv.setUint16(1, 5, true);
  dv.setUint16(3, 2, true); // total
  dv.setUint16(5, 2, true); // count
  f[7] = 0x7d;
  dv.setUint32(8, f32, true);
  f[12] = 0x7c;
  dv.setBigUint64(13, f64, true);
  dv.setUint32(21, crc32(f.subarray(0, 21)), true);
  return f;
}

test('NaN payloads keep their bits through decode and encode (signalling NaNs too)', () => {
  const cases: [number, bigint][] = [
    [0x7f800001, 0x7ff0000000000001n], // signalling NaNs: a float32 conversion would quiet them
    [0x7fa00001, 0xfff4000000000123n],
    [0xffc12345, 0x7ff8000000000000n],
    [0x7fc00000, 0xfff8000000000000n],
  ];
  for (const [b32, b64] of cases) {
    const frame = floatFrame(b32, b64);
    const m = decodeFrame(frame);
    assert.deepEqual(encodeMessage(m), cobsEncode(frame), `0x${b32.toString(16)} 0x${b64.toString(16)}`);
    assert.equal(dumpMessage(m), `valuesOk id=5 total=2 values=[f32:0x${b32.toString(16)},f64:0x${b64.toString(16).padStart(16, '0')}]`);
  }
});

test('a value built with NaN bits is encoded with exactly those bits; ordinary floats need none', () => {
  const m = decode(encode('setValue', 1, { scope: 0, frame: 0, index: 0, value: { type: 'f32', value: NaN, bits: 0x7f800001 } }));
  assert.equal(dumpMessage(m), 'setValue id=1 scope=0 frame=0 index=0 value=f32:0x7f800001');
  const d = decode(encode('setValue', 2, { scope: 0, frame: 0, index: 0, value: { type: 'f64', value: NaN, bits: 0x7ff0000000000002n } }));
  assert.equal(dumpMessage(d), 'setValue id=2 scope=0 frame=0 index=0 value=f64:0x7ff0000000000002');
  // Without bits a NaN is still a NaN; non-NaN values decode as plain numbers, no bits attached.
  assert.ok(Number.isNaN((decode(encode('setValue', 3, { scope: 0, frame: 0, index: 0, value: { type: 'f32', value: NaN } })) as { value: { value: number } }).value.value));
  assert.deepEqual(decodeFrame(floatFrame(0x3fc00000, 0xbff0000000000000n)), {
    name: 'valuesOk', id: 5, total: 2, values: [{ type: 'f32', value: 1.5 }, { type: 'f64', value: -1 }],
  });
  // Bits that are not a NaN of the value's width contradict `value`: refused.
  assert.throws(() => encode('setValue', 4, { scope: 0, frame: 0, index: 0, value: { type: 'f32', value: NaN, bits: 0x3fc00000 } }), ProtocolError);
  assert.throws(() => encode('setValue', 4, { scope: 0, frame: 0, index: 0, value: { type: 'f32', value: NaN, bits: 0x1_7f800001 } }), ProtocolError);
});

test('the stream reader resynchronises after garbage and keeps the following frames', () => {
  const r = new FrameReader(256);
  const a = encode('pause', 1, {});
  const b = encode('continue', 2, {});
  // Garbage glued to the front of frame a spoils a; the lone garbage block is rejected; b survives.
  const items = r.push(Uint8Array.from([1, 2, 3, ...a, 0xff, 0xfe, 0, ...b]));
  const names = items.map((x) => ('message' in x ? x.message.name : `error:${x.error.kind}`));
  assert.deepEqual(names, ['error:crc', 'error:cobs', 'continue']);
  // A lone 0x00 first flushes the garbage, and then a arrives intact.
  assert.deepEqual(r.push(Uint8Array.from([7, 7, 0, ...a])).map((x) => ('message' in x ? x.message.name : x.error.kind)), ['cobs', 'pause']);
});

test('setMaxFrame mid-block takes effect at the next block, in both directions', () => {
  const big = encode('ping', 1, { data: bytes(400) }); // a 407-byte frame
  const small = encode('pause', 2, {});
  const kinds = (items: ReturnType<FrameReader['push']>) => items.map((x) => ('message' in x ? x.message.name : x.error.kind));
  // Raised while a too-long frame is arriving: still too long; the next one fits.
  const up = new FrameReader(256);
  assert.deepEqual(kinds(up.push(big.subarray(0, 100))), []);
  up.setMaxFrame(1024);
  assert.deepEqual(kinds(up.push(Uint8Array.from([...big.subarray(100), ...big]))), ['too_long', 'ping']);
  // Lowered while a frame within the old limit is arriving: it is kept; the next big one is refused.
  const down = new FrameReader(1024);
  assert.deepEqual(kinds(down.push(big.subarray(0, 200))), []);
  down.setMaxFrame(256);
  assert.deepEqual(kinds(down.push(Uint8Array.from([...big.subarray(200), ...big, ...small]))), ['ping', 'too_long', 'pause']);
  // Changed while an overlong block is being skipped: applies after its 0x00.
  const skip = new FrameReader(256);
  assert.deepEqual(kinds(skip.push(big.subarray(0, 300))), ['too_long']);
  skip.setMaxFrame(1024);
  assert.deepEqual(kinds(skip.push(Uint8Array.from([...big.subarray(300), ...big]))), ['ping']);
});

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 1) & 0xff);

test('every request has exactly one response, coded request | 0x80, and every event is 0x40..0x7f', () => {
  const requests = Object.entries(MESSAGES).filter(([, d]) => d.kind === 'request');
  assert.deepEqual(requests.map(([n]) => n).sort(), Object.keys(RESPONSE_OF).sort());
  for (const [n, d] of requests) assert.equal(MESSAGES[RESPONSE_OF[n as keyof typeof RESPONSE_OF]].code, d.code | 0x80, n);
  for (const d of Object.values(MESSAGES)) if (d.kind === 'event') assert.ok(d.code >= 0x40 && d.code <= 0x7f);
});
