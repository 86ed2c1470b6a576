/**
 * The protocol conformance suite (test/conformance/scenarios.ts, the same scenarios the
 * simulator and the host build pass) against the emulated Cortex-M33 board: the firmware
 * image (agent + patched WAMR, cross-built for Thumb) under qemu-system-arm -M mps2-an505, over
 * its UART on a pseudo-terminal opened with the real `serialport`. Needs WAMR_ROOT,
 * qemu-system-arm and arm-none-eabi-gcc, else one skip line.
 */
import { after, before, describe, test } from 'node:test';
import { conformance } from '../conformance/scenarios';
import { buildQemuImage, qemuSkipReason, startQemu, type QemuDevice } from './qemu-device';

const skip = qemuSkipReason();
if (skip) {
  test('conformance: emulated Cortex-M33 (QEMU)', (t) => {
    console.log(`skipped: ${skip}`);
    t.skip(skip);
  });
} else {
  describe('conformance: emulated Cortex-M33 (QEMU) over its UART (serialport)', () => {
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
    conformance(() => dev!.address);
  });
}
