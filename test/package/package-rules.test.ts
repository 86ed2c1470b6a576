/**
 * The platform packaging rules (scripts/package.mjs) and the Node-API check
 * (scripts/check-package.mjs), without running vsce: which prebuild serves which VS Code target,
 * what each target's package lists, and that a V8/NAN addon is told apart from a Node-API one
 * (real ELF objects built here with gcc). The packages themselves are built and checked by
 * `npm run package` + `npm run package:check` (.ci/run), which take minutes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { optionalMissing } from '../optional/packages';

/** The staged file lists come from node_modules: without noble there is nothing of it to list. */
const NOBLE_MISSING = optionalMissing('@stoprocent/noble');
if (NOBLE_MISSING) console.log(`skipped: ${NOBLE_MISSING}`);

// The scripts are ES modules; this test file is CommonJS (the project's module setting).
const pkg = import('../../scripts/package.mjs');
const check = import('../../scripts/check-package.mjs');

test('a prebuild serves only its own target (directory, libc)', async () => {
  const { prebuildServes } = await pkg;
  const sp = (dir: string, file: string) => `node_modules/@serialport/bindings-cpp/prebuilds/${dir}/${file}`;
  assert.ok(prebuildServes(sp('linux-x64', 'x.glibc.node'), 'linux-x64'));
  assert.ok(!prebuildServes(sp('linux-x64', 'x.musl.node'), 'linux-x64'));
  assert.ok(prebuildServes(sp('linux-x64', 'x.musl.node'), 'alpine-x64'));
  assert.ok(!prebuildServes(sp('linux-x64', 'x.glibc.node'), 'alpine-x64'));
  assert.ok(prebuildServes(sp('linux-arm64', 'x.armv8.node'), 'alpine-arm64'), 'untagged: any libc, as node-gyp-build loads it');
  assert.ok(prebuildServes(sp('linux-arm', 'x.armv7.glibc.node'), 'linux-armhf'));
  assert.ok(prebuildServes(sp('darwin-x64+arm64', 'x.node'), 'darwin-arm64'));
  assert.ok(prebuildServes(sp('darwin-x64+arm64', 'x.node'), 'darwin-x64'));
  assert.ok(!prebuildServes(sp('win32-ia32', 'x.node'), 'win32-x64'));
  assert.ok(!prebuildServes(sp('android-arm64', 'x.node'), 'linux-arm64'));
  assert.ok(!prebuildServes('node_modules/@stoprocent/noble/build/Release/noble.node', 'linux-x64'), 'a local build never ships');
});

test('each target lists its own native files only: serialport everywhere, noble on macOS/Windows, the HCI socket on Linux', { skip: NOBLE_MISSING }, async () => {
  const { TARGETS, runtimeFiles, prebuildServes } = await pkg;
  const natives = (t: string) => runtimeFiles(t).filter((l) => l.endsWith('.node'));
  for (const t of Object.keys(TARGETS)) {
    const n = natives(t);
    for (const f of n) assert.ok(prebuildServes(f, t), `${t}: ${f}`);
    const os = t.split('-')[0];
    assert.equal(n.some((l) => l.includes('@stoprocent/noble/')), ['darwin', 'win32'].includes(os) && t !== 'win32-arm64', `${t}: noble's addon`);
    assert.equal(n.some((l) => l.includes('bluetooth-hci-socket/')), os === 'linux' || os === 'alpine', `${t}: HCI socket`);
    assert.ok(n.some((l) => l.includes('@serialport/bindings-cpp/')), `${t}: serialport`);
  }
  const linux = runtimeFiles('linux-x64');
  assert.ok(linux.includes('node_modules/dbus-next/index.js'), 'BlueZ binding dependency');
  assert.ok(linux.includes('node_modules/@stoprocent/noble/lib/dbus/bindings.js'));
  assert.ok(!linux.some((l) => /usocket|patch-package|node-addon-api|\/test\//.test(l)), 'no build tools, NAN sockets or tests');
});

test('the Node-API check tells a NAN/V8 addon from a Node-API one (ELF objects built here)', async (t) => {
  const { nodeApiVerdict } = await check;
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
  } catch {
    t.skip('gcc not installed');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-napi-'));
  try {
    const build = (name: string, body: string) => {
      writeFileSync(join(dir, `${name}.c`), body);
      execFileSync('gcc', ['-shared', '-fPIC', '-o', join(dir, `${name}.node`), join(dir, `${name}.c`)]);
      return join(dir, `${name}.node`);
    };
    const napi = build('napi', 'extern int napi_create_object(void*, void*); int init(void) { return napi_create_object(0, 0); }');
    // What a NAN addon imports: V8's C++ API by its Itanium-mangled names.
    const nan = build('nan', 'extern int napi_create_object(void*, void*); extern void* _ZN2v87Isolate10GetCurrentEv(void);\n'
      + 'int init(void) { return _ZN2v87Isolate10GetCurrentEv() != 0 && napi_create_object(0, 0); }');
    const none = build('none', 'int init(void) { return 0; }');
    assert.deepEqual(nodeApiVerdict(napi), { format: 'ELF', napi: 1, bad: [], ok: true });
    const v = nodeApiVerdict(nan);
    assert.equal(v.ok, false);
    assert.deepEqual(v.bad, ['_ZN2v87Isolate10GetCurrentEv']);
    assert.equal(nodeApiVerdict(none).ok, false, 'an addon that imports no napi_ function is not evidence of Node-API');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
