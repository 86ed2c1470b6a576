/** Property-based robustness: the decoder throws nothing but ProtocolError, whatever it is fed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameReader, ProtocolError, decode, decodeFrame, encode, cobsEncode, MESSAGES, type MessageName, type FieldKind, crc32 } from '../../src/protocol';
import { SAMPLES } from './vector-source';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2000);

function onlyProtocolErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ProtocolError)) throw e;
  }
}

test('random bytes: decode and the stream reader only ever raise ProtocolError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 7, max: 1024 }), (bytes, max) => {
      onlyProtocolErrors(() => decode(bytes, max));
      onlyProtocolErrors(() => decodeFrame(bytes));
      const r = new FrameReader(max);
      for (const x of r.push(bytes)) if ('error' in x) assert.ok(x.error instanceof ProtocolError);
    }),
    { numRuns: RUNS },
  );
});

const validWire = fc.constantFrom(...SAMPLES.map(([n, id, b]) => encode(n, id, b as never)));

test('mutated valid frames: bit flips, cuts and insertions are rejected or decoded, never crash', () => {
  fc.assert(
    fc.property(validWire, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'set'))), (wire, muts) => {
      let w = Array.from(wire);
      for (const [pos, val, op] of muts) {
        const i = w.length ? pos % w.length : 0;
        if (op === 'flip') w[i] ^= 1 << (val & 7);
        else if (op === 'cut') w = w.slice(0, i);
        else if (op === 'insert') w.splice(i, 0, val);
        else w[i] = val;
      }
      const r = new FrameReader(1024);
      for (const x of r.push(Uint8Array.from(w))) if ('error' in x) assert.ok(x.error instanceof ProtocolError);
    }),
    { numRuns: RUNS },
  );
});

test('frames with a valid CRC but random bodies: decoded or rejected as malformed/unknown_type', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 80 }), (type, body) => {
      const f = new Uint8Array(3 + body.length + 4);
      f[0] = type;
      f.set(body, 3);
      new DataView(f.buffer).setUint32(3 + body.length, crc32(f.subarray(0, 3 + body.length)), true);
      try {
        decodeFrame(f);
      } catch (e) {
        assert.ok(e instanceof ProtocolError);
        assert.ok(e.kind === 'malformed' || e.kind === 'unknown_type', e.kind);
      }
      const r = new FrameReader(1024);
      assert.equal(r.push(cobsEncode(f)).length, 1);
    }),
    { numRuns: RUNS },
  );
});

// Arbitrary well-typed messages of every kind round-trip exactly.
const value = fc.oneof(
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((value) => ({ type: 'i32' as const, value })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: 'i64' as const, value })),
  fc.float({ noNaN: true }).map((value) => ({ type: 'f32' as const, value })),
  fc.double({ noNaN: true }).map((value) => ({ type: 'f64' as const, value })),
  fc.option(fc.nat({ max: 0xfffffffe }), { nil: null }).map((value) => ({ type: 'funcref' as const, value })),
);
const u32 = fc.nat({ max: 0xffffffff });
const FIELD: Record<FieldKind, fc.Arbitrary<unknown>> = {
  u8: fc.nat({ max: 0xff }), u16: fc.nat({ max: 0xffff }), u32, i32: fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  sha256: fc.uint8Array({ minLength: 32, maxLength: 32 }), str: fc.string({ maxLength: 40 }),
  value, values: fc.array(value, { maxLength: 8 }), u32s: fc.array(u32, { maxLength: 8 }),
  frames: fc.array(fc.record({ func: u32, pc: u32 }), { maxLength: 5 }),
  ranges: fc.array(fc.record({ start: u32, end: u32 }), { maxLength: 5 }),
  rest: fc.uint8Array({ maxLength: 300 }),
};
const message = fc.constantFrom(...(Object.keys(MESSAGES) as MessageName[])).chain((name) =>
  fc.record(Object.fromEntries(Object.entries(MESSAGES[name].fields).map(([f, k]) => [f, FIELD[k as FieldKind]]))).map((body) => ({ name, body })),
);

test('arbitrary messages round-trip (encode then decode gives them back)', () => {
  fc.assert(
    fc.property(message, fc.nat({ max: 0xffff }), ({ name, body }, id) => {
      const m = decode(encode(name, id, body as never));
      const { name: n2, id: id2, ...b2 } = m as unknown as Record<string, unknown>;
      assert.equal(n2, name);
      assert.equal(id2, id);
      // -0 and 0 are distinct bit patterns and survive; strings may lose lone surrogates (UTF-8).
      assert.deepEqual(JSON.stringify(b2, big), JSON.stringify(body, big));
    }),
    { numRuns: RUNS / 2 },
  );
});

test('every f32 and f64 bit pattern survives decode then encode byte for byte', () => {
  fc.assert(
    fc.property(fc.nat({ max: 0xffffffff }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.boolean(), (b32, b64, nan) => {
      // Half the runs force NaN exponents: random bits rarely hit them.
      if (nan) {
        b32 = (b32 | 0x7f800000) >>> 0;
        b64 |= 0x7ff0000000000000n;
        if ((b32 & 0x7fffff) === 0) b32 += 1;
        if ((b64 & 0xfffffffffffffn) === 0n) b64 += 1n;
      }
      const f = new Uint8Array(3 + 4 + 5 + 9 + 4);
      const dv = new DataView(f.buffer);
      f[0] = MESSAGES.valuesOk.code;
      dv.setUint16(3, 2, true);
      dv.setUint16(5, 2, true);
      f[7] = 0x7d;
      dv.setUint32(8, b32, true);
      f[12] = 0x7c;
      dv.setBigUint64(13, b64, true);
      dv.setUint32(21, crc32(f.subarray(0, 21)), true);
      const m = decodeFrame(f);
      assert.deepEqual(encode(m.name, m.id, m as never), cobsEncode(f));
    }),
    { numRuns: RUNS },
  );
});

function big(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('utf8');
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return v;
}
