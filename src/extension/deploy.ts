/** Deploy and Run on a connected device, vscode-free (the commands wrap these in UI). */
import * as path from 'node:path';
import { DeviceError, sha256, uploadModule, type DeviceClient, type DeviceInfo } from '../device';
import { ErrorCode } from '../protocol';
import { ProgressTracker, type DeployReport } from './progress';

export interface DeployOptions {
  file: string;
  target: string;
  signal?: AbortSignal;
  /** vscode-style progress: increment in percent points since the last call, and a message. */
  report?: (p: { increment?: number; message: string }) => void;
  /** Upload even if the device already holds this module. */
  force?: boolean;
}

export async function deployBytes(conn: { client: DeviceClient; info: DeviceInfo }, bytes: Uint8Array, o: DeployOptions): Promise<DeployReport> {
  const hash = Buffer.from(sha256(bytes)).toString('hex');
  const file = path.basename(o.file);
  if (!o.force && conn.info.moduleSha256 === hash && conn.info.moduleSize === bytes.length) {
    o.report?.({ increment: 100, message: 'already on the device' });
    return { file, size: bytes.length, sha256: hash, target: o.target, ms: 0, resumedFrom: 0, alreadyThere: true };
  }
  const tracker = new ProgressTracker();
  let resumedFrom = -1;
  const t0 = performance.now();
  const r = await uploadModule(conn.client, bytes, {
    signal: o.signal,
    onProgress: (p) => {
      if (resumedFrom < 0) resumedFrom = p.acked; // the first report is where the device resumed
      o.report?.(tracker.update(p.acked, p.total, resumedFrom));
    },
  });
  // The device now holds it: later deploys of the same bytes are skipped.
  conn.info.moduleSha256 = r.sha256;
  conn.info.moduleSize = r.size;
  return { file, size: r.size, sha256: r.sha256, target: o.target, ms: performance.now() - t0, resumedFrom: r.resumedFrom };
}

/** Runs the stored module; one already running is stopped first. */
export async function runModule(client: DeviceClient, entry = ''): Promise<void> {
  try {
    await client.request('run', { flags: 0, entry });
  } catch (e) {
    if (!(e instanceof DeviceError && e.code === ErrorCode.invalidState)) throw e;
    await client.request('stop', {});
    await client.request('run', { flags: 0, entry });
  }
}
