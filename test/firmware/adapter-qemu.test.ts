/**
 * The debug adapter's scenarios (test/debug-adapter/suite.ts, the same the simulator and the host
 * build pass) against the emulated Cortex-M33 board (firmware/qemu-m33 under qemu-system-arm)
 * over its UART: the adapter opens the board's pseudo-terminal with the real `serialport`.
 * Needs WAMR_ROOT, qemu-system-arm and arm-none-eabi-gcc, else one skip line.
 */
import { after, before, describe, test } from 'node:test';
import { adapterSuite } from '../debug-adapter/suite';
import { buildQemuImage, qemuSkipReason, startQemu, type QemuDevice } from './qemu-device';

const skip = qemuSkipReason();
if (skip) {
  test('debug adapter: emulated Cortex-M33 (QEMU)', (t) => {
    console.log(`skipped: ${skip}`);
    t.skip(skip);
  });
} else {
  describe('debug adapter on the emulated Cortex-M33 (QEMU, serial)', () => {
    let dev: QemuDevice | undefined;
    before(async () => {
      // As the host build runs them (no --autorun): the stored module does not start at boot, so
      // the state after `reset` is idle, not a race with the module's run (autorun has its own
      // test in examples-qemu.test.ts).
      dev = await startQemu(buildQemuImage(true), { noAutorun: true });
    });
    after(async () => {
      await dev?.stop();
    });
    adapterSuite(() => ({ transport: 'serial', serialPort: dev!.address }), { setLocal: true, dataBreakpoints: true });
  });
}
