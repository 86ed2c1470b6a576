/** Round-trip counts of launch, stop and step (round-trips-suite.ts) on a simulator the test starts (TCP). */
import { after, before, describe } from 'node:test';
import { startSimulator, stopAllSimulators, type Simulator } from '../simulator/helpers';
import { roundTripSuite } from './round-trips-suite';

describe('round trips on the simulator (TCP)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(['--port', '0', '--quiet']);
  });
  after(() => stopAllSimulators());
  roundTripSuite(() => ({ transport: 'tcp', address: sim.url!.replace(/^tcp:\/\//, '') }), { setLocal: false });
});
