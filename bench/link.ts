/**
 * Deploy and debugging over modelled links (test/link/link-model.ts: a TCP proxy in front of the
 * real simulator), per profile:
 *  - deploy of 64 KiB and 200 KiB with the product's uploadModule: payload / raw capacity of the
 *    link, retransmitted bytes, BLE packet fill;
 *  - then bench/_link-debugging.ts: through the real adapter process, warm launch (module already
 *    on the device) to the first stop, a stop two frames deep fully shown, and `next` to stopped,
 *    each in sequential device round trips (from the adapter's protocol trace) and ms.
 *
 *   npm run bench -- link
 *   LINK_PROFILES=ble2m,uart1m  LINK_SIZES=65536  LINK_PACKING=frame  LINK_DEPLOY_CAP_S=120
 *   LINK_DEBUGGING=0 (deploys only)  RUNS=5 (debugging sessions per link)   (all optional)
 */
import { performance } from 'node:perf_hooks';
import { connectDevice, uploadModule } from '../src/device';
import { TcpTransport } from '../src/transport/tcp';
import { LINK_PROFILES, type LinkProfileName, type LinkProxy, rawCapacity, startLinkProxy } from '../test/link/link-model';
import { dataModule } from '../test/link/modules';
import { startSimulator } from '../test/simulator/helpers';
import { debuggingTable } from './_link-debugging';

const names = (process.env.LINK_PROFILES?.split(',') ?? Object.keys(LINK_PROFILES)) as LinkProfileName[];
const sizes = process.env.LINK_SIZES?.split(',').map(Number) ?? [64 * 1024, 200 * 1024];
const packing = process.env.LINK_PACKING === 'frame' ? 'frame' : 'stream';
const capMs = Number(process.env.LINK_DEPLOY_CAP_S ?? 900) * 1000;
let seed = 100;

async function deployOnce(proxy: LinkProxy, size: number, name: LinkProfileName): Promise<string> {
  const { client } = await connectDevice(new TcpTransport(proxy.address));
  const mod = dataModule(size, seed++);
  const up0 = { ...proxy.stats.up };
  const ac = new AbortController();
  let acked = 0;
  const t0 = performance.now();
  const timer = setTimeout(() => ac.abort(), capMs);
  try {
    const r = await uploadModule(client, mod, { signal: ac.signal, onProgress: (p) => (acked = p.acked) });
    const ratio = size / (r.ms / 1000) / rawCapacity(LINK_PROFILES[name]);
    const pk = proxy.stats.up.packets - up0.packets;
    const fill = LINK_PROFILES[name].kind === 'ble' ? `, packets ${((proxy.stats.up.packetBytes - up0.packetBytes) / pk / (LINK_PROFILES[name].mtu! - 3)).toFixed(3)} full` : '';
    return `deploy ${size / 1024} KiB: ${ratio.toFixed(3)} of raw capacity (${(r.ms / 1000).toFixed(2)} s), retransmitted ${r.retransmittedBytes} B, ${r.chunks} chunks, ${proxy.stats.up.bytes - up0.bytes} B up${fill}`;
  } catch (e) {
    return `deploy ${size / 1024} KiB: did not finish: ${acked} B acknowledged after ${((performance.now() - t0) / 1000).toFixed(0)} s, ${proxy.stats.up.bytes - up0.bytes} B sent (${(e as Error).message})`;
  } finally {
    clearTimeout(timer);
    await client.close();
  }
}

export async function main(): Promise<void> {
  const sim = await startSimulator(['--port', '0', '--quiet']);
  try {
    console.log(`simulator behind the link model; BLE packing: ${packing}`);
    // Warm-up (not printed): the first upload of a process pays for JIT and the simulator's
    // first flash file; figures are for the steady state.
    const warm = await startLinkProxy({ target: sim.url!, profile: LINK_PROFILES.uart1m });
    await deployOnce(warm, 16 * 1024, 'uart1m');
    await warm.close();
    for (const name of names) {
      const profile = LINK_PROFILES[name];
      console.log(`-- ${profile.name} (raw capacity ${Math.round(rawCapacity(profile))} B/s)`);
      const proxy = await startLinkProxy({ target: sim.url!, profile, packing });
      try {
        for (const size of sizes) console.log(`  ${await deployOnce(proxy, size, name)}`);
      } finally {
        await proxy.close();
      }
    }
  } finally {
    await sim.stop();
  }
  if (process.env.LINK_DEBUGGING !== '0') await debuggingTable();
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
