// Spec test suite conformance (see conformance.ts). The pinned minimums are what the implementation
// achieves today: they may only go up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCounts, runConformance, suiteAvailable } from './conformance';

const PINNED = {
  identical: 1064,
  accepted: 1064,
  malformedRejected: 566,
  invalidFlagged: 1368,
  // The rest use post-2.0 syntax (typed references, tags) and are rejected by the parser.
  invalidByValidator: 1351,
};

test('wasm spec testsuite conformance', async (t) => {
  if (!suiteAvailable()) {
    console.log('skipped: ../shared/wasm-testsuite not found');
    t.skip('../shared/wasm-testsuite not found');
    return;
  }
  const c = await runConformance();
  for (const line of formatCounts(c)) console.log(line);
  if (c.failures.length) console.log(`first failures:\n  ${c.failures.slice(0, 15).join('\n  ')}`);
  assert.ok(c.accepted >= PINNED.accepted, `wabt-accepted modules: ${c.accepted} < ${PINNED.accepted}`);
  assert.ok(c.identical >= PINNED.identical, `byte-identical: ${c.identical} < ${PINNED.identical}`);
  assert.ok(c.malformedRejected >= PINNED.malformedRejected, `malformed rejected: ${c.malformedRejected} < ${PINNED.malformedRejected}`);
  assert.ok(c.invalidFlagged >= PINNED.invalidFlagged, `invalid flagged: ${c.invalidFlagged} < ${PINNED.invalidFlagged}`);
  assert.ok(c.invalidByValidator >= PINNED.invalidByValidator, `invalid by validator: ${c.invalidByValidator} < ${PINNED.invalidByValidator}`);
  // Every module wabt accepts must also be free of diagnostics on our side (no false positives).
  assert.deepEqual(c.failures, []);
});
