/**
 * Launch failures when the client shows them itself (the nRF WASM extension sets
 * REPORTS_LAUNCH_FAILURES): a custom event with the kind of failure and where, then the error
 * response with showUser: false, so VS Code adds no modal of its own. Without the flag: as before.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { LAUNCH_FAILED_EVENT, REPORTS_LAUNCH_FAILURES, type LaunchFailure } from '../../src/debug-adapter/custom-requests';
import { FIXTURE, startClient } from './helpers';

/** The raw response (DebugClient turns a failure into an Error with only the message). */
function rawRequest(dc: DebugClient, command: string, args: unknown): Promise<DebugProtocol.Response> {
  return new Promise((resolve) => (dc as unknown as { doSend(c: string, a: unknown, cb: (r: DebugProtocol.Response) => void): void }).doSend(command, args, resolve));
}

async function failedLaunch(dc: DebugClient, args: Record<string, unknown>): Promise<{ response: DebugProtocol.ErrorResponse; failure?: LaunchFailure }> {
  await dc.initializeRequest();
  let failure: LaunchFailure | undefined;
  dc.on(LAUNCH_FAILED_EVENT, (e: DebugProtocol.Event) => (failure = e.body as LaunchFailure));
  const response = (await rawRequest(dc, 'launch', args)) as DebugProtocol.ErrorResponse;
  assert.equal(response.success, false);
  return { response, failure };
}

describe('launch failures reported to the extension', () => {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startClient();
  });
  afterEach(async () => {
    await dc.stop();
  });

  test('no device: a "device" failure, no popup from VS Code', async () => {
    const { response, failure } = await failedLaunch(dc, { program: FIXTURE, transport: 'tcp', address: '127.0.0.1:1', [REPORTS_LAUNCH_FAILURES]: true });
    assert.equal(response.body.error?.showUser, false);
    assert.equal(failure?.kind, 'device');
    assert.match(failure!.message, /Cannot reach the device \(tcp:\/\/127\.0\.0\.1:1\)/);
    assert.equal(response.message, failure!.message);
  });

  test('a build error: a "program" failure with the file, line and column', async () => {
    const broken = FIXTURE.replace('prog.wat', 'broken.wat');
    const { response, failure } = await failedLaunch(dc, { program: broken, transport: 'simulator', [REPORTS_LAUNCH_FAILURES]: true });
    assert.equal(response.body.error?.showUser, false);
    assert.equal(failure?.kind, 'program');
    assert.equal(failure?.path, broken);
    assert.equal(failure?.line, 3);
    assert.ok((failure?.column ?? 0) >= 1);
  });

  test('other clients (no flag) get the error shown to the user, and no custom event', async () => {
    const { response, failure } = await failedLaunch(dc, { program: FIXTURE, transport: 'tcp', address: '127.0.0.1:1' });
    assert.equal(response.body.error?.showUser, true);
    assert.equal(failure, undefined);
  });
});
