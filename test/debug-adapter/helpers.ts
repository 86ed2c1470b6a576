/**
 * Runs the real debug adapter (the esbuild bundle, as shipped) under @vscode/debugadapter-testsupport's
 * DebugClient. The adapter starts the real simulator (bundled beside it) for `transport: simulator`.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync, type BuildOptions } from 'esbuild';
import { DebugClient } from '@vscode/debugadapter-testsupport';

const root = path.resolve(__dirname, '..', '..');
const outDir = path.join(root, 'build', 'test-dist');
export const FIXTURE = path.join(__dirname, 'fixtures', 'prog.wat');

let built = false;
/** Bundles adapter + simulator once per test process (about a second). */
export function adapterScript(): string {
  if (!built) {
    mkdirSync(outDir, { recursive: true });
    const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', external: ['serialport', '@stoprocent/noble', '@vscode/dwarf-debugging'] };
    buildSync({ ...common, entryPoints: [path.join(root, 'src/debug-adapter/main.ts')], outfile: path.join(outDir, 'debug-adapter.js') });
    buildSync({ ...common, entryPoints: [path.join(root, 'src/simulator/main.ts')], outfile: path.join(outDir, 'simulator.js') });
    built = true;
  }
  return path.join(outDir, 'debug-adapter.js');
}

export async function startClient(): Promise<DebugClient> {
  const dc = new DebugClient(process.execPath, adapterScript(), 'nrf-wasm', { cwd: root }, !!process.env.NRF_WASM_ADAPTER_STDERR);
  dc.defaultTimeout = 15000;
  await dc.start();
  return dc;
}

/** Line (1-based) of the first line of the fixture containing `text`. */
export function lineOf(text: string, file = FIXTURE): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lines = require('node:fs').readFileSync(file, 'utf8').split('\n') as string[];
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`fixture has no line with ${text}`);
  return i + 1;
}
