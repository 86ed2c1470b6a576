import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LAUNCH_ATTRIBUTES, ATTACH_ATTRIBUTES } from '../../src/debug-adapter/launch-config';
import { configurationSnippets, defaultTarget, dynamicConfigurations, initialConfigurations, resolveDebugConfig, type ResolveContext } from '../../src/extension/debug-config';
import { DEFAULT_SETTINGS } from '../../src/extension/settings';

const ctx = (o: Partial<ResolveContext> = {}): ResolveContext => ({ settings: { ...DEFAULT_SETTINGS }, activeFile: '/w/blink.wat', ...o });

test('F5 with no launch.json on an open .wat launches it on the simulator', () => {
  const r = resolveDebugConfig({}, ctx());
  assert.equal(r.kind, 'config');
  assert.deepEqual(r.kind === 'config' && r.config, { type: 'nrf-wasm', request: 'launch', name: 'Debug blink.wat', program: '/w/blink.wat', transport: 'simulator' });
});

test('F5 with no launch.json uses the last device used', () => {
  const r = resolveDebugConfig({}, ctx({ lastTarget: { transport: 'serial', serialPort: '/dev/ttyACM0' } }));
  assert.ok(r.kind === 'config');
  assert.equal(r.config.transport, 'serial');
  assert.equal(r.config.serialPort, '/dev/ttyACM0');
  assert.equal(r.config.baudRate, 1_000_000, 'baud from the settings');
  const b = resolveDebugConfig({}, ctx({ lastTarget: { transport: 'ble', bleDevice: 'c1:22:33:44:55:66', name: 'nrf-wasm-1' } }));
  assert.ok(b.kind === 'config');
  assert.deepEqual([b.config.transport, b.config.bleDevice], ['ble', 'c1:22:33:44:55:66']);
});

test('F5 with nothing to debug says what to open', () => {
  const r = resolveDebugConfig({}, ctx({ activeFile: '/w/readme.md' }));
  assert.equal(r.kind, 'error');
  assert.match(r.kind === 'error' ? r.message : '', /Open a \.wat or \.wasm file/);
  assert.equal(resolveDebugConfig({}, ctx({ activeFile: undefined })).kind, 'error');
});

test('F5 on a C or Rust file beside a Makefile builds with make and debugs main.wasm; without a Makefile it says what to open', () => {
  const files = new Set(['/w/c-blink/Makefile', '/w/rust-fib/Makefile', '/w/tool/app.wasm', '/w/tool/Makefile']);
  const exists = (p: string) => files.has(p);
  const c = resolveDebugConfig({}, ctx({ activeFile: '/w/c-blink/main.c', fileExists: exists }));
  assert.ok(c.kind === 'config');
  assert.deepEqual([c.config.program, c.config.build, c.config.name], ['/w/c-blink/main.wasm', 'make', 'Debug main.wasm']);
  const rs = resolveDebugConfig({}, ctx({ activeFile: '/w/rust-fib/main.rs', fileExists: exists }));
  assert.ok(rs.kind === 'config' && rs.config.program === '/w/rust-fib/main.wasm');
  const own = resolveDebugConfig({}, ctx({ activeFile: '/w/tool/app.c', fileExists: exists }));
  assert.ok(own.kind === 'config' && own.config.program === '/w/tool/app.wasm');
  const none = resolveDebugConfig({}, ctx({ activeFile: '/w/lone/x.c', fileExists: exists }));
  assert.equal(none.kind, 'error');
  assert.match(none.kind === 'error' ? none.message : '', /C, C\+\+ or Rust file beside the Makefile/);
});

test('a .wasm is debuggable too; .wast is accepted as a program file', () => {
  for (const f of ['/w/a.wasm', '/w/b.wast']) assert.equal(resolveDebugConfig({}, ctx({ activeFile: f })).kind, 'config');
});

test('a configuration without program takes the active file; without one it fails in words', () => {
  const r = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 'x', transport: 'tcp' }, ctx());
  assert.ok(r.kind === 'config');
  assert.equal(r.config.program, '/w/blink.wat');
  assert.equal(r.config.address, '127.0.0.1:4000', 'tcp address from the settings');
  const e = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 'x' }, ctx({ activeFile: undefined }));
  assert.ok(e.kind === 'error' && /"x" has no "program"/.test(e.message));
});

test('serial without a port asks for a device, unless one was used before', () => {
  const r = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 's', program: '${file}', transport: 'serial' }, ctx());
  assert.equal(r.kind, 'pickDevice');
  assert.equal(r.kind === 'pickDevice' && r.transport, 'serial');
  const s = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 's', program: '${file}', transport: 'serial' }, ctx({ lastTarget: { transport: 'serial', serialPort: 'COM5', baudRate: 115200 } }));
  assert.ok(s.kind === 'config');
  assert.equal(s.config.serialPort, 'COM5');
});

test('default transport "serial" with no device picked yet asks for one', () => {
  const settings = { ...DEFAULT_SETTINGS, defaultTransport: 'serial' as const };
  assert.equal(defaultTarget({ settings }), 'serial');
  assert.equal(resolveDebugConfig({}, ctx({ settings })).kind, 'pickDevice');
  assert.deepEqual(defaultTarget({ settings: { ...DEFAULT_SETTINGS, defaultTransport: 'ble' } }), { transport: 'ble', bleDevice: '' });
});

test('explicit fields are kept; unknown transports are refused', () => {
  const r = resolveDebugConfig({ type: 'nrf-wasm', request: 'attach', name: 'a', program: 'p.wasm', transport: 'serial', serialPort: '/dev/ttyUSB1', baudRate: 115200, trace: false }, ctx({ settings: { ...DEFAULT_SETTINGS, trace: true } }));
  assert.ok(r.kind === 'config');
  assert.deepEqual([r.config.request, r.config.serialPort, r.config.baudRate, r.config.trace], ['attach', '/dev/ttyUSB1', 115200, false]);
  const u = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 'u', program: 'p', transport: 'usb' }, ctx());
  assert.ok(u.kind === 'error' && /Unknown "transport"/.test(u.message));
});

test('the running simulator\'s address is handed to the adapter', () => {
  const r = resolveDebugConfig({}, ctx({ simulatorAddress: '127.0.0.1:45001' }));
  assert.ok(r.kind === 'config');
  assert.equal(r.config.address, '127.0.0.1:45001');
});

test('trace follows the setting when the configuration does not say', () => {
  const r = resolveDebugConfig({}, ctx({ settings: { ...DEFAULT_SETTINGS, trace: true } }));
  assert.ok(r.kind === 'config' && r.config.trace === true);
});

test('dynamic configurations: the simulator first, one per device, no duplicates', () => {
  const c = dynamicConfigurations([{ transport: 'serial', serialPort: '/dev/ttyACM0' }, { transport: 'simulator' }, { transport: 'serial', serialPort: '/dev/ttyACM0' }, { transport: 'ble', bleDevice: 'aa:bb:cc:dd:ee:ff', name: 'nrf-wasm-7' }]);
  assert.deepEqual(c.map((x) => x.name), ['Debug on Simulator', 'Debug on Serial ttyACM0', 'Debug on BLE nrf-wasm-7']);
  assert.ok(c.every((x) => x.type === 'nrf-wasm' && x.request === 'launch' && x.program === '${file}'));
});

test('initial configurations and snippets use only declared launch/attach attributes', () => {
  const known = (req: string) => new Set(['type', 'request', 'name', ...Object.keys(req === 'attach' ? ATTACH_ATTRIBUTES : LAUNCH_ATTRIBUTES)]);
  for (const c of initialConfigurations()) for (const k of Object.keys(c)) assert.ok(known(c.request!).has(k), k);
  const snippets = configurationSnippets();
  assert.deepEqual(snippets.map((s) => s.body.transport), ['simulator', 'serial', 'ble', 'serial']);
  for (const s of snippets) {
    for (const k of Object.keys(s.body)) assert.ok(known(s.body.request as string).has(k), `${s.label}: ${k}`);
    assert.equal(s.body.program, '^"\\${file}"', 'snippet bodies escape ${file}');
  }
});

test('the nrfWasm.serial.port setting names the board when none was picked', () => {
  const settings = { ...DEFAULT_SETTINGS, defaultTransport: 'serial' as const, serialPort: '/dev/ttyACM2' };
  assert.deepEqual(defaultTarget({ settings }), { transport: 'serial', serialPort: '/dev/ttyACM2' });
  const r = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 's', program: '${file}', transport: 'serial' }, ctx({ settings }));
  assert.ok(r.kind === 'config');
  assert.equal(r.config.serialPort, '/dev/ttyACM2');
  // A device picked with Select Device wins over the setting.
  const p = resolveDebugConfig({ type: 'nrf-wasm', request: 'launch', name: 's', program: '${file}', transport: 'serial' }, ctx({ settings, lastTarget: { transport: 'serial', serialPort: 'COM5' } }));
  assert.ok(p.kind === 'config' && p.config.serialPort === 'COM5');
});
