/**
 * The device client's pipelining against the real simulator over TCP: requests sent without
 * waiting are answered in the order they were asked, each once; beyond 4 of the device's frames
 * in flight they are held back (in order, ahead of anything asked after them) and sent as answers
 * come; round trips are counted as they happen.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DeviceClient } from '../../src/device';
import { TcpTransport } from '../../src/transport/tcp';
import { startSimulator, stopAllSimulators } from '../simulator/helpers';

after(() => stopAllSimulators());

test('80 pipelined pings of 200 bytes: held past 4 frames in flight, sent and answered in call order', async () => {
  const sim = await startSimulator(['--port', '0', '--quiet']);
  const client = new DeviceClient(await new TcpTransport(sim.url!).connect());
  try {
    const info = await client.hello();
    const limit = 4 * info.maxFrame;
    let maxOut = 0;
    const link = client.link;
    const write = link.write.bind(link);
    // The bytes of unanswered requests each time one leaves.
    (link as { write: typeof link.write }).write = (d) => {
      maxOut = Math.max(maxOut, client.inFlightBytes);
      return write(d);
    };
    const n = 80;
    const echoes: number[] = [];
    const pings = Array.from({ length: n }, (_, i) => {
      const data = new Uint8Array(200).fill(i);
      return client.request('ping', { data }).then((r) => echoes.push(r.data[0]));
    });
    const rt0 = client.stats.roundTrips.count;
    // Asked after the 80: answered after them.
    const last = client.request('ping', { data: Uint8Array.of(255) }).then(() => echoes.push(255));
    await Promise.all([...pings, last]);
    assert.deepEqual(echoes, [...Array.from({ length: n }, (_, i) => i), 255], 'answers in the order asked');
    assert.ok(n * 211 > limit, `the test sends more than ${limit} B`);
    assert.ok(maxOut > limit - 256 && maxOut <= limit, `at most 4 frames in flight, and that many used (saw ${maxOut} B, limit ${limit})`);
    assert.ok(client.stats.roundTrips.pipelined > 0);
    assert.ok(client.stats.roundTrips.count - rt0 < n / 4, `pipelined: ${client.stats.roundTrips.count - rt0} round trips for ${n + 1} requests`);
  } finally {
    await client.close();
    await sim.stop();
  }
});
