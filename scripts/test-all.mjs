#!/usr/bin/env node
// npm test: runs every part (typecheck, TypeScript tests, C tests) even when an earlier one fails,
// so one failure never hides another, then exits non-zero if any part failed.
import { spawnSync } from 'node:child_process';

const parts = process.argv.slice(2);
const failed = [];
for (const p of parts) {
  const r = spawnSync('npm', ['run', '--silent', p], { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) failed.push(`${p} (${r.status ?? r.signal})`);
}
console.log(failed.length ? `\nnpm test: FAILED: ${failed.join(', ')}` : `\nnpm test: all ${parts.length} parts passed (${parts.join(', ')})`);
process.exit(failed.length ? 1 : 0);
