/**
 * BLE end to end against the real simulator (src/simulator): noble (real) -> simulated radio
 * (test double) -> TCP -> simulator. Deploys a 24 KiB module in MTU-sized writes, cuts the radio
 * link mid-upload, reconnects and resumes, then runs it. Skipped while src/simulator/main.ts
 * does not exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connectDevice, uploadModule, LinkLostError, sha256 } from '../../src/device';
import { BleTransport, nobleWithBinding } from '../../src/transport/ble';
import { assemble } from '../../src/wat';
import { parseListeningLine } from '../../src/simulator/process';
import { SimulatedRadio } from './simulated-radio';
import { optionalMissing } from '../optional/packages';

const NOBLE_MISSING = optionalMissing('@stoprocent/noble');
if (NOBLE_MISSING) console.log(`skipped: ${NOBLE_MISSING}`);

const root = join(__dirname, '..', '..');
const simMain = join(root, 'src/simulator/main.ts');

function bigModule(): Uint8Array {
  const data = Array.from({ length: 24 * 1024 }, (_, i) => `\\${((i * 37) & 0xff).toString(16).padStart(2, '0')}`).join('');
  const r = assemble(`(module (memory 1) (data (i32.const 0) "${data}") (func (export "main") (result i32) (i32.const 42)))`);
  assert.ok(r.ok && r.wasm, JSON.stringify(r.diagnostics));
  return r.wasm;
}

async function startSimulator(): Promise<{ proc: ChildProcess; address: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', simMain, '--port', '0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${out}`)), 20_000);
    const on = (d: Buffer) => {
      out += d.toString();
      const a = parseListeningLine(out);
      if (a) {
        clearTimeout(timer);
        resolve(a);
      }
    };
    proc.stdout!.on('data', on);
    proc.stderr!.on('data', on);
    proc.once('exit', (c) => reject(new Error(`simulator exited ${c}: ${out}`)));
  });
  return { proc, address };
}

test('deploy over BLE to the simulator, cut mid-upload, resume, run', { skip: NOBLE_MISSING ?? (!existsSync(simMain) && 'src/simulator/main.ts does not exist yet'), timeout: 60_000 }, async () => {
  const { proc, address } = await startSimulator();
  try {
    const radio = new SimulatedRadio();
    const id = radio.add({ name: 'nrf-wasm-sim', address: 'c2:00:00:00:00:01', endpoint: address, mtu: 247 });
    const noble = nobleWithBinding(radio);
    const transport = new BleTransport({ device: 'nrf-wasm-sim', noble: () => noble, scanTimeoutMs: 3000 });
    const module = bigModule();

    radio.dropAfterWrites(id, 40); // ~10 KB into the upload
    const a = await connectDevice(transport);
    assert.equal(a.info.board, 'simulator');
    await assert.rejects(uploadModule(a.client, module), (e: Error) => e instanceof LinkLostError && /out of range/.test(e.message));

    radio.dropAfterWrites(id, undefined);
    const b = await connectDevice(transport);
    const r = await uploadModule(b.client, module);
    assert.ok(r.resumedFrom > 0, `resumed from ${r.resumedFrom}`);
    assert.equal(r.sha256, Buffer.from(sha256(module)).toString('hex'));
    assert.equal(radio.stats(id).oversizeWrites, 0);

    const exited = new Promise<{ reason: number; code: number }>((resolve) => b.client.onEvent((e) => e.name === 'exited' && resolve(e)));
    await b.client.request('run', { flags: 0, entry: 'main' });
    const ex = await exited;
    assert.deepEqual([ex.reason, ex.code], [0, 42]);
    await b.client.close();
  } finally {
    proc.kill();
  }
});
