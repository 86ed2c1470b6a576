/**
 * Launch's deploy step: stop whatever runs, upload the module unless the device already holds
 * the same bytes (matched by SHA-256), and report progress (percent, KB/s) and the outcome.
 */
import type { DeviceClient } from '../device';
import { sizeText, uploadModule, type UploadResult } from '../device';
import { DeviceState } from '../protocol';
import { AdapterError } from './errors';
import type { ProgramImage } from './program/image';

export interface DeployReporter {
  start(title: string): void;
  update(percent: number, message: string): void;
  end(message: string): void;
  log(line: string): void;
}

export async function stopRunningModule(client: DeviceClient): Promise<void> {
  if ((client.info?.state ?? DeviceState.idle) === DeviceState.idle) return;
  const exited = new Promise<void>((resolve) => {
    const off = client.onEvent((e) => {
      if (e.name === 'exited') {
        off();
        resolve();
      }
    });
    setTimeout(() => (off(), resolve()), 3000).unref();
  });
  await client.request('stop', {}).catch(() => undefined);
  await exited;
}

export async function deploy(client: DeviceClient, image: ProgramImage, r: DeployReporter, signal: AbortSignal | undefined, say: (e: unknown) => string): Promise<UploadResult | undefined> {
  const name = image.path.replace(/^.*[\\/]/, '').replace(/\.wat$/i, '.wasm');
  if (client.info?.moduleSha256 === image.sha256) {
    r.log(`${client.label} already holds ${name} (SHA-256 ${image.sha256.slice(0, 12)}…): not uploading it again.`);
    return undefined;
  }
  r.start(`Deploying ${name}`);
  const t0 = performance.now();
  try {
    const res = await uploadModule(client, image.wasm, {
      signal,
      onProgress: (p) => {
        const s = (performance.now() - t0) / 1000;
        const kbs = s > 0 ? p.wireBytes / 1024 / s : 0;
        const pct = Math.round((100 * p.acked) / Math.max(1, p.total));
        // A rate over a few hundred bytes measures latency, not speed.
        r.update(pct, p.wireBytes >= 4096 ? `${pct}% · ${kbs.toFixed(1)} KB/s` : `${pct}%`);
      },
    });
    const msg = `Deployed ${name} (${sizeText(image.wasm.length)}${res.resumedFrom ? `, resumed at ${sizeText(res.resumedFrom)}` : ''}) in ${Math.round(res.ms)} ms. Module SHA-256 ${res.sha256.slice(0, 12)}…`;
    r.end(msg);
    r.log(msg);
    return res;
  } catch (e) {
    r.end('Deploy failed');
    throw new AdapterError('uploadFailed', { message: say(e) });
  }
}
