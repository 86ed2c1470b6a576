import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProgram } from '../../src/debug-adapter/program/from-wat';
import { BuildError, buildWat, outputPaths, summarizeDiagnostics } from '../../src/extension/build';

const good = `(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
`;

test('Build writes .wasm and a Source Map v3 .wasm.map beside the .wat', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-build-'));
  const wat = join(dir, 'add.wat');
  writeFileSync(wat, good);
  const r = await buildWat(wat);
  assert.ok(r.ok && r.written, JSON.stringify(r.diagnostics));
  assert.equal(r.wasmPath, join(dir, 'add.wasm'));
  const wasm = readFileSync(r.wasmPath);
  assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  assert.ok(WebAssemblyValidate(wasm));
  const map = JSON.parse(readFileSync(r.mapPath, 'utf8'));
  assert.equal(map.version, 3);
  assert.deepEqual(map.sources, ['add.wat']);
  assert.equal(map.file, 'add.wasm');
  assert.ok(map.mappings.length > 0);
});

test('Build writes into the output folder; the map still finds the .wat, and the debugger loads it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-build-'));
  mkdirSync(join(dir, 'src'));
  const wat = join(dir, 'src', 'add.wat');
  writeFileSync(wat, good);
  const r = await buildWat(wat, undefined, { outputFolder: 'build/wasm', baseDir: dir });
  assert.ok(r.ok && r.written);
  assert.equal(r.wasmPath, join(dir, 'build', 'wasm', 'add.wasm'));
  assert.ok(!existsSync(join(dir, 'src', 'add.wasm')), 'nothing beside the source');
  assert.deepEqual(JSON.parse(readFileSync(r.mapPath, 'utf8')).sources, ['../../src/add.wat']);
  // The debug adapter, given the .wasm, finds and uses the .wat through the map.
  const loaded = loadProgram(r.wasmPath);
  assert.equal(loaded.image.sourcePath, wat);
  assert.deepEqual(loaded.warnings, []);
  assert.equal(outputPaths(wat, { outputFolder: '/abs/out' }).wasmPath, '/abs/out/add.wasm');
  assert.equal(outputPaths(wat, { outputFolder: ' ' }).wasmPath, join(dir, 'src', 'add.wasm'));
});

test('Build uses the editor text (unsaved changes) when given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-build-'));
  const wat = join(dir, 'x.wat');
  writeFileSync(wat, '(module (func $broken');
  const r = await buildWat(wat, good);
  assert.ok(r.ok);
});

test('Build errors are diagnostics with positions, and nothing is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-build-'));
  const wat = join(dir, 'bad.wat');
  const text = '(module\n  (func (result i32)\n    local.get $nope))\n';
  writeFileSync(wat, text);
  const r = await buildWat(wat);
  assert.ok(!r.ok);
  assert.ok(!r.written);
  assert.ok(!existsSync(outputPaths(wat).wasmPath));
  const err = r.diagnostics.find((d) => d.severity === 'error')!;
  assert.equal(err.range.start.line, 2);
  assert.match(summarizeDiagnostics(wat, r.diagnostics), /^1 error: bad\.wat:3:\d+: /);
});

test('.wast scripts are not built, in words', async () => {
  await assert.rejects(buildWat('/tmp/spec.wast', '(module)'), (e: Error) => e instanceof BuildError && /\.wast script/.test(e.message));
});

function WebAssemblyValidate(bytes: Uint8Array): boolean {
  return (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(bytes);
}
