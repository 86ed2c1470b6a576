/**
 * The adapter scenarios (suite.ts) on the simulator the adapter starts itself, plus launch errors.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { FIXTURE, startClient } from './helpers';
import { failsWith } from './session-helpers';
import { adapterSuite } from './suite';

describe('adapter on the simulator', () => {
  adapterSuite(() => ({ transport: 'simulator' }), { setLocal: false, dataBreakpoints: false });
});

describe('launch errors say what happened and what to do', () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startClient();
  });
  afterEach(async () => {
    await dc.stop();
  });
  test('a build error carries the WAT position', async () => {
    const msg = await failsWith(dc.launch({ program: FIXTURE.replace('prog.wat', 'broken.wat'), transport: 'simulator' } as DebugProtocol.LaunchRequestArguments), /Build failed: .*broken\.wat:3:\d+:/);
    assert.ok(msg.length < 400);
  });
  test('a missing program', async () => {
    await failsWith(dc.launch({ program: '/nonexistent/x.wat', transport: 'simulator' } as DebugProtocol.LaunchRequestArguments), /Cannot read \/nonexistent\/x\.wat: no such file/);
  });
  test('no device at the address', async () => {
    await failsWith(dc.launch({ program: FIXTURE, transport: 'tcp', address: '127.0.0.1:1' } as DebugProtocol.LaunchRequestArguments), /Cannot reach the device \(tcp:\/\/127\.0\.0\.1:1\)/);
  });
  test('serial without a port', async () => {
    await failsWith(dc.launch({ program: FIXTURE, transport: 'serial' } as DebugProtocol.LaunchRequestArguments), /needs "serialPort"/);
  });
});
