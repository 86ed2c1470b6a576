// A realistic WAT document of any length for the grammar's correctness and speed checks: the valid
// fixtures' lines repeated, with unique names, inside one (module ...).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from './tokenize';

export function generateWat(lines: number): string {
  const body = ['program.wat', 'features.wat', 'lexical.wat']
    .flatMap((f) => readFileSync(join(fixturesDir, f), 'utf8').split('\n'))
    .filter((l) => l.trim() !== '' && !/^\s*\(module\b|^\)\s*$/.test(l));
  const out = ['(module $generated'];
  for (let i = 0; out.length < lines - 1; i++) {
    out.push(body[i % body.length].replace(/\$([A-Za-z_]\w*)/g, `$$$1_${Math.floor(i / body.length)}`));
  }
  out.push(')');
  return out.join('\n');
}

/** Inputs that make naive grammars backtrack; each must tokenise (and end in the expected state). */
export const PATHOLOGICAL: Record<string, string> = {
  'deep parentheses': '('.repeat(20_000) + ')'.repeat(20_000),
  'one huge string': `"${'\\41x'.repeat(10_000)}"`,
  'unterminated string': `"${'a'.repeat(50_000)}`,
  'one huge identifier': `$${'a.'.repeat(25_000)}`,
  'idchar soup': "!#%&'*+-./:<=>?@\\^_`|~".repeat(2_000),
  'number-like soup': '1_2_3.4_5e6_'.repeat(4_000),
  'long br_table': `br_table ${'$l 0 '.repeat(10_000)}`,
  'nested comments': '(;'.repeat(5_000) + ';)'.repeat(5_000),
};
