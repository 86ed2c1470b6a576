/**
 * Deploy over every modelled link (test/link/link-model.ts, real time: timeScale 1) to the real
 * simulator with the product's uploadModule: it completes and the device holds exactly our bytes
 * (its SHA-256 check at commit, and `hello` after), with 0 retransmitted bytes and no timeout on
 * a loss-free link, and with 1 % and 5 % of packets lost both ways. Small modules (the BLE 1M
 * MTU 23 profile carries 667 B/s); `npm run bench -- link` deploys 64 and 200 KiB.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDevice, sha256, uploadModule } from '../../src/device';
import { TcpTransport } from '../../src/transport/tcp';
import { type Simulator, startSimulator, stopAllSimulators } from '../simulator/helpers';
import { LINK_PROFILES, type LinkProfileName, startLinkProxy } from './link-model';
import { dataModule } from './modules';

let sim: Simulator;
before(async () => {
  sim = await startSimulator(['--port', '0', '--quiet']);
});
after(() => stopAllSimulators());

const SIZES: Record<LinkProfileName, number> = { uart1m: 24 * 1024, uart115k: 6 * 1024, ble2m: 24 * 1024, ble1m: 1536 };
let seed = 1;

for (const name of Object.keys(LINK_PROFILES) as LinkProfileName[]) {
  for (const loss of [0, 0.01, 0.05]) {
    test(`${LINK_PROFILES[name].name}, ${loss * 100} % packets lost: deploy completes byte-exact${loss ? '' : ', nothing sent twice'}`, async () => {
      const proxy = await startLinkProxy({ target: sim.url!, profile: LINK_PROFILES[name], seed: seed * 7919 });
      const mod = dataModule(SIZES[name] + seed, seed++);
      const { client } = await connectDevice(new TcpTransport(proxy.address));
      try {
        proxy.setLoss(loss); // the handshake is the connection's, not the deploy's
        const r = await uploadModule(client, mod, { commitTimeoutMs: 5000 });
        proxy.setLoss(0);
        assert.equal(r.sha256, Buffer.from(sha256(mod)).toString('hex'));
        const info = await client.hello();
        assert.equal(info.moduleSha256, r.sha256, 'the device holds exactly these bytes');
        assert.equal(info.moduleSize, mod.length);
        const lost = proxy.stats.up.lostPackets + proxy.stats.down.lostPackets;
        if (loss === 0) {
          assert.equal(r.retransmittedBytes, 0, 'a loss-free link never carries a chunk twice');
          assert.equal(r.timeouts, 0);
          assert.equal(lost, 0);
        } else {
          // The recovery is bounded: what was sent again is a few windows per lost packet.
          assert.ok(r.retransmittedBytes <= (lost + 1) * 8 * 1024, `retransmitted ${r.retransmittedBytes} B for ${lost} lost packets`);
        }
      } finally {
        await client.close();
        await proxy.close();
      }
    });
  }
}
