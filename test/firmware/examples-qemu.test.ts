/**
 * The examples on the emulated Cortex-M33 board, as a user runs them: `run-module --qemu`
 * (QEMU started by the command, the module uploaded and run over the board's UART through the
 * real `serialport`), and button.wat driven through the protocol's `input` request. Needs
 * WAMR_ROOT, qemu-system-arm and arm-none-eabi-gcc, else one skip line.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DeviceState } from '../../src/protocol';
import { assemble, parseWat } from '../../src/wat';
import { Peer } from '../conformance/peer';
import { repoRoot } from './host-device';
import { buildQemuImage, qemuSkipReason, startQemu, type QemuDevice } from './qemu-device';

const skip = qemuSkipReason();
const cli = join(repoRoot, 'src/cli/run-module.ts');

if (skip) {
  test('examples: emulated Cortex-M33 (QEMU)', (t) => {
    console.log(`skipped: ${skip}`);
    t.skip(skip);
  });
} else {
  describe('examples on the emulated Cortex-M33 (QEMU)', () => {
    let image = '';
    const store = () => join(mkdtempSync(join(tmpdir(), 'nrfw-qemu-ex-')), 'store.bin');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', cli, ...args, '--qemu', '--image', image, '--store', store()], { cwd: repoRoot, encoding: 'utf8', timeout: 60000 });
    before(() => {
      image = buildQemuImage(true);
    });

    test('run-module --qemu: fib runs to completion on the board, its log on stdout, exit 0', () => {
      const r = run('examples/fib.wat');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n').slice(-3), ['233', '377', '610']);
      assert.match(r.stderr, /mps2\/an505 \(QEMU\) \(wamr 2\.4\.5\) over serial/);
      assert.match(r.stderr, /exited \(returned\) with code 610/);
    });

    test('run-module --qemu: a trap is reported with WAMR\'s message and fails the command', () => {
      const r = run('test/debug-adapter/fixtures/prog.wat', '--entry', 'crash');
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /trap at 0x[0-9a-f]+: integer divide by zero/);
    });

    test('run-module --qemu: blink toggles LED 0 every 500 ms until interrupted', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, 'examples/blink.wat', '--qemu', '--image', image, '--store', store()], { cwd: repoRoot });
      let err = '';
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const toggled = new Promise<void>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          if (/LED0 on[\s\S]*LED0 off[\s\S]*LED0 on/.test(err)) resolve();
        });
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      await Promise.race([toggled, exited]);
      assert.match(out, /blink: LED 0 every 500 ms/);
      child.kill('SIGINT');
      await exited;
      assert.match(err, /exited \(stopped\)/, err);
    });

    test('a deployed module is kept in the store file: after a QEMU restart it runs at boot', async () => {
      const r = assemble(parseWat(readFileSync(join(repoRoot, 'examples/blink.wat'), 'utf8'), 'blink.wat'));
      assert.ok(r.ok && r.wasm);
      const dev = await startQemu(image);
      try {
        let p = await Peer.open(dev.address);
        try {
          await p.deploy(r.wasm);
        } finally {
          await p.close();
        }
        await dev.restart(); // power cycle: a new QEMU on the same store file
        p = await Peer.open(dev.address);
        try {
          assert.equal(p.info.moduleSha256, createHash('sha256').update(r.wasm).digest('hex'));
          assert.equal(p.info.state, DeviceState.running, 'blink started at boot');
          await p.take('led', (e) => e.led === 0);
          await p.request('stop', {});
          await p.take('exited');
        } finally {
          await p.close();
        }
      } finally {
        await dev.stop();
      }
    });

    describe('button.wat through the input request', () => {
      let dev: QemuDevice | undefined;
      before(async () => {
        dev = await startQemu(image, { noAutorun: true });
      });
      after(async () => {
        await dev?.stop();
      });
      test('a pressed button lights its LED and is logged; released, the LED goes off', async () => {
        const r = assemble(parseWat(readFileSync(join(repoRoot, 'examples/button.wat'), 'utf8'), 'button.wat'));
        assert.ok(r.ok && r.wasm);
        const p = await Peer.open(dev!.address);
        try {
          await p.deploy(r.wasm);
          await p.request('run', { flags: 0, entry: '' });
          await p.request('input', { button: 3, pressed: 1 });
          await p.take('led', (e) => e.led === 3 && e.on === 1);
          await p.take('output', (e) => e.text === '3');
          await p.request('input', { button: 3, pressed: 0 });
          await p.take('led', (e) => e.led === 3 && e.on === 0);
          await p.request('stop', {});
          await p.take('exited');
        } finally {
          await p.close();
        }
      });
    });
  });
}
