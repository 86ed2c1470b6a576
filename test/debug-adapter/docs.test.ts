/** docs/debugging.md's error table is the adapter's ERRORS table (ids, names, messages). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ERRORS } from '../../src/debug-adapter/errors';

test('docs/debugging.md lists every DAP error the adapter can report, as errors.ts words it', () => {
  const doc = readFileSync(join(__dirname, '../../docs/debugging.md'), 'utf8');
  const table = /<!-- errors -->([\s\S]*?)<!-- \/errors -->/.exec(doc)?.[1] ?? '';
  const rows = table.split('\n').filter((l) => /^\| \d+ \|/.test(l)).map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s\|$/g, '')));
  const want = Object.entries(ERRORS).map(([name, e]) => [String(e.id), name, e.format]);
  assert.deepEqual(rows, want);
  assert.equal(new Set(Object.values(ERRORS).map((e) => e.id)).size, Object.keys(ERRORS).length, 'ids are unique');
});
