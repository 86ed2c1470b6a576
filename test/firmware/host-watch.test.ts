/**
 * Watchpoints on the firmware host build: the patched interpreter compares each routed load's or
 * store's address with the watched range before the access (a filter decoding the memarg
 * itself) and only for a touching access calls the hook, which checks exactly. These cases pin
 * the filter's decoding: one-, two- and three-byte offsets, i64 values (two cells above the
 * address), partial overlap at both ends, loads, memory.fill, and two watches whose span covers
 * accesses that touch neither. Needs WAMR_ROOT; skipped without it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Access, ExitReason, StopReason } from '../../src/protocol';
import { buildHost, Client, find, install, startHost, wamrRoot, wat, type HostDevice } from './host-device';

const MODULE = `
(module
  (memory 1)
  (func (export "writes") (result i32)
    (i32.store (i32.const 100) (i32.const 1))
    (i32.store offset=200 (i32.const 100) (i32.const 2))
    (i64.store offset=20000 (i32.const 4) (i64.const 3))
    (i32.store8 (i32.const 40000) (i32.const 4))
    (drop (i64.load32_u offset=5 (i32.const 50000)))
    (memory.fill (i32.const 60000) (i32.const 9) (i32.const 10))
    (i32.const 7)))
`;

const root = wamrRoot();

if (!root) {
  test('firmware host build: watchpoints', (t) => {
    console.log('skipped: WAMR_ROOT not set');
    t.skip('WAMR_ROOT not set');
  });
} else describe('firmware host build: watchpoints', () => {
  let dev: HostDevice;
  let c: Client;
  let at: Record<string, number>;

  before(async () => {
    const wasm = await wat(MODULE);
    at = {
      store: find(wasm, [0x36, 0x02, 0x00]),
      store200: find(wasm, [0x36, 0x02, 0xc8, 0x01]),
      store64: find(wasm, [0x37, 0x03, 0xa0, 0x9c, 0x01]),
      store8: find(wasm, [0x3a, 0x00, 0x00]),
      load: find(wasm, [0x35, 0x02, 0x05]),
      fill: find(wasm, [0xfc, 0x0b, 0x00]),
    };
    for (const [k, v] of Object.entries(at)) assert.ok(v > 0, `${k} found`);
    dev = await startHost(buildHost(true));
    c = await Client.connect(dev.port);
    await install(c, wasm);
  });

  after(async () => {
    c?.close();
    await dev?.stop();
  });

  /** Runs `writes` with these watches: where it stopped (pc, address), or null if it ran through. */
  async function run(watches: [number, number, number][]): Promise<[number, number] | null> {
    for (const [address, length, access] of watches) await c.ok('dataBpSet', { address, length, access });
    try {
      await c.ok('run', { flags: 0, entry: 'writes' });
      const m = await c.take((x) => x.name === 'stopped' || x.name === 'exited', 10_000, 'stopped or exited');
      if (m.name === 'exited') {
        assert.deepEqual([m.reason, m.code], [ExitReason.returned, 7]);
        return null;
      }
      assert.ok(m.name === 'stopped' && m.reason === StopReason.dataBreakpoint);
      await c.ok('stop', {});
      await c.event('exited');
      return [m.pc, m.hit];
    } finally {
      await c.ok('dataBpClear', { watchId: 0xff });
    }
  }

  test('stores: one-, two- and three-byte offsets, an i64 value, a byte store; the first byte and the last', async () => {
    assert.deepEqual(await run([[100, 4, Access.write]]), [at.store, 100]);
    assert.deepEqual(await run([[303, 1, Access.write]]), [at.store200, 303]);
    assert.deepEqual(await run([[20011, 1, Access.write]]), [at.store64, 20011]);
    assert.deepEqual(await run([[39996, 8, Access.write]]), [at.store8, 40000]);
  });

  test('an access that ends where the watch begins, or begins where it ends, does not stop', async () => {
    // the stores write 100..104, 300..304, 20004..20012, 40000
    assert.equal(await run([[104, 8, Access.write], [296, 4, Access.write], [304, 2, Access.write]]), null);
    assert.equal(await run([[20000, 4, Access.write], [20012, 4, Access.write], [39999, 1, Access.write], [40001, 2, Access.write]]), null);
  });

  test('loads stop a read watch only; memory.fill stops a write watch', async () => {
    assert.deepEqual(await run([[50008, 2, Access.read]]), [at.load, 50008]);
    assert.equal(await run([[50005, 4, Access.write]]), null);
    assert.equal(await run([[50009, 4, Access.read]]), null);
    assert.deepEqual(await run([[60009, 1, Access.write]]), [at.fill, 60009]);
  });

  test('a decided breakpoint that runs on (its condition false) on the watched store still stops for the watch', async () => {
    const never = Uint8Array.from([0x01, 0, 0, 0, 0, 0, 0, 0, 0]); // the constant 0
    await c.ok('bpSetCond', { offset: at.store, flags: 0, hitOp: 0, hitCount: 0, condLength: never.length, program: never });
    try {
      assert.deepEqual(await run([[100, 4, Access.write]]), [at.store, 100]);
      assert.equal(await run([[104, 4, Access.write]]), null);
    } finally {
      await c.ok('bpClear', { offsets: [] });
    }
  });

  test('two watches far apart: accesses between them (inside the compared span) run on, the watched one stops', async () => {
    assert.deepEqual(await run([[99, 1, Access.write], [40000, 1, Access.write]]), [at.store8, 40000]);
  });
});
