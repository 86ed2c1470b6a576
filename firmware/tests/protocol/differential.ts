/**
 * Differential vectors: random streams built from mutated sample frames, decoded by the
 * TypeScript codec (src/protocol) into the shared vector format. test_protocol's `differential`
 * group decodes the same streams with the C codec and must print the same lines, so the two
 * implementations are compared far beyond the hand-picked vectors.
 *
 * usage: node --import tsx firmware/tests/protocol/differential.ts <out.json> [count] [seed]
 */
import { writeFileSync } from 'node:fs';
import { FrameReader, cobsEncode, crc32, dumpMessage, encodeFrame } from '../../../src/protocol';
import { SAMPLES } from '../../../test/protocol/vector-source';

let state = 0x9e3779b9;
const rnd = (n: number): number => {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A sample frame, mutated, usually with its CRC fixed so that the body parser sees it. */
function mutatedFrame(): Uint8Array {
  const [name, id, body] = SAMPLES[rnd(SAMPLES.length)];
  let f = Array.from(encodeFrame(name, id, body as never));
  const muts = rnd(4);
  for (let k = 0; k < muts; k++) {
    const i = rnd(Math.max(f.length - 4, 1));
    switch (rnd(6)) {
      case 0: f[i] ^= 1 << rnd(8); break;
      case 1: f[i] = rnd(256); break;
      case 2: f.splice(3 + rnd(Math.max(f.length - 7, 1)), 1 + rnd(4)); break; // cut body bytes
      case 3: f.splice(i, 0, ...Array.from({ length: 1 + rnd(4) }, () => rnd(256))); break;
      case 4: f[0] = rnd(256); break; // any type
      default: f[3 + rnd(Math.max(f.length - 7, 1))] = [0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f, 0, 0xff][rnd(8)]; // tags, counts
    }
  }
  if (f.length >= 7 && rnd(10) < 9) {
    const n = f.length - 4;
    const c = crc32(Uint8Array.from(f.slice(0, n)));
    f = [...f.slice(0, n), c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24];
  }
  return Uint8Array.from(f);
}

export function generate(count: number): { vectors: unknown[] } {
  const vectors: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const parts: number[] = [];
    const blocks = 1 + rnd(3);
    for (let b = 0; b < blocks; b++) {
      const r = rnd(20);
      if (r === 0) parts.push(...Array.from({ length: rnd(40) }, () => rnd(256))); // garbage
      else if (r === 1) parts.push(0); // empty block
      else if (r === 2) parts.push(...cobsEncode(Uint8Array.from({ length: 250 + rnd(900) }, () => 1 + rnd(255)))); // long
      else parts.push(...cobsEncode(mutatedFrame()));
    }
    if (rnd(8) === 0) parts.push(...Array.from({ length: 1 + rnd(8) }, () => 1 + rnd(255))); // unfinished block
    const wire = Uint8Array.from(parts);
    const maxFrame = [256, 300, 1024][rnd(3)];
    // NaN payloads included: the TS codec keeps float bits as exactly as the C one.
    const out = new FrameReader(maxFrame).push(wire);
    vectors.push({
      name: `random-${i}`,
      maxFrame,
      wire: hex(wire),
      expect: out.map((x) => ('message' in x ? dumpMessage(x.message) : `error:${x.error.kind}`)),
    });
  }
  return { vectors };
}

if (require.main === module) {
  const [path, count = '3000', seed] = process.argv.slice(2);
  if (!path) {
    console.error('usage: differential.ts <out.json> [count] [seed]');
    process.exit(2);
  }
  if (seed) state = Number(seed) >>> 0 || 1;
  const { vectors } = generate(Number(count));
  writeFileSync(path, JSON.stringify({ protocolVersion: 1, vectors }) + '\n');
  console.log(`wrote ${vectors.length} random vectors to ${path}`);
}
