/** The configuration to start again after a failed launch (no vscode import: tested in node). */
import { REPORTS_LAUNCH_FAILURES } from '../debug-adapter/custom-requests';
import { type DeviceTarget, targetToDebugFields } from './targets';

/** Fields that name a device: replaced as a whole when another device is picked. */
const DEVICE_FIELDS = ['transport', 'serialPort', 'baudRate', 'bleDevice', 'address', 'emulatedBoard'];
/** Fields VS Code or our provider add while resolving; the retry resolves afresh. */
const RESOLVED_FIELDS = ['__configurationTarget', '__sessionId', REPORTS_LAUNCH_FAILURES];

export function retryConfiguration<T extends { type: string; name: string; request: string }>(cfg: T, target?: DeviceTarget): T {
  const out: Record<string, unknown> = { ...cfg };
  for (const k of RESOLVED_FIELDS) delete out[k];
  // The simulator's address was filled in from the running simulator: resolve it again.
  if (out.transport === 'simulator') delete out.address;
  // The emulated board's serial port was filled in from the running QEMU (it may have restarted).
  if (out.emulatedBoard === true) {
    for (const k of DEVICE_FIELDS) delete out[k];
    out.transport = 'qemu';
  }
  if (target) {
    for (const k of DEVICE_FIELDS) delete out[k];
    Object.assign(out, targetToDebugFields(target));
  }
  return out as T;
}
