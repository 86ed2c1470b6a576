/**
 * The simulator ends on SIGTERM whatever its CPU thread is doing: running, sleeping, or paused in
 * the inspector (a paused thread only ends once resumed: shutdown must resume it).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, test } from 'node:test';
import { Option, RunFlag, StopReason } from '../../src/protocol';
import { conformanceModule } from '../conformance/modules';
import { Peer } from '../conformance/peer';
import { ROOT, startSimulator, stopAllSimulators } from './helpers';

after(stopAllSimulators);

async function scenario(setup: (p: Peer, m: Awaited<ReturnType<typeof conformanceModule>>) => Promise<void>, keepHost = true): Promise<void> {
  const m = await conformanceModule();
  const sim = await startSimulator(['--port', '0', '--quiet']);
  const p = await Peer.open(sim.url!);
  await p.deploy(m.bytes);
  await setup(p, m);
  if (!keepHost) await p.close();
  assert.equal(await sim.terminate(), 0, `the simulator exits by itself on SIGTERM:\n${sim.stderr().slice(-1000)}`);
  if (keepHost) await p.close().catch(() => {});
}

test('SIGTERM ends a simulator whose module is stopped at a breakpoint', () =>
  scenario(async (p, m) => {
    await p.request('bpSet', { offsets: [m.at('add', 1)] });
    await p.request('run', { flags: 0, entry: 'main' });
    assert.equal((await p.take('stopped')).reason, StopReason.breakpoint);
  }));

test('SIGTERM ends a simulator paused on entry with its host gone', () =>
  scenario(async (p) => {
    await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'spin' });
    assert.equal((await p.take('stopped')).reason, StopReason.entry);
  }, false));

test('SIGTERM ends a simulator stopped at a trap', () =>
  scenario(async (p) => {
    await p.request('options', { flags: Option.stopOnTrap });
    await p.request('run', { flags: 0, entry: 'div' });
    assert.equal((await p.take('stopped')).reason, StopReason.trap);
  }));

test('SIGTERM ends a simulator paused while spinning', () =>
  scenario(async (p) => {
    await p.request('run', { flags: 0, entry: 'spin' });
    await new Promise((r) => setTimeout(r, 100));
    await p.request('pause', {});
    assert.equal((await p.take('stopped', () => true, 3000)).reason, StopReason.pause);
  }));

test('SIGTERM right after a pause request that has not landed yet (the module sleeps in a native)', () =>
  scenario(async (p) => {
    await p.request('run', { flags: 0, entry: 'nap' });
    await new Promise((r) => setTimeout(r, 100));
    await p.request('pause', {});
  }));

test('SIGTERM while a stop request ends a paused module', () =>
  scenario(async (p, m) => {
    await p.request('bpSet', { offsets: [m.at('add', 1)] });
    await p.request('run', { flags: 0, entry: 'main' });
    await p.take('stopped');
    p.client.request('stop', {}).catch(() => {});
  }));

test('a thread paused in the inspector would hang process.exit: releaseAll lets it go (the exit shutdown takes)', async () => {
  // A child process with one worker paused at a `debugger` statement, then the simulator's exit
  // sequence: WorkerInspector.releaseAll(), process.exit(0). Without the release the child hangs.
  const script = `
    const { Worker } = require('node:worker_threads');
    const { WorkerInspector } = require(${JSON.stringify(require.resolve('../../src/simulator/engine/worker-inspector'))});
    (async () => {
      const ins = new WorkerInspector();
      await ins.whenReady();
      const w = new Worker('globalThis.__nrfSimThread = require("node:worker_threads").threadId; setInterval(() => {}, 1000); setTimeout(() => { debugger; }, 300);', { eval: true });
      const t = await ins.attached(w.threadId);
      await new Promise((resolve) => { t.on('Debugger.paused', resolve); t.post('Debugger.enable'); });
      process.stdout.write('paused\\n');
      await ins.releaseAll();
      process.exit(0);
    })();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  clearTimeout(timer);
  assert.equal(out.trim(), 'paused');
  assert.equal(code ?? signal, 0, 'the process exits although its worker was paused in the inspector');
});

test('ending CPU threads over and over never takes the simulator down (no inspector message reaches a dying thread)', async () => {
  // Node aborts the process (SIGABRT, no message) when an inspector message reaches a worker
  // whose inspector is being torn down; it took 50 to 100 stop cycles to hit when stop resumed
  // the thread after terminating it. Every way a run ends, on one simulator, many times.
  const m = await conformanceModule();
  const sim = await startSimulator(['--port', '0', '--quiet']);
  const p = await Peer.open(sim.url!);
  try {
    await p.deploy(m.bytes);
    for (let i = 0; i < 40; i++) {
      switch (i % 5) {
        case 0: // stopped on entry, then stop
          await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'spin' });
          await p.take('stopped');
          await p.request('stop', {});
          await p.take('exited');
          break;
        case 1: // paused while spinning, then stop
          await p.request('run', { flags: 0, entry: 'spin' });
          await p.request('pause', {});
          await p.take('stopped');
          await p.request('stop', {});
          await p.take('exited');
          break;
        case 2: // stopped while sleeping in a native, the debugger on
          await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'nap' });
          await p.take('stopped');
          await p.request('continue', {});
          await p.request('stop', {});
          await p.take('exited');
          break;
        case 3: // reset while spinning
          await p.request('run', { flags: 0, entry: 'spin' });
          await p.request('reset', {});
          await p.take('deviceReset');
          await p.hello();
          break;
        default: // returns by itself
          await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'main' });
          await p.take('stopped');
          await p.request('continue', {});
          await p.take('exited');
      }
    }
    assert.deepEqual([...(await p.request('ping', { data: new Uint8Array([1]) })).data], [1]);
  } finally {
    await p.close();
  }
  assert.equal(await sim.terminate(), 0, `the simulator exits by itself on SIGTERM:\n${sim.stderr().slice(-1000)}`);
});
