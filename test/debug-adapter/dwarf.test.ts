/** C source debugging (DWARF) on the simulator the adapter starts. */
import { describe } from 'node:test';
import { dwarfSuite } from './dwarf-suite';

describe('C source debugging on the simulator', () => {
  dwarfSuite(() => ({ transport: 'simulator' }));
});
