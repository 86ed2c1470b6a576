/**
 * Instruction counts of one module run on the firmware host build, under callgrind: the
 * process starts under valgrind, the caller sets it up through the protocol, one run of `entry`
 * follows, and only what runs inside the wasm call (the interpreter and the debug hook it
 * calls) is counted (`--toggle-collect`). Deterministic, so ratios do not move with the load of
 * the machine the way wall time does. One process per count: the totals are the process's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, install, startHost } from '../test/firmware/host-device';

export function haveValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Instructions executed inside the run of `entry` after `setup`; the callgrind file for annotation. */
export async function countRun(binary: string, wasm: Uint8Array, entry: string, setup: (c: Client) => Promise<void>): Promise<{ instructions: number; file: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'nrfw-cg-')), 'callgrind.out');
  const dev = await startHost(binary, [], [
    'valgrind',
    '--tool=callgrind',
    '-q',
    `--callgrind-out-file=${file}`,
    '--toggle-collect=wasm_runtime_call_wasm_a', ...(process.env.NRFW_CG_INSTR ? ['--dump-instr=yes'] : []),
  ]);
  try {
    const c = await Client.connect(dev.port);
    try {
      await install(c, wasm);
      await setup(c);
      await c.ok('run', { flags: 0, entry });
      await c.event('exited', 600_000);
    } finally {
      c.close();
    }
  } finally {
    await dev.stop();
  }
  const m = /^(?:summary|totals): (\d+)/m.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`no totals in ${file}`);
  return { instructions: Number(m[1]), file };
}
