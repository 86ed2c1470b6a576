import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseListeningLine, SimulatorProcess } from '../../src/simulator/process';

test('the listening line gives host:port', () => {
  assert.equal(parseListeningLine('nrf-wasm simulator listening on tcp://127.0.0.1:40123'), '127.0.0.1:40123');
  assert.equal(parseListeningLine('[sim] Listening on tcp://[::1]:4000 (board nrf5340dk-sim)'), '[::1]:4000');
  assert.equal(parseListeningLine('starting...'), undefined);
});

function script(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-sim-'));
  const p = join(dir, 'simulator.js');
  writeFileSync(p, body);
  return p;
}

test('start() waits for the listening line, passes --port and the extra args, stop() ends it', async () => {
  const p = script(`
    const port = process.argv[process.argv.indexOf('--port') + 1];
    console.log('booting');
    setTimeout(() => console.log('simulator listening on tcp://127.0.0.1:' + (port === '0' ? 41234 : port) + ' args=' + process.argv.slice(4).join(',')), 50);
    setInterval(() => {}, 1000);
  `);
  const sim = new SimulatorProcess();
  const lines: string[] = [];
  const addr = await sim.start({ script: p, port: 0, args: ['--leds', '4'], onOutput: (l) => lines.push(l) });
  assert.equal(addr, '127.0.0.1:41234');
  assert.ok(sim.running);
  assert.equal(await sim.start({ script: p, port: 0, args: [] }), addr, 'a second start returns the running one');
  assert.deepEqual(lines[0], 'booting');
  assert.match(lines[1], /args=--leds,4$/);
  await sim.stop();
  assert.ok(!sim.running);
});

test('a missing simulator build and an early exit are reported in words', async () => {
  const sim = new SimulatorProcess();
  await assert.rejects(sim.start({ script: '/nonexistent/dist/simulator.js', port: 0, args: [] }), /simulator is not part of this build/);
  const p = script(`console.error('EADDRINUSE: port 4000 in use'); process.exit(3);`);
  await assert.rejects(sim.start({ script: p, port: 4000, args: [] }), /exited \(code 3\) before listening.*EADDRINUSE/);
});

test('bad simulator arguments (nrfWasm.simulator.args): the reason, not the end of the usage text', async () => {
  const sim = new SimulatorProcess();
  const main = join(__dirname, '..', '..', 'src', 'simulator', 'main.ts');
  const err = await sim.start({ script: main, execArgv: ['--import', 'tsx'], port: 0, args: ['--no-such-option'] }).then(() => undefined, (e: Error) => e);
  assert.ok(err, 'the simulator must not start');
  assert.match(err.message, /exited \(code 2\) before listening\. It said: .*no-such-option/);
  assert.doesNotMatch(err.message, /--quiet|--flash|usage/i, err.message);
});
