/**
 * Deploy and debugging over modelled links (test/link/link-model.ts: a TCP proxy in front of the
 * real simulator), per profile:
 *  - deploy of 64 KiB and 200 KiB with the product's uploadModule: payload / raw capacity of the
 *    link, retransmitted bytes, BLE packet fill;
 *  - through the real adapter process (@vscode/debugadapter-testsupport): warm launch (module
 *    already on the device) to the first stop, `next` to stopped, and a stop two frames deep
 *    fully shown (stackTrace, then scopes and variables of the top two frames), each in
 *    sequential round trips (turns counted by the proxy) and ms.
 *
 *   npm run bench -- link
 *   LINK_PROFILES=ble2m,uart1m  LINK_SIZES=65536  LINK_PACKING=frame  LINK_DEPLOY_CAP_S=120  (optional)
 */
import { performance } from 'node:perf_hooks';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { connectDevice, uploadModule } from '../src/device';
import { TcpTransport } from '../src/transport/tcp';
import { LINK_PROFILES, type LinkProfileName, type LinkProxy, rawCapacity, startLinkProxy } from '../test/link/link-model';
import { dataModule } from '../test/link/modules';
import { startSimulator } from '../test/simulator/helpers';
import { FIXTURE, startClient } from '../test/debug-adapter/helpers';
import { THREAD, launch, line, stopAfter } from '../test/debug-adapter/session-helpers';

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

/** Runs `action`, returns sequential round trips (proxy turns) and ms. */
async function measure(proxy: LinkProxy, action: () => Promise<unknown>): Promise<string> {
  const t0 = performance.now();
  const turns0 = proxy.stats.turns;
  await action();
  return `${proxy.stats.turns - turns0} round trips, ${(performance.now() - t0).toFixed(0)} ms`;
}

/** What VS Code shows at a stop two frames deep: the stack, then scopes and variables of the top two frames. */
async function showTwoFrames(dc: DebugClient): Promise<void> {
  const st = await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 20 });
  for (const f of st.body.stackFrames.slice(0, 2)) {
    const scopes = await dc.scopesRequest({ frameId: f.id });
    for (const s of scopes.body.scopes.filter((x) => !x.expensive)) await dc.variablesRequest({ variablesReference: s.variablesReference });
  }
}

async function debugFigures(proxy: LinkProxy): Promise<string[]> {
  const L_ADD = line('(i32.add (local.get $a) (local.get $b)))');
  const bp = async (c: DebugClient) => void (await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: L_ADD }] }));
  const args = { transport: 'tcp', address: proxy.address };
  // Cold: deploys the fixture. Then a warm launch in a fresh adapter process.
  const cold = await startClient();
  await stopAfter(cold, () => launch(cold, { args, configure: bp }));
  await cold.disconnectRequest({ terminateDebuggee: true } as DebugProtocol.DisconnectArguments).catch(() => undefined);
  await cold.stop();
  const dc = await startClient();
  await dc.initializeRequest();
  const out: string[] = [];
  try {
    const t0 = performance.now();
    const turns0 = proxy.stats.turns;
    await stopAfter(dc, () =>
      Promise.all([
        dc.waitForEvent('initialized').then(async () => {
          await bp(dc);
          await dc.configurationDoneRequest();
        }),
        dc.launch({ program: FIXTURE, ...args } as DebugProtocol.LaunchRequestArguments),
      ]),
    );
    out.push(`warm launch to first stop: ${proxy.stats.turns - turns0} round trips, ${(performance.now() - t0).toFixed(0)} ms`);
    out.push(`stop two frames deep fully shown: ${await measure(proxy, () => showTwoFrames(dc))}`);
    await dc.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [] });
    out.push(`next to stopped: ${await measure(proxy, () => stopAfter(dc, () => dc.nextRequest({ threadId: THREAD })))}`);
  } finally {
    await dc.stop();
  }
  return out;
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
        for (const l of await debugFigures(proxy)) console.log(`  ${l}`);
      } finally {
        await proxy.close();
      }
    }
  } finally {
    await sim.stop();
  }
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
