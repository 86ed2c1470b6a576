/** The conformance suite against the simulator over loopback TCP. */
import { after, before, describe } from 'node:test';
import { type Simulator, startSimulator, stopAllSimulators } from '../simulator/helpers';
import { conformance } from './scenarios';

describe('conformance: simulator over TCP', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(['--port', '0', '--quiet']);
  });
  after(async () => {
    await sim?.stop();
    await stopAllSimulators();
  });
  conformance(() => sim.url!);
});
