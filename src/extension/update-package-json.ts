/**
 * Writes the generated `contributes` and `activationEvents` into package.json (one atomic
 * read-modify-write of those two keys; everything else, its order and formatting, untouched).
 *   node --import tsx src/extension/update-package-json.ts           write
 *   node --import tsx src/extension/update-package-json.ts --check   exit 1 if package.json drifted
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as path from 'node:path';
import { activationEvents, contributes } from './contributions';

const file = path.join(__dirname, '..', '..', 'package.json');

export function generatedFields(): { activationEvents: string[]; contributes: Record<string, unknown> } {
  return { activationEvents: activationEvents(), contributes: JSON.parse(JSON.stringify(contributes())) };
}

function main(): void {
  const text = readFileSync(file, 'utf8');
  const pkg = JSON.parse(text) as Record<string, unknown>;
  const gen = generatedFields();
  const same = isDeepStrictEqual(pkg.activationEvents, gen.activationEvents) && isDeepStrictEqual(pkg.contributes, gen.contributes);
  if (process.argv.includes('--check')) {
    if (!same) {
      console.error('package.json contributes/activationEvents differ from src/extension/contributions.ts: run node --import tsx src/extension/update-package-json.ts');
      process.exit(1);
    }
    return;
  }
  if (same) return console.log('package.json is up to date');
  // Keep key order: replace in place, or insert before "scripts" when new.
  const out: Record<string, unknown> = {};
  const had = { activationEvents: 'activationEvents' in pkg, contributes: 'contributes' in pkg };
  for (const [k, v] of Object.entries(pkg)) {
    if (k === 'scripts') {
      if (!had.activationEvents) out.activationEvents = gen.activationEvents;
      if (!had.contributes) out.contributes = gen.contributes;
    }
    out[k] = k === 'activationEvents' ? gen.activationEvents : k === 'contributes' ? gen.contributes : v;
  }
  if (!('activationEvents' in out)) out.activationEvents = gen.activationEvents;
  if (!('contributes' in out)) out.contributes = gen.contributes;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(out, null, 2) + (text.endsWith('\n') ? '\n' : ''));
  renameSync(tmp, file);
  console.log('package.json: contributes and activationEvents updated');
}

if (require.main === module) main();
