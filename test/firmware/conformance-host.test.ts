/**
 * The protocol conformance suite (test/conformance/scenarios.ts, the same scenarios the
 * simulator passes) against the firmware's host build (agent + patched WAMR), over TCP and over
 * a pseudo-terminal opened with the real `serialport` package, like a board's UART. Builds and
 * starts nrfw-host itself; needs WAMR_ROOT (a WAMR 2.4.5 source tree), else one skip line.
 */
import { after, before, describe, test } from 'node:test';
import { conformance } from '../conformance/scenarios';
import { buildHost, startHost, wamrRoot, type HostDevice } from './host-device';

if (!wamrRoot()) {
  test('conformance: firmware host build', (t) => {
    console.log('skipped: WAMR_ROOT not set');
    t.skip('WAMR_ROOT not set');
  });
} else {
  describe('conformance: firmware host build over TCP', () => {
    let dev: HostDevice | undefined;
    before(async () => {
      dev = await startHost(buildHost(true), ['--port', '0']);
    });
    after(async () => {
      await dev?.stop();
    });
    conformance(() => dev!.address);
  });
  describe('conformance: firmware host build over a pseudo-terminal (serialport)', () => {
    let dev: HostDevice | undefined;
    before(async () => {
      dev = await startHost(buildHost(true), ['--pty']);
    });
    after(async () => {
      await dev?.stop();
    });
    conformance(() => dev!.address);
  });
}
