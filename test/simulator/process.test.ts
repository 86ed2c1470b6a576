/** The simulator as a process: CLI, flash persistence, connections, examples, native API, corner cases. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { uploadModule } from '../../src/device';
import { ErrorCode, ExitReason, Option, RunFlag, Scope, StepKind, StopFlag, StopReason } from '../../src/protocol';
import { conformanceModule } from '../conformance/modules';
import { Peer } from '../conformance/peer';
import { ROOT, type Simulator, assemble, example, startSimulator, stopAllSimulators } from './helpers';

const SIM = ['--import', 'tsx', join(ROOT, 'src/simulator/main.ts')];

after(stopAllSimulators);

describe('command line', () => {
  test('--help prints the usage; a bad option exits 2 with a message', () => {
    const h = spawnSync(process.execPath, [...SIM, '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(h.status, 0);
    assert.match(h.stdout, /--port N/);
    assert.match(h.stdout, /--pty/);
    const b = spawnSync(process.execPath, [...SIM, '--port', 'x'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 2);
    assert.match(b.stderr, /--port must be an integer/);
    const c = spawnSync(process.execPath, [...SIM, '--bogus'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(c.status, 2);
  });

  test('--flash DIR keeps the module across restarts; a temporary store is removed on exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-flash-'));
    try {
      const fib = await example('fib.wat');
      let sim = await startSimulator(['--port', '0', '--flash', dir, '--board-name', 'bench-board']);
      let p = await Peer.open(sim.url!);
      assert.equal(p.info.board, 'bench-board');
      await uploadModule(p.client, fib);
      await p.close();
      await sim.stop();
      assert.ok(existsSync(join(dir, 'active.json')));
      sim = await startSimulator(['--port', '0', '--flash', dir]);
      p = await Peer.open(sim.url!);
      assert.equal(p.info.moduleSize, fib.length);
      await p.request('run', { flags: 0, entry: '' });
      assert.equal((await p.take('exited')).code, 610);
      await p.close();
      await sim.stop();

      const t = await startSimulator(['--port', '0']);
      const m = /flash store (\S+) \(temporary\)/.exec(await waitFor(() => t.stderr(), /temporary/));
      assert.ok(m && existsSync(m[1]));
      await t.stop();
      assert.ok(!existsSync(m[1]), 'the temporary store is removed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitFor(get: () => string, re: RegExp, ms = 5000): Promise<string> {
  const end = Date.now() + ms;
  while (!re.test(get())) {
    if (Date.now() > end) throw new Error(`timeout waiting for ${re}: ${get()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return get();
}

describe('simulator process', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(['--port', '0']);
  });
  after(async () => {
    await sim?.stop();
  });

  async function deployed(wat: string | Uint8Array): Promise<Peer> {
    const p = await Peer.open(sim.url!);
    await p.idle();
    await p.deploy(typeof wat === 'string' ? await assemble(wat) : wat);
    return p;
  }

  test('a new connection replaces the old one', async () => {
    const a = await Peer.open(sim.url!);
    const closed = new Promise<void>((r) => a.client.onClose(() => r()));
    const b = await Peer.open(sim.url!);
    await closed;
    assert.ok(a.client.closed);
    assert.deepEqual([...(await b.request('ping', { data: new Uint8Array([5]) })).data], [5]);
    await b.close();
  });

  test('examples: fib logs the sequence and exits with fib(15)', async () => {
    const p = await deployed(await example('fib.wat'));
    try {
      await p.request('run', { flags: 0, entry: '' });
      const e = await p.take('exited');
      assert.equal(e.reason, ExitReason.returned);
      assert.equal(e.code, 610);
      const texts = p.events.filter((x) => x.name === 'output').map((x) => (x.name === 'output' ? x.text : ''));
      assert.deepEqual(texts.slice(0, 5), ['fib:', '0', '1', '1', '2']);
      assert.equal(texts.at(-1), '610');
    } finally {
      await p.close();
    }
  });

  test('examples: blink toggles LED 0 every 500 ms and echoes it on stderr', async () => {
    const p = await deployed(await example('blink.wat'));
    try {
      const t0 = Date.now();
      await p.request('run', { flags: 0, entry: 'main' });
      assert.equal((await p.take('output')).text, 'blink: LED 0 every 500 ms');
      const on = await p.take('led');
      assert.equal(on.led, 0);
      assert.equal(on.on, 1);
      const off = await p.take('led', (e) => e.on === 0, 3000);
      assert.equal(off.led, 0);
      assert.ok(Date.now() - t0 >= 450);
      await waitFor(() => sim.stderr(), /LED0 off/);
      await p.request('stop', {});
      await p.take('exited');
    } finally {
      await p.close();
    }
  });

  test('examples: button mirrors buttons on LEDs and logs presses', async () => {
    const p = await deployed(await example('button.wat'));
    try {
      for (let b = 0; b < 4; b++) await p.request('input', { button: b, pressed: 0 });
      await p.request('run', { flags: 0, entry: 'main' });
      await p.request('input', { button: 3, pressed: 1 });
      assert.equal((await p.take('led', (e) => e.led === 3)).on, 1);
      assert.equal((await p.take('output')).text, 'button pressed:');
      assert.equal((await p.take('output')).text, '3');
      await p.request('input', { button: 3, pressed: 0 });
      assert.equal((await p.take('led', (e) => e.led === 3)).on, 0);
      await p.fails('input', { button: 4, pressed: 1 }, ErrorCode.outOfBounds);
      await p.request('stop', {});
      await p.take('exited');
    } finally {
      await p.close();
    }
  });

  test('imports are checked against the native API at commit', async () => {
    const p = await Peer.open(sim.url!);
    try {
      await p.idle();
      const cases: [string, RegExp][] = [
        ['(module (import "env" "nope" (func)))', /unknown native function/],
        ['(module (import "env" "log" (func (param i32))))', /signature/],
        ['(module (import "wasi" "log" (func (param i32 i32))))', /unknown module/],
        ['(module (import "env" "memory" (memory 1)))', /only functions/],
      ];
      for (const [wat, re] of cases) {
        const bytes = await assemble(wat);
        await assert.rejects(uploadModule(p.client, bytes), (e: Error & { code?: number }) => e.code === ErrorCode.invalidModule && re.test(e.message));
      }
    } finally {
      await p.close();
    }
  });

  test('the start function is the entry when there is one; stop on entry stops in it', async () => {
    const p = await deployed(`(module (import "env" "exit" (func $exit (param i32)))
      (global $g (mut i32) (i32.const 0))
      (func $s (global.set $g (i32.const 5)) (call $exit (global.get $g)))
      (start $s))`);
    try {
      await p.request('run', { flags: RunFlag.stopOnEntry, entry: '' });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.entry);
      assert.equal(s.func, 1);
      await p.request('continue', {});
      const e = await p.take('exited');
      assert.equal(e.reason, ExitReason.exit);
      assert.equal(e.code, 5);
      await p.fails('run', { flags: 0, entry: 'main' }, ErrorCode.noSuchExport);
    } finally {
      await p.close();
    }
  });

  test('stop and reset reach a sleeping or paused module at once', async () => {
    const p = await deployed(`(module (import "env" "sleep_ms" (func $sleep (param i32)))
      (func (export "main") (loop $l (call $sleep (i32.const 60000)) (br $l))))`);
    try {
      await p.request('run', { flags: 0, entry: 'main' });
      await new Promise((r) => setTimeout(r, 50));
      let t = Date.now();
      await p.request('stop', {});
      assert.equal((await p.take('exited')).reason, ExitReason.stopped);
      assert.ok(Date.now() - t < 2000);
      await p.request('run', { flags: 0, entry: 'main' });
      await p.request('pause', {});
      await p.take('stopped');
      t = Date.now();
      await p.request('reset', {});
      await p.take('deviceReset');
      assert.ok(Date.now() - t < 2000);
      await p.hello();
      assert.equal(p.info.state, 0);
    } finally {
      await p.close();
    }
  });

  test('many locals: the stopped event carries the first ones, values pages the rest', async () => {
    const locals = Array.from({ length: 30 }, (_, i) => `(local $l${i} i32)`).join(' ');
    const sets = Array.from({ length: 30 }, (_, i) => `(local.set $l${i} (i32.const ${i * 10}))`).join(' ');
    const p = await deployed(`(module (func (export "main") (param $p i64) ${locals} ${sets} (nop)))`);
    try {
      await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'main' });
      const s = await p.take('stopped');
      assert.ok(s.locals.length > 0 && s.locals.length < 31);
      assert.equal(s.flags & StopFlag.localsComplete, 0);
      assert.deepEqual(s.locals[0], { type: 'i64', value: 0n });
      const all = await p.request('values', { scope: Scope.locals, frame: 0, start: 0 });
      assert.equal(all.total, 31);
      assert.equal(all.values.length, 31);
      const tail = await p.request('values', { scope: Scope.locals, frame: 0, start: 29 });
      assert.equal(tail.values.length, 2);
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 0);
    } finally {
      await p.close();
    }
  });

  test('memory can be read and written while the module runs', async () => {
    const p = await deployed(`(module (memory 1) (func (export "main") (loop $l (br_if $l (i32.eqz (i32.load (i32.const 8)))))))`);
    try {
      await p.request('run', { flags: 0, entry: 'main' });
      const r = await p.request('memRead', { address: 8, length: 4 });
      assert.deepEqual([...r.data], [0, 0, 0, 0]);
      await p.request('memWrite', { address: 8, data: new Uint8Array([1]) });
      assert.equal((await p.take('exited')).reason, ExitReason.returned, 'the loop saw the write');
      await p.fails('memRead', { address: 0, length: 1 }, ErrorCode.invalidState);
    } finally {
      await p.close();
    }
  });

  test('a trap in a native call (log out of bounds) is reported at the call', async () => {
    const p = await deployed(`(module (import "env" "log" (func $log (param i32 i32))) (memory 1)
      (func (export "main") (call $log (i32.const 65530) (i32.const 100))))`);
    try {
      await p.request('options', { flags: Option.stopOnTrap });
      await p.request('run', { flags: 0, entry: 'main' });
      const t = await p.take('trap');
      assert.match(t.message, /out of bounds/);
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.trap);
      assert.equal(s.pc, t.pc);
      await p.request('run', { flags: 0, entry: 'main' });
      assert.equal((await p.take('exited')).reason, ExitReason.trap, 'run leaves the trapped state');
      await p.take('trap');
      await p.take('stopped');
      await p.request('stop', {});
    } finally {
      await p.close();
    }
  });

  test('uptime_ms counts from boot; sleep_ms sleeps', async () => {
    const p = await deployed(`(module (import "env" "uptime_ms" (func $up (result i64))) (import "env" "sleep_ms" (func $sleep (param i32)))
      (func (export "main") (result i32) (local $t i64)
        (local.set $t (call $up)) (call $sleep (i32.const 120)) (i32.wrap_i64 (i64.sub (call $up) (local.get $t)))))`);
    try {
      await p.request('run', { flags: 0, entry: 'main' });
      const e = await p.take('exited');
      assert.ok(e.code >= 115 && e.code < 1000, `slept ${e.code} ms`);
    } finally {
      await p.close();
    }
  });

  test('step into a native call steps over it', async () => {
    const p = await deployed(`(module (import "env" "log_i32" (func $log (param i32)))
      (func (export "main") (call $log (i32.const 1)) (call $log (i32.const 2))))`);
    try {
      await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'main' });
      const s0 = await p.take('stopped');
      await p.request('step', { kind: StepKind.into, ranges: [] });
      const s1 = await p.take('stopped');
      await p.request('step', { kind: StepKind.into, ranges: [] });
      const s2 = await p.take('stopped');
      assert.equal(s2.depth, 1);
      assert.ok(s2.pc > s1.pc && s1.pc > s0.pc);
      assert.equal((await p.take('output')).text, '1');
      await p.request('continue', {});
      await p.take('exited');
    } finally {
      await p.close();
    }
  });
});

describe('--debug on-demand', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(['--port', '0', '--quiet', '--debug', 'on-demand']);
  });
  after(async () => {
    await sim?.stop();
  });

  test('runs without the debugger; breakpoints set before the run, pause and stepping work', async () => {
    const m = await conformanceModule();
    const p = await Peer.open(sim.url!);
    try {
      await p.idle();
      await p.deploy(m.bytes);
      await p.request('run', { flags: 0, entry: 'main' });
      assert.equal((await p.take('exited')).code, 42);
      await p.request('bpSet', { offsets: [m.at('add', 2)] });
      await p.request('run', { flags: 0, entry: 'main' });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.breakpoint);
      await p.request('step', { kind: StepKind.over, ranges: [] });
      assert.equal((await p.take('stopped')).pc, m.at('add', 3));
      await p.request('bpClear', { offsets: [] });
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 42);
      // A module started without breakpoints runs without the debugger; pause still stops it.
      await p.request('run', { flags: 0, entry: 'spin' });
      await new Promise((r) => setTimeout(r, 50));
      await p.request('pause', {});
      const q = await p.take('stopped');
      assert.equal(q.reason, StopReason.pause);
      assert.equal(q.func, m.index('spin'));
      await p.request('stop', {});
      await p.take('exited');
    } finally {
      await p.close();
    }
  });
});
