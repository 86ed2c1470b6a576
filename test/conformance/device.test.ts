/**
 * The conformance suite against a device given by address: NRF_WASM_DEVICE=tcp://host:port (the
 * firmware's host build) or NRF_WASM_DEVICE=/dev/ttyACM0 (a board). Skipped when unset.
 */
import { describe } from 'node:test';
import { conformance } from './scenarios';

const address = process.env.NRF_WASM_DEVICE;
if (!address) console.log('skipped: NRF_WASM_DEVICE not set (the address of a board or a firmware host build)');

describe('conformance: device at NRF_WASM_DEVICE', { skip: address ? false : 'NRF_WASM_DEVICE is not set' }, () => {
  conformance(() => address!, { noReconnect: process.env.NRF_WASM_NO_RECONNECT === '1' });
});
