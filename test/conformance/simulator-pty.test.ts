/** The conformance suite against the simulator over a pseudo-terminal, with the real `serialport`. */
import { after, before, describe } from 'node:test';
import { type Simulator, startSimulator, stopAllSimulators } from '../simulator/helpers';
import { conformance } from './scenarios';

describe('conformance: simulator over a pseudo-terminal (serialport)', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(['--pty', '--quiet']);
  });
  after(async () => {
    await sim?.stop();
    await stopAllSimulators();
  });
  conformance(() => sim.ptyPath!);
});
