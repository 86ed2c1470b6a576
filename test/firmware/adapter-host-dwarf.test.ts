/**
 * C and Rust source debugging (test/debug-adapter/dwarf-suite.ts, the scenarios the simulator
 * passes) against the firmware's host build (agent + patched WAMR) over TCP. Needs WAMR_ROOT,
 * else one skip line.
 */
import { after, before, describe, test } from 'node:test';
import { dwarfSuite } from '../debug-adapter/dwarf-suite';
import { buildHost, startHost, wamrRoot, type HostDevice } from './host-device';

if (!wamrRoot()) {
  test('C/Rust source debugging: firmware host build', (t) => {
    console.log('skipped: WAMR_ROOT not set');
    t.skip('WAMR_ROOT not set');
  });
} else {
  describe('C/Rust source debugging on the firmware host build (TCP)', () => {
    let dev: HostDevice | undefined;
    before(async () => {
      dev = await startHost(buildHost(true), ['--port', '0']);
    });
    after(async () => {
      await dev?.stop();
    });
    dwarfSuite(() => ({ transport: 'tcp', address: `127.0.0.1:${dev!.port}` }));
  });
}
