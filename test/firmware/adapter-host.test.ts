/**
 * The debug adapter's scenarios (test/debug-adapter/suite.ts, the same the simulator passes)
 * against the firmware's host build (agent + patched WAMR) over TCP: breakpoints, every step kind,
 * state, memory, traps, plus what only the firmware can do (Set Value on locals, data breakpoints).
 * Needs WAMR_ROOT (a WAMR 2.4.5 source tree), else one skip line.
 */
import { after, before, describe, test } from 'node:test';
import { roundTripSuite } from '../debug-adapter/round-trips-suite';
import { adapterSuite } from '../debug-adapter/suite';
import { buildHost, startHost, wamrRoot, type HostDevice } from './host-device';

if (!wamrRoot()) {
  test('debug adapter: firmware host build', (t) => {
    console.log('skipped: WAMR_ROOT not set');
    t.skip('WAMR_ROOT not set');
  });
} else {
  describe('debug adapter on the firmware host build (TCP)', () => {
    let dev: HostDevice | undefined;
    before(async () => {
      dev = await startHost(buildHost(true), ['--port', '0']);
    });
    after(async () => {
      await dev?.stop();
    });
    adapterSuite(() => ({ transport: 'tcp', address: `127.0.0.1:${dev!.port}` }), { setLocal: true, dataBreakpoints: true });
    describe('round trips', () => roundTripSuite(() => ({ transport: 'tcp', address: `127.0.0.1:${dev!.port}` }), { setLocal: true }));
  });
}
