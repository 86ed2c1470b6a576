import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spliceTables } from '../../src/protocol/doc-tables';
import { MESSAGES, PROTOCOL_ERROR_KINDS } from '../../src/protocol';

test('docs/protocol.md message tables match the schema (npm run docs:protocol regenerates them)', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
  assert.equal(doc, spliceTables(doc));
});

test('every "`x` event" the docs name is an event message (e.g. deviceReset, not reset)', () => {
  const events = new Set(Object.entries(MESSAGES).filter(([, d]) => d.kind === 'event').map(([n]) => n));
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
  const texts = [doc, ...Object.values(MESSAGES).map((d) => d.doc)];
  for (const t of texts) for (const m of t.matchAll(/`(\w+)` events?\b/g)) assert.ok(events.has(m[1]), `"${m[0]}" names no event`);
});

test('the rejection kinds are the C codec\'s NWP_RX_* in the same order, and errors.ts says so', () => {
  const h = readFileSync(join(__dirname, '..', '..', 'firmware', 'protocol', 'include', 'nrf_wasm', 'protocol.h'), 'utf8');
  const body = /enum nwp_rx_error \{([^}]*)\}/.exec(h)?.[1] ?? '';
  const c = [...body.matchAll(/NWP_RX_(\w+)\s*=\s*(\d+)/g)].map((m) => [m[1].toLowerCase(), Number(m[2])]);
  assert.deepEqual(c, PROTOCOL_ERROR_KINDS.map((k, i) => [k, i + 1]));
  const src = readFileSync(join(__dirname, '..', '..', 'src', 'protocol', 'errors.ts'), 'utf8');
  assert.match(src, /NWP_RX_\*/);
  assert.doesNotMatch(src, /PB_ERR/);
});

test('the sections the schema docs refer to exist in docs/protocol.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
  for (const d of Object.values(MESSAGES)) {
    for (const m of d.doc.matchAll(/section (\d+(?:\.\d+)?)/g)) assert.match(doc, new RegExp(`^#+ ${m[1].replace('.', '\\.')} `, 'm'), m[0]);
  }
});
