import { join } from 'node:path';

export interface WorkerScript {
  script: string;
  eval: boolean;
}

/**
 * What a CPU worker starts with. In the esbuild bundle: the bundle itself, whose main.ts runs the
 * CPU when started as a worker. From sources: a bootstrap that registers tsx's require hook (Node
 * 20 does not apply `--import tsx` to a worker's own .ts entry) and loads worker-entry.ts.
 */
export function cpuWorkerScript(): WorkerScript {
  if (!__filename.endsWith('.ts')) return { script: __filename, eval: false };
  // Not a literal: the bundle never runs this branch and esbuild need not resolve tsx.
  const tsx = require.resolve(['tsx', 'cjs'].join('/'));
  const entry = join(__dirname, 'worker-entry.ts');
  return { script: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, eval: true };
}
