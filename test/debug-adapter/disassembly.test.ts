/** The Disassembly view's answers: `$names` for indices, and nothing shown outside the code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { disassemble, OUTSIDE_CODE } from '../../src/debug-adapter/disassembly';
import { fromWasm, fromWat } from '../../src/debug-adapter/program/from-wat';
import { ProgramIndex } from '../../src/debug-adapter/program/index';
import { memoryVariable } from '../../src/debug-adapter/variables';
import { FIXTURE } from './helpers';

const index = new ProgramIndex(fromWat(FIXTURE, readFileSync(FIXTURE, 'utf8')).image);
const texts = index.instrs.map((i) => i.text);

test('calls, locals and globals show their $names', () => {
  for (const want of ['call $fact', 'call $add', 'call $log_i32', 'local.get $n', 'local.get $acc', 'local.set $i', 'global.get $counter', 'global.set $counter', 'global.get $limit']) {
    assert.ok(texts.includes(want), `${want} in ${JSON.stringify(texts)}`);
  }
  assert.ok(!texts.some((t) => /^(call|local\.[gst]et|global\.[gs]et) \d/.test(t)), 'no numeric index left');
  assert.ok(texts.includes('br_if 0'), 'labels stay numeric');
});

test('a .wasm without source uses the name section for functions', () => {
  const wasm = index.image.wasm;
  const bare = new ProgramIndex(fromWasm('/nonexistent/prog.wasm', wasm).image);
  const t = bare.instrs.map((i) => i.text);
  assert.ok(t.includes('call $fact'), JSON.stringify(t));
});

test('rows before and after the code: the count asked for, none with an address VS Code would show', () => {
  const first = index.instrs[0];
  const ref = `0x${first.offset.toString(16)}`;
  const rows = disassemble(index, { memoryReference: ref, instructionOffset: -50, instructionCount: 60 }, undefined);
  assert.equal(rows.length, 60);
  assert.deepEqual(rows.slice(0, 50), Array(50).fill(OUTSIDE_CODE));
  assert.throws(() => BigInt(OUTSIDE_CODE.address), 'VS Code parses addresses with BigInt and drops what does not parse');
  assert.equal(BigInt(rows[50].address), BigInt(first.offset), 'entry k is still instruction instructionOffset + k');
  const last = index.instrs[index.instrs.length - 1];
  const tail = disassemble(index, { memoryReference: `0x${last.offset.toString(16)}`, instructionCount: 5 }, undefined);
  assert.equal(BigInt(tail[0].address), BigInt(last.offset));
  assert.deepEqual(tail.slice(1), Array(4).fill(OUTSIDE_CODE));
});

test('the memory variable says "1 page", "2 pages"', () => {
  assert.equal(memoryVariable(65536).value, '64 KiB (1 page)');
  assert.equal(memoryVariable(131072).value, '128 KiB (2 pages)');
  assert.equal(memoryVariable(65536).memoryReference, '0x0');
});
