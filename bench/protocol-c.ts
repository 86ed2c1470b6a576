/**
 * C protocol codec (firmware/protocol) throughput: builds firmware/tests/protocol/bench_codec.c
 * in Release into build/bench-c, once per CRC-32 variant (16-entry table, the default, and the
 * 1 KiB table), and runs both. Run alone: node --import tsx bench/protocol-c.ts
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const buildDir = join(root, 'build', 'bench-c');
const targets = ['bench_codec', 'bench_codec_table8'];

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

export async function main(): Promise<void> {
  run('cmake', ['-S', join(root, 'firmware', 'tests'), '-B', buildDir, '-DCMAKE_BUILD_TYPE=Release']);
  run('cmake', ['--build', buildDir, '-j2', '--target', ...targets]);
  for (const t of targets) {
    const exe = join(buildDir, 'protocol', t);
    for (const line of run(exe, []).trimEnd().split('\n')) console.log(line);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
