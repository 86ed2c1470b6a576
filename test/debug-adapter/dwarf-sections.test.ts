/** The one walk over a module's sections (src/simulator/wasm/bytes.ts) as the DWARF loader uses it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { dwarfInfo, stripDebugSections } from '../../src/debug-adapter/program/from-dwarf';
import { sections } from '../../src/simulator/wasm/bytes';
import { parseModule } from '../../src/simulator/wasm/module-info';
import { buildC, ROOT } from './dwarf-build';

const built = buildC(path.join(ROOT, 'test/debug-adapter/fixtures/locals.c'), 'locals-sections');

test('a C module: DWARF found, debug sections stripped after the code section, code offsets unchanged', { skip: 'skip' in built ? `skipped: ${built.skip}` : false }, () => {
  if ('skip' in built) return;
  const wasm = new Uint8Array(readFileSync(built.wasm));
  const info = dwarfInfo(wasm);
  assert.equal(info.hasDwarf, true);
  const all = sections(wasm);
  assert.equal(info.codeStart, all.find((s) => s.id === 10)!.start);
  assert.ok(all.some((s) => s.name === '.debug_line'));
  const stripped = stripDebugSections(wasm);
  const wa = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  assert.ok(wa.validate(stripped));
  assert.ok(stripped.length < wasm.length / 4, `${stripped.length} of ${wasm.length} bytes`);
  assert.deepEqual(sections(stripped).map((s) => s.name ?? s.id), all.filter((s) => !s.name?.startsWith('.debug_')).map((s) => s.name ?? s.id));
  assert.equal(dwarfInfo(stripped).hasDwarf, false);
  // The device's offsets are the DWARF's: every function body where it was.
  assert.deepEqual(parseModule(stripped).bodies.map((b) => b.start), parseModule(wasm).bodies.map((b) => b.start));
});

test('not a module: no DWARF, no exception (the module reader says what is wrong)', () => {
  assert.deepEqual(dwarfInfo(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 10, 200])), { codeStart: -1, hasDwarf: false });
  assert.throws(() => sections(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 10, 200])), /runs past the end|unexpected end/);
});
