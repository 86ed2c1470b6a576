/** Opens a link on a transport and greets the device. */
import type { Transport } from '../transport/link';
import { DeviceClient, type DeviceInfo } from './client';

export async function connectDevice(transport: Transport, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<{ client: DeviceClient; info: DeviceInfo }> {
  const link = await transport.connect(opts.signal);
  const client = new DeviceClient(link, opts.timeoutMs);
  try {
    const info = await client.hello();
    return { client, info };
  } catch (e) {
    await client.close().catch(() => undefined);
    throw e;
  }
}
