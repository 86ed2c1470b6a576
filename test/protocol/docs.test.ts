import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spliceTables } from '../../src/protocol/doc-tables';

test('docs/protocol.md message tables match the schema (npm run docs:protocol regenerates them)', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
  assert.equal(doc, spliceTables(doc));
});
