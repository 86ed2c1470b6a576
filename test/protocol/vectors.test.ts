import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeWire, renderVectors, VECTORS_PATH } from './generate-vectors';
import { MESSAGES } from '../../src/protocol';
import { SAMPLES } from './vector-source';

interface VectorFile { vectors: { name: string; wire: string; maxFrame?: number; expect: string[] }[] }
const file: VectorFile = JSON.parse(readFileSync(VECTORS_PATH, 'utf8'));

test('the committed vectors are what the codec produces today (run npm run vectors:protocol after a schema change)', () => {
  assert.equal(readFileSync(VECTORS_PATH, 'utf8'), renderVectors());
});

test('every message type has at least one vector', () => {
  const covered = new Set(SAMPLES.map((s) => s[0]));
  for (const name of Object.keys(MESSAGES)) assert.ok(covered.has(name as never), `no vector for ${name}`);
});

test('vectors cover every rejection kind', () => {
  const kinds = new Set(file.vectors.flatMap((v) => v.expect.filter((e) => e.startsWith('error:'))));
  for (const k of ['cobs', 'short', 'crc', 'too_long', 'unknown_type', 'malformed']) assert.ok(kinds.has(`error:${k}`), k);
});

for (const v of file.vectors) {
  test(`vector ${v.name}`, () => {
    const wire = Buffer.from(v.wire, 'hex');
    assert.deepEqual(decodeWire(wire, v.maxFrame), v.expect);
    // Byte-at-a-time feeding must give the same results: a UART delivers bytes in any grouping.
    const { FrameReader, dumpMessage } = require('../../src/protocol') as typeof import('../../src/protocol');
    const r = new FrameReader(v.maxFrame ?? 1024);
    const got: string[] = [];
    for (const b of wire) for (const x of r.push(Uint8Array.of(b))) got.push('message' in x ? dumpMessage(x.message) : `error:${x.error.kind}`);
    assert.deepEqual(got, v.expect);
  });
}
