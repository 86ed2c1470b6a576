/** Protocol figures: encoded sizes of the common messages, TypeScript codec throughput. */
import { FrameReader, encode, encodeFrame, type Value } from '../src/protocol';

const locals4: Value[] = [10, 3, 0, -7].map((value) => ({ type: 'i32' as const, value }));

function measure(label: string, bytesPer: number, fn: () => void): string {
  for (let i = 0; i < 2000; i++) fn(); // warm up
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t = 0n;
  do {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    t = process.hrtime.bigint() - t0;
  } while (t < 300_000_000n);
  const s = Number(t) / 1e9;
  return `${label}: ${Math.round(n / s).toLocaleString('en-US')} msg/s, ${((n * bytesPer) / s / 1e6).toFixed(1)} MB/s`;
}

export async function main(): Promise<void> {
  const samples = {
    'stopped (top frame + 4 i32 locals)': encode('stopped', 1, { reason: 1, flags: 1, hit: 0x4c, depth: 2, func: 1, pc: 0x4c, locals: locals4 }),
    'valuesOk (4-local frame)': encode('valuesOk', 2, { total: 4, values: locals4 }),
    'framesOk (8 frames)': encode('framesOk', 3, { total: 8, frames: Array.from({ length: 8 }, (_, i) => ({ func: i, pc: 0x100 + i })) }),
    'step over one line (1 range)': encode('step', 4, { kind: 1, ranges: [{ start: 0x40, end: 0x48 }] }),
    'uploadChunk (1 KiB)': encode('uploadChunk', 5, { offset: 4096, data: new Uint8Array(1024).map((_, i) => i) }),
    'uploadAck': encode('uploadAck', 5, { received: 5120 }),
    'output (32-char log line)': encode('output', 6, { source: 0, level: 2, text: 'x'.repeat(32) }),
  };
  console.log('encoded sizes (wire bytes, COBS + delimiter included):');
  for (const [k, v] of Object.entries(samples)) console.log(`  ${k}: ${v.length} B`);

  console.log('TypeScript codec throughput:');
  const stopBody = { reason: 1, flags: 1, hit: 0x4c, depth: 2, func: 1, pc: 0x4c, locals: locals4 };
  const stopWire = samples['stopped (top frame + 4 i32 locals)'];
  const chunkWire = samples['uploadChunk (1 KiB)'];
  const chunkBody = { offset: 4096, data: new Uint8Array(1024).map((_, i) => i) };
  const reader = new FrameReader(2048);
  console.log('  ' + measure('encode stopped', stopWire.length, () => encode('stopped', 1, stopBody)));
  console.log('  ' + measure('decode stopped', stopWire.length, () => reader.push(stopWire)));
  console.log('  ' + measure('encode uploadChunk 1 KiB', chunkWire.length, () => encode('uploadChunk', 5, chunkBody)));
  console.log('  ' + measure('decode uploadChunk 1 KiB', chunkWire.length, () => reader.push(chunkWire)));
  console.log('  ' + measure('encodeFrame stopped (no COBS)', stopWire.length, () => encodeFrame('stopped', 1, stopBody)));
}

if (require.main === module) void main();
