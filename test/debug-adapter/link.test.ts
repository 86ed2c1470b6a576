/**
 * The adapter on other links and through link trouble, against a simulator the test starts:
 * serial over a real pseudo-terminal (serialport), TCP, a dropped link (reconnect, breakpoints
 * re-applied), a device reset mid-session, attach to a running module.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ErrorCode, FrameReader, encode } from '../../src/protocol';
import { assembleFile } from '../../src/wat';
import { Peer } from '../conformance/peer';
import { startSimulator, stopAllSimulators, type Simulator } from '../simulator/helpers';
import { FIXTURE, startClient } from './helpers';
import { THREAD, collectOutput, failsWith, launch, line, local, stopAfter, top } from './session-helpers';

const L_ACC = line('(local.set $acc');
const L_INC = line('(local.set $i (i32.add');

let dc: DebugClient | undefined;
afterEach(async () => {
  await dc?.stop();
  dc = undefined;
});
after(() => stopAllSimulators());

const bp = (l: number) => async (c: DebugClient) => void (await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: l }] }));
const tcpArgs = (sim: Simulator) => ({ transport: 'tcp', address: sim.url!.replace(/^tcp:\/\//, '') });

describe('serial over a pseudo-terminal (real serialport)', () => {
  test('deploy, breakpoint, step, variables', async () => {
    const sim = await startSimulator(['--pty', '--quiet']);
    dc = await startClient();
    const out = collectOutput(dc);
    await stopAfter(dc, () => launch(dc!, { args: { transport: 'serial', serialPort: sim.ptyPath, baudRate: 1000000 }, configure: bp(L_ACC) }));
    assert.ok(out.some((o) => /over serial /.test(o)), out.join(''));
    assert.ok(out.some((o) => /Deployed prog\.wasm/.test(o)), out.join(''));
    assert.equal((await top(dc)).line, L_ACC);
    await stopAfter(dc, () => dc!.nextRequest({ threadId: THREAD }));
    assert.equal(await local(dc, '$acc'), '0 (0x00000000)');
    await sim.stop();
  });
});

describe('link trouble', () => {
  test('a dropped link reconnects: the pause survives and breakpoints are set again', async () => {
    const sim = await startSimulator(['--port', '0', '--quiet']);
    dc = await startClient();
    const out = collectOutput(dc);
    const events: string[] = [];
    dc.on('continued', () => events.push('continued'));
    dc.on('stopped', () => events.push('stopped'));
    await stopAfter(dc, () => launch(dc!, { args: tcpArgs(sim), configure: bp(L_ACC) }));
    // Another host takes the line (the simulator serves one host at a time, like a UART): our link drops.
    // It reconnects at once (taking the line back from the intruder) and reports the pause again.
    const reported = dc.waitForEvent('stopped', 8000);
    const intruder = await Peer.open(sim.url!, { hello: false });
    const ev = (await reported) as DebugProtocol.StoppedEvent;
    await intruder.close();
    assert.equal(ev.body.description, 'Reconnected');
    // While reconnecting the thread is shown running, not paused with an empty stack.
    assert.deepEqual(events, ['stopped', 'continued', 'stopped']);
    const lost = out.find((o) => /Lost the link/.test(o));
    assert.ok(lost && !/\.\./.test(lost), out.join(''));
    assert.ok(out.some((o) => /Reconnected to/.test(o)), out.join(''));
    assert.equal(await local(dc, '$i'), '0 (0x00000000)');
    // The breakpoint was set again on the new link: continuing stops there on the next round.
    await stopAfter(dc, () => dc!.continueRequest({ threadId: THREAD }));
    assert.equal(await local(dc, '$i'), '1 (0x00000001)');
    await sim.stop();
  });

  test('a device reset mid-session: breakpoints are set again and the module runs from the start', async () => {
    const sim = await startSimulator(['--port', '0', '--quiet']);
    dc = await startClient();
    const out = collectOutput(dc);
    await stopAfter(dc, () => launch(dc!, { args: tcpArgs(sim), configure: bp(L_INC) }));
    await stopAfter(dc, () => dc!.continueRequest({ threadId: THREAD }));
    assert.equal(await local(dc, '$i'), '1 (0x00000001)');
    await stopAfter(dc, () => dc!.customRequest('nrfWasm.resetDevice'));
    assert.ok(out.some((o) => /The device reset \(requested\)/.test(o)), out.join(''));
    assert.equal(await local(dc, '$i'), '0 (0x00000000)', 'the module started again');
    await sim.stop();
  });

  test('launch on a device that is running another module (a board runs its module at boot) stops it and debugs ours', async () => {
    const sim = await startSimulator(['--port', '0', '--quiet']);
    dc = await startClient();
    await launch(dc, { args: { ...tcpArgs(sim), program: FIXTURE.replace('prog.wat', 'spin.wat') } });
    await dc.disconnectRequest({ terminateDebuggee: false });
    await dc.stop();
    dc = await startClient();
    const out = collectOutput(dc);
    await stopAfter(dc, () => launch(dc!, { args: tcpArgs(sim), configure: bp(L_ACC) }));
    assert.equal((await top(dc)).line, L_ACC);
    assert.ok(!out.some((o) => /exited/.test(o)), 'the old module\'s end is not our session\'s end');
    await sim.stop();
  });

  test('attach to a running module (matched by SHA-256); a different program is refused', async () => {
    const sim = await startSimulator(['--port', '0', '--quiet']);
    // Deploy and start the spinning module with a first session, then leave it running.
    const spin = FIXTURE.replace('prog.wat', 'spin.wat');
    dc = await startClient();
    await launch(dc, { args: { ...tcpArgs(sim), program: spin } });
    await dc.disconnectRequest({ terminateDebuggee: false });
    await dc.stop();
    dc = await startClient();
    await failsWith(dc.attachRequest({ program: FIXTURE, ...tcpArgs(sim) } as DebugProtocol.AttachRequestArguments), /runs a different module/);
    await dc.stop();
    dc = await startClient();
    await Promise.all([
      dc.waitForEvent('initialized').then(() => dc!.configurationDoneRequest()),
      dc.initializeRequest().then(() => dc!.attachRequest({ program: spin, ...tcpArgs(sim) } as DebugProtocol.AttachRequestArguments)),
    ]);
    const ev = await stopAfter(dc, () => dc!.pauseRequest({ threadId: THREAD }));
    assert.equal(ev.body.reason, 'pause');
    assert.equal((await top(dc)).name, '$spin');
    await sim.stop();
  });
});

describe('programs and devices the adapter must refuse or adapt to', () => {
  test('a .wasm with its .wasm.map debugs at the .wat source; without one, in disassembly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrf-wasm-adapter-'));
    const wat = join(dir, 'prog.wat');
    copyFileSync(FIXTURE, wat);
    const built = assembleFile(wat);
    assert.ok(built.wasmPath && built.mapPath);
    dc = await startClient();
    await stopAfter(dc, () => launch(dc!, {
      args: { program: built.wasmPath },
      configure: async (c) => void (await c.setBreakpointsRequest({ source: { path: wat }, breakpoints: [{ line: L_ACC }] })),
    }));
    const f = await top(dc);
    assert.equal(f.source?.path, wat);
    assert.equal(f.line, L_ACC);
    await dc.stop();

    rmSync(built.mapPath!);
    dc = await startClient();
    const out = collectOutput(dc);
    const ev = await stopAfter(dc, () => launch(dc!, { args: { program: built.wasmPath, stopOnEntry: true } }));
    assert.equal(ev.body.reason, 'entry');
    const g = await top(dc);
    assert.equal(g.source, undefined);
    assert.equal(g.name, '$main', 'names still come from the name section');
    assert.ok(out.some((o) => /No source map beside prog\.wasm/.test(o)), out.join(''));
    const dis = await dc.disassembleRequest({ memoryReference: g.instructionPointerReference!, instructionCount: 3 });
    assert.equal(dis.body!.instructions[0].address, g.instructionPointerReference);
    rmSync(dir, { recursive: true, force: true });
  });

  test('the simulator cannot watch memory: data breakpoints say so instead of failing silently', async () => {
    dc = await startClient();
    await stopAfter(dc, () => launch(dc!, { args: { stopOnEntry: true } }));
    const info = await dc.dataBreakpointInfoRequest({ name: '0x10', asAddress: true, bytes: 4 } as DebugProtocol.DataBreakpointInfoArguments);
    assert.equal(info.body.dataId, null);
    assert.match(info.body.description, /has no data breakpoints/);
  });

  test('a device speaking another protocol version: the error says to update', async () => {
    // Test double below the adapter: a TCP peer that answers hello as a device with no common version would.
    const server = createServer((sock) => {
      const reader = new FrameReader(4096);
      sock.on('data', (d) => {
        for (const it of reader.push(d)) {
          if ('message' in it && it.message.name === 'hello') {
            sock.write(encode('error', it.message.id, { code: ErrorCode.unsupportedVersion, requestType: 0x01, message: 'this device speaks protocol 7 only' }));
          }
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      dc = await startClient();
      await failsWith(dc.launch({ program: FIXTURE, transport: 'tcp', address: `127.0.0.1:${port}` } as DebugProtocol.LaunchRequestArguments), /protocol 7 only.*Update the extension or the firmware/);
    } finally {
      server.close(); // a failure must not leave the server open: it would keep this file running
    }
  });
});
