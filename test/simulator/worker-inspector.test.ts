/**
 * The simulator's inspector client for its CPU threads (src/simulator/engine/worker-inspector.ts):
 * how it finds a thread's target, and when a thread's messages reach their handlers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { WorkerInspector } from '../../src/simulator/engine/worker-inspector';

const SCRIPT = 'globalThis.__nrfSimThread = require("node:worker_threads").threadId; setInterval(() => {}, 1000);';

test('a thread is found by its worker title, without asking it; a closed target sends nothing', async () => {
  const ins = new WorkerInspector();
  await ins.whenReady();
  const w = new Worker(SCRIPT, { eval: true, name: 'nrf-wasm-cpu' });
  try {
    const t = await ins.attached(w.threadId);
    assert.equal(t.threadId, w.threadId);
    const r = await t.post<{ result: { value: number } }>('Runtime.evaluate', { expression: '6 * 7', returnByValue: true });
    assert.equal(r.result.value, 42);
    t.close();
    await assert.rejects(t.post('Runtime.evaluate', { expression: '1' }), /worker terminated/);
  } finally {
    await w.terminate();
  }
});

test("a thread's events wait for the running code to finish: never handled in the middle of it", async () => {
  // Node delivers them from a V8 interrupt, at any function call of whatever runs; a handler run
  // there once lost a halt (CpuRun.next read the queue, the halt came, then the waiter was set).
  const ins = new WorkerInspector();
  await ins.whenReady();
  const w = new Worker(`${SCRIPT} setInterval(() => console.log('tick'), 1);`, { eval: true, name: 'nrf-wasm-cpu', stdout: true });
  try {
    const t = await ins.attached(w.threadId);
    let busy = false;
    let during = 0;
    let total = 0;
    t.on('Runtime.consoleAPICalled', () => {
      total++;
      if (busy) during++;
    });
    await t.post('Runtime.enable');
    // Busy for a while with events streaming in; then let them through.
    for (let round = 0; round < 5; round++) {
      busy = true;
      const end = Date.now() + 100;
      let x = 0;
      while (Date.now() < end) x += Math.sqrt(x + round);
      busy = false;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(total > 0, 'events arrived');
    assert.equal(during, 0, `${during} of ${total} events were handled in the middle of running code`);
  } finally {
    await w.terminate();
  }
});
