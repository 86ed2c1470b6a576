/** Identifiers shared by package.json and the code (a test checks package.json declares them). */
export const EXTENSION_ID = 'nrf-wasm.nrf-wasm';
export const DEBUG_TYPE = 'nrf-wasm';
export const LANGUAGE_ID = 'wat';
export const CONFIG_SECTION = 'nrfWasm';

export const COMMANDS = {
  build: 'nrfWasm.build',
  deploy: 'nrfWasm.deploy',
  selectDevice: 'nrfWasm.selectDevice',
  run: 'nrfWasm.run',
  resetDevice: 'nrfWasm.resetDevice',
  startSimulator: 'nrfWasm.startSimulator',
  stopSimulator: 'nrfWasm.stopSimulator',
  showDeviceLog: 'nrfWasm.showDeviceLog',
  showMemory: 'nrfWasm.showMemory',
} as const;

/** workspaceState key of the device picked last (F5 uses it when launch.json does not say). */
export const LAST_TARGET_KEY = 'nrfWasm.lastTarget';
