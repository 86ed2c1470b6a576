/** Writes test/vectors/protocol/vectors.json from vector-source.ts (run: npm run vectors:protocol). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameReader, dumpMessage } from '../../src/protocol';
import { buildVectors, hex, type Vector } from './vector-source';

export const VECTORS_PATH = join(__dirname, '..', 'vectors', 'protocol', 'vectors.json');

export function decodeWire(wire: Uint8Array, maxFrame = 1024): string[] {
  const r = new FrameReader(maxFrame);
  return r.push(wire).map((x) => ('message' in x ? dumpMessage(x.message) : `error:${x.error.kind}`));
}

export function renderVectors(): string {
  const vectors: Vector[] = buildVectors().map((v) => ({
    name: v.name,
    ...(v.maxFrame ? { maxFrame: v.maxFrame } : {}),
    wire: hex(v.wire),
    expect: decodeWire(v.wire, v.maxFrame),
  }));
  return JSON.stringify({ protocolVersion: 1, vectors }, null, 1) + '\n';
}

if (require.main === module) {
  writeFileSync(VECTORS_PATH, renderVectors());
  console.log(`wrote ${VECTORS_PATH}`);
}
