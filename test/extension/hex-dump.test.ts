/** The memory view's hex dump. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hexDump } from '../../src/extension/hex-dump';

test('16 bytes a line with the address and the printable characters', () => {
  const data = new Uint8Array(32);
  data.set(Buffer.from('fib: hello'), 0);
  data[31] = 0xff;
  const d = hexDump(data);
  const lines = d.text.trimEnd().split('\n');
  assert.equal(lines[0], '0x00000000  66 69 62 3a 20 68 65 6c  6c 6f 00 00 00 00 00 00  |fib: hello......|');
  assert.equal(lines[1], '0x00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 ff  |................|');
});

test('runs of zero lines fold into one line; addresses map to their line', () => {
  const data = new Uint8Array(65536);
  data.set(Buffer.from('hi'), 0x100);
  const d = hexDump(data, 0, ['header line']);
  const lines = d.text.trimEnd().split('\n');
  assert.deepEqual(lines.map((l) => l.slice(0, 10)), ['header lin', '0x00000000', '0x00000100', '0x00000110']);
  assert.match(lines[1], /^0x00000000 … 0x000000ff  256 zero bytes$/);
  assert.match(lines[3], /65,264 zero bytes$/);
  assert.equal(d.lineOf(0x100), 2);
  assert.equal(d.lineOf(0x105), 2);
  assert.equal(d.lineOf(0x80), 1);
  assert.equal(d.lineOf(0xfff0), 3);
});

test('a short last line and a base address', () => {
  const d = hexDump(Uint8Array.from([1, 2, 3]), 0x20);
  assert.equal(d.text, '0x00000020  01 02 03                                          |...|\n');
});
