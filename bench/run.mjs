#!/usr/bin/env node
// npm run bench: runs every bench/*.ts (each exports `main()` and prints plain lines) in one
// process after another, so figures quoted together come from one run. `npm run bench -- NAME`
// runs only the benches whose file name contains NAME.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f.replace(/\.ts$/, '')} ==`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', `require(${JSON.stringify(join(dir, f))}).main().catch((e) => { console.error(e); process.exit(1); })`], {
    stdio: 'inherit',
    cwd: join(dir, '..'),
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
