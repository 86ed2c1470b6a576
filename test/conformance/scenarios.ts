/**
 * Protocol conformance scenarios (docs/protocol.md) against ANY device endpoint: the simulator
 * over TCP or a pseudo-terminal, the firmware's host build, a board on a serial port. Call
 * `conformance(() => address)` inside a test file; the address is read when the tests run.
 *
 * Scenarios that need a capability the device does not advertise are skipped, not failed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { uploadModule } from '../../src/device';
import {
  Access, BP_REFUSED, BpCondFlag, Capability, DeviceState, ErrorCode, ExitReason, HitOp, LinkErrorKind, Option, RunFlag, Scope, StepKind, StopFlag, StopReason,
} from '../../src/protocol';
import { Op as CondOp } from '../../src/protocol/condition';
import { type Conformance, conformanceModule, otherModule } from './modules';
import { Peer } from './peer';

export interface ConformanceOptions {
  /** Skip the scenarios that cut the connection (e.g. a board whose USB-UART resets on close). */
  noReconnect?: boolean;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function conformance(address: () => string, opts: ConformanceOptions = {}): void {
  const open = (o?: { hello?: boolean }) => Peer.open(address(), o);

  /** A peer with the conformance module active and the device idle. */
  async function ready(): Promise<{ p: Peer; m: Conformance }> {
    const m = await conformanceModule();
    const p = await open();
    try {
      await p.idle();
      await p.deploy(m.bytes);
    } catch (e) {
      await p.close();
      throw e;
    }
    return { p, m };
  }

  /** Runs `entry` stopped on entry; returns the stop. */
  async function runStopped(p: Peer, entry: string) {
    await p.request('run', { flags: RunFlag.stopOnEntry, entry });
    return p.take('stopped');
  }

  async function finish(p: Peer): Promise<void> {
    try {
      const r = await p.request('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 });
      if (r.state !== DeviceState.idle) {
        await p.request('stop', {});
        await p.take('exited');
      }
    } finally {
      await p.close();
    }
  }

  const withReady = (fn: (p: Peer, m: Conformance) => Promise<void>) => async () => {
    const { p, m } = await ready();
    try {
      await fn(p, m);
    } finally {
      await finish(p);
    }
  };

  describe('handshake', () => {
    test('helloOk names the agreed version, limits, capabilities and board', async () => {
      const p = await open();
      try {
        const i = p.info;
        assert.equal(i.version, 1);
        assert.ok(i.maxFrame >= 256);
        assert.ok(i.capabilities & Capability.upload, 'upload capability');
        assert.ok(i.capabilities & Capability.debug, 'debug capability');
        assert.ok(i.board.length > 0 && i.runtime.length > 0 && i.runtimeVersion.length > 0 && i.firmwareVersion.length > 0);
        assert.ok([DeviceState.idle, DeviceState.running, DeviceState.paused].includes(i.state as 0));
      } finally {
        await p.close();
      }
    });

    test('a request before hello gets noHandshake (new connection, and after a reset)', async () => {
      // A serial line has no connection to notice: there only the reset case applies.
      if (/^tcp:\/\//.test(address())) {
        const q = await open({ hello: false });
        try {
          await q.fails('ping', { data: new Uint8Array([1]) }, ErrorCode.noHandshake);
        } finally {
          await q.close();
        }
      }
      const p = await open();
      try {
        await p.idle();
        await p.request('reset', {});
        await p.take('deviceReset', () => true, 10000);
        await p.fails('ping', { data: new Uint8Array([1]) }, ErrorCode.noHandshake);
        await p.hello();
        const r = await p.request('ping', { data: new Uint8Array([1, 2, 0, 3]) });
        assert.deepEqual([...r.data], [1, 2, 0, 3]);
      } finally {
        await p.close();
      }
    });

    test('no common version gets unsupportedVersion naming the device range', async () => {
      const p = await open({ hello: false });
      try {
        const e = await p.fails('hello', { versionMin: 7, versionMax: 9, maxFrame: 1024 }, ErrorCode.unsupportedVersion);
        assert.match(e.deviceMessage, /1/);
        await p.hello(); // still usable
      } finally {
        await p.close();
      }
    });

    test('hello with a maxFrame below 256 is malformed (every side holds 256) and changes nothing; hello again works', async () => {
      const p = await open({ hello: false });
      try {
        await p.fails('hello', { versionMin: 1, versionMax: 1, maxFrame: 0 }, ErrorCode.malformed);
        await p.fails('hello', { versionMin: 1, versionMax: 1, maxFrame: 255 }, ErrorCode.malformed);
        // (Whether the link still counts as greeted depends on the link: a UART cannot tell a new
        // host from the last one, so that is not checked here; section 1.1.)
        await p.hello();
      } finally {
        await p.close();
      }
    });

    test('a reply larger than the host\'s frame is never cut: error internal ("reply too long")', async (t) => {
      const p = await open({ hello: false });
      try {
        const info = await p.request('hello', { versionMin: 1, versionMax: 1, maxFrame: 256 });
        const big = Math.min(info.maxFrame - 7, 600);
        if (big <= 256 - 7) {
          t.skip(`the device's own frame (${info.maxFrame}) cannot carry a request whose echo overflows 256`);
          return;
        }
        // Raw frames: the client itself will not send more than the 256 bytes it announced.
        await p.writeFrame(0x17, 0x3331, new Array(big).fill(7));
        const e = await p.rawFrame((x) => x.id === 0x3331);
        assert.ok(e.name === 'error' && e.code === ErrorCode.internal, JSON.stringify(e.name));
        assert.match(e.name === 'error' ? e.message : '', /reply too long/);
        await p.writeFrame(0x17, 0x3332, new Array(256 - 7).fill(9));
        const r = await p.rawFrame((x) => x.id === 0x3332);
        assert.ok(r.name === 'pingOk' && r.data.length === 256 - 7, 'a reply of exactly the host\'s frame still goes');
      } finally {
        await p.close();
      }
    });

    test('an unknown message type gets unknownType with the frame id', async () => {
      const p = await open();
      try {
        await p.writeFrame(0x3e, 0x1234, [1, 2, 3]);
        const m = await p.rawFrame((x) => x.name === 'error' && x.id === 0x1234);
        assert.equal(m.name === 'error' && m.code, ErrorCode.unknownType);
        assert.equal(m.name === 'error' && m.requestType, 0x3e);
      } finally {
        await p.close();
      }
    });

    test('a malformed body gets malformed with the frame id', async () => {
      const p = await open();
      try {
        await p.writeFrame(0x17 + 0, 0x2222, []); // ping with no data is fine...
        await p.rawFrame((x) => x.name === 'pingOk' && x.id === 0x2222);
        await p.writeFrame(0x09, 0x2345, [1, 0]); // options needs a u32
        const m = await p.rawFrame((x) => x.name === 'error' && x.id === 0x2345);
        assert.equal(m.name === 'error' && m.code, ErrorCode.malformed);
        assert.equal(m.name === 'error' && m.requestType, 0x09);
      } finally {
        await p.close();
      }
    });

    test('a corrupted frame gets a linkError event and costs only itself', async () => {
      const p = await open();
      try {
        await p.writeFrame(0x17, 0x3333, [9], { badCrc: true });
        const e = await p.take('linkError');
        assert.equal(e.kind, LinkErrorKind.crc);
        assert.ok(e.count >= 1);
        await p.writeRaw(new Uint8Array([0x05, 0xff, 0x13, 0x00])); // garbage (a bad COBS block)
        const g = await p.take('linkError');
        assert.ok([LinkErrorKind.cobs, LinkErrorKind.short, LinkErrorKind.crc].includes(g.kind as 1));
        const r = await p.request('ping', { data: new Uint8Array([7]) });
        assert.deepEqual([...r.data], [7]);
      } finally {
        await p.close();
      }
    });

    test('hello again keeps the device state (a paused module stays paused)', async () => {
      const { p } = await ready();
      await runStopped(p, 'main');
      await p.close();
      const q = await open();
      try {
        assert.equal(q.info.state, DeviceState.paused);
        const f = await q.request('frames', { start: 0, count: 8 });
        assert.equal(f.total, 1);
      } finally {
        await finish(q);
      }
    });
  });

  describe('upload', () => {
    test('upload, commit, and helloOk reports the stored module', async () => {
      const { p, m } = await ready();
      try {
        const info = await p.hello();
        assert.equal(info.moduleSha256, sha(m.bytes));
        assert.equal(info.moduleSize, m.bytes.length);
      } finally {
        await finish(p);
      }
    });

    test('chunk or commit without begin, and commit before all bytes, get uploadSequence', withReady(async (p, m) => {
      await p.request('uploadAbort', {});
      await p.fails('uploadChunk', { offset: 0, data: new Uint8Array(4) }, ErrorCode.uploadSequence);
      await p.fails('uploadCommit', {}, ErrorCode.uploadSequence);
      const other = await otherModule();
      await p.request('uploadBegin', { size: other.length, sha256: createHash('sha256').update(other).digest() });
      await p.fails('uploadCommit', {}, ErrorCode.uploadSequence);
      const info = await p.hello();
      assert.equal(info.moduleSha256, sha(m.bytes), 'the previous module is still active');
    }));

    test('a chunk at the wrong offset is dropped and answered with the same ack (go-back-N)', withReady(async (p) => {
      const other = await otherModule();
      const b = await p.request('uploadBegin', { size: other.length, sha256: createHash('sha256').update(other).digest() });
      assert.equal(b.resumeFrom, 0);
      assert.ok(b.chunkMax > 0 && b.window > 0);
      const ack = await p.request('uploadChunk', { offset: 5, data: other.subarray(5) });
      assert.equal(ack.received, 0);
      await p.request('uploadAbort', {});
    }));

    test('hash mismatch is refused and the previous module stays active', withReady(async (p, m) => {
      const other = await otherModule();
      const wrong = createHash('sha256').update('not the module').digest();
      await p.request('uploadBegin', { size: other.length, sha256: wrong });
      const a = await p.request('uploadChunk', { offset: 0, data: other });
      assert.equal(a.received, other.length);
      await p.fails('uploadCommit', {}, ErrorCode.hashMismatch);
      assert.equal((await p.hello()).moduleSha256, sha(m.bytes));
    }));

    test('an invalid module is refused with the runtime reason and the previous module stays active', withReady(async (p, m) => {
      const junk = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff]);
      await p.request('uploadBegin', { size: junk.length, sha256: createHash('sha256').update(junk).digest() });
      await p.request('uploadChunk', { offset: 0, data: junk });
      const e = await p.fails('uploadCommit', {}, ErrorCode.invalidModule);
      assert.ok(e.deviceMessage.length > 0, 'the runtime says why');
      assert.equal((await p.hello()).moduleSha256, sha(m.bytes));
    }));

    test('a module larger than a slot is refused at uploadBegin', withReady(async (p) => {
      await p.fails('uploadBegin', { size: 0x7fffffff, sha256: new Uint8Array(32) }, ErrorCode.tooLarge);
    }));

    test('uploadBegin of 0 bytes is malformed; the active module is untouched', withReady(async (p, m) => {
      await p.fails('uploadBegin', { size: 0, sha256: new Uint8Array(32) }, ErrorCode.malformed);
      assert.equal((await p.hello()).moduleSha256, sha(m.bytes));
    }));

    test('uploadBeginOk: chunkMax is the largest multiple of 16 that fits both frames, window at least 2 (docs/protocol.md 3.3)', withReady(async (p) => {
      const other = await otherModule();
      const b = await p.request('uploadBegin', { size: other.length, sha256: createHash('sha256').update(other).digest() });
      await p.request('uploadAbort', {});
      const fits = Math.min(p.info.maxFrame, 4096) - 11; // uploadChunk: 7 bytes of frame, 4 of offset
      assert.equal(b.chunkMax % 16, 0, `chunkMax ${b.chunkMax}`);
      assert.ok(b.chunkMax <= fits && b.chunkMax > fits - 16, `chunkMax ${b.chunkMax} for frames of ${fits + 11}`);
      assert.ok(b.window >= 2, `window ${b.window}: a lost chunk must show as a hole, not as silence`);
    }));

    test('uploadCommit before the last chunk is refused with the upload still open: the rest and a second commit complete it', withReady(async (p, m) => {
      const padded = withPadding(m.bytes, 1500);
      const hash = createHash('sha256').update(padded).digest();
      const b = await p.request('uploadBegin', { size: padded.length, sha256: hash });
      const chunk = Math.min(b.chunkMax, p.client.maxFrame - 11);
      const cut = padded.length - (padded.length % chunk || chunk);
      for (let off = b.resumeFrom; off < cut; off += chunk) await p.request('uploadChunk', { offset: off, data: padded.subarray(off, off + chunk) });
      await p.fails('uploadCommit', {}, ErrorCode.uploadSequence);
      const a = await p.request('uploadChunk', { offset: cut, data: padded.subarray(cut) });
      assert.equal(a.received, padded.length);
      await p.request('uploadCommit', {});
      assert.equal((await p.hello()).moduleSha256, sha(padded));
      await p.deploy(m.bytes);
    }));

    test('uploadAnyChunk (1.2): chunks of any multiple of 16 bytes are stored like full ones', withReady(async (p, m) => {
      if (!(p.info.capabilities & Capability.uploadAnyChunk)) return;
      const padded = withPadding(m.bytes, 700);
      const hash = createHash('sha256').update(padded).digest();
      const b = await p.request('uploadBegin', { size: padded.length, sha256: hash });
      let off = b.resumeFrom;
      const sizes = [16, 48, 64, 256, 32];
      while (off < padded.length) {
        const len = Math.min(sizes.shift() ?? b.chunkMax, b.chunkMax, padded.length - off);
        const a = await p.request('uploadChunk', { offset: off, data: padded.subarray(off, off + len) });
        off += len;
        assert.equal(a.received, off);
      }
      await p.request('uploadCommit', {});
      assert.equal((await p.hello()).moduleSha256, sha(padded));
      await p.deploy(m.bytes);
    }));

    test('chunk edges (3.3): a chunk over `received` is used from there, others are dropped; one past the size or off 16 before the end is uploadSequence', withReady(async (p, m) => {
      const padded = withPadding(m.bytes, 333); // a size no other scenario uploads: never a resume
      const b = await p.request('uploadBegin', { size: padded.length, sha256: createHash('sha256').update(padded).digest() });
      assert.equal(b.resumeFrom, 0);
      const chunk = async (offset: number, length: number) => (await p.request('uploadChunk', { offset, data: padded.subarray(offset, offset + length) })).received;
      const e = await p.fails('uploadChunk', { offset: 0, data: padded.subarray(0, 20) }, ErrorCode.uploadSequence);
      assert.ok(e.deviceMessage.length > 0, 'the device says why');
      assert.equal(await chunk(0, 32), 32, 'the upload is still open after a refused chunk');
      assert.equal(await chunk(16, 48), 64, 'a chunk over received is used from received on');
      assert.equal(await chunk(0, 16), 64, 'wholly below received: dropped');
      assert.equal(await chunk(80, 16), 64, 'past received: dropped');
      assert.equal(await chunk(64, 0), 64, 'empty: dropped');
      const last = padded.length - (padded.length % 16 || 16);
      for (let off = 64; off < last; off += 64) assert.equal(await chunk(off, Math.min(64, last - off)), Math.min(off + 64, last));
      await p.fails('uploadChunk', { offset: last, data: new Uint8Array(padded.length - last + 16) }, ErrorCode.uploadSequence);
      assert.equal(await chunk(last, padded.length - last), padded.length, 'the last chunk may end anywhere: at the module\'s end');
      await p.request('uploadCommit', {});
      assert.equal((await p.hello()).moduleSha256, sha(padded), 'the overlapping chunks stored the module byte for byte');
      await p.deploy(m.bytes);
    }));

    test('an interrupted upload resumes on a new connection; until commit the previous module runs', async () => {
      if (opts.noReconnect) return;
      const m = await conformanceModule();
      const p0 = await open();
      await p0.idle();
      await p0.deploy(m.bytes);
      // A different module large enough for several chunks: the same code plus a 3000-byte custom section.
      const padded = withPadding(m.bytes, 3000);
      const hash = createHash('sha256').update(padded).digest();
      const b = await p0.request('uploadBegin', { size: padded.length, sha256: hash });
      const chunk = Math.min(b.chunkMax, p0.client.maxFrame - 11);
      assert.ok(padded.length > 2 * chunk, 'needs several chunks');
      await p0.request('uploadChunk', { offset: 0, data: padded.subarray(0, chunk) });
      await p0.request('uploadChunk', { offset: chunk, data: padded.subarray(chunk, 2 * chunk) });
      await p0.close(); // the link is cut mid-upload

      const p = await open();
      try {
        assert.equal(p.info.moduleSha256, sha(m.bytes), 'the previous module is still active');
        // It still runs.
        await p.request('run', { flags: 0, entry: 'main' });
        assert.equal((await p.take('exited')).code, 42);
        const r = await p.request('uploadBegin', { size: padded.length, sha256: hash });
        if (p.info.capabilities & Capability.resumableUpload) {
          assert.equal(r.resumeFrom, 2 * chunk, 'resumes after the chunks already held');
          assert.equal(r.resumeFrom % r.chunkMax, 0);
        }
        await p.request('uploadAbort', {});
        // The host client resumes the same way by itself:
        await p.request('uploadBegin', { size: padded.length, sha256: hash });
        await p.request('uploadChunk', { offset: 0, data: padded.subarray(0, chunk) });
        const res = await uploadModule(p.client, padded);
        if (p.info.capabilities & Capability.resumableUpload) assert.equal(res.resumedFrom, chunk);
        assert.equal(res.sha256, sha(padded));
        assert.equal((await p.hello()).moduleSha256, sha(padded));
        await p.request('run', { flags: 0, entry: 'main' });
        assert.equal((await p.take('exited')).code, 42);
        // Put the plain conformance module back for the other scenarios.
        await p.deploy(m.bytes);
      } finally {
        await finish(p);
      }
    });
  });

  describe('run', () => {
    test('run to the end: output, then exited with the entry result', withReady(async (p) => {
      await p.request('run', { flags: 0, entry: 'main' });
      const o = await p.take('output');
      assert.equal(o.text, 'conformance');
      const e = await p.take('exited');
      assert.equal(e.reason, ExitReason.returned);
      assert.equal(e.code, 42);
    }));

    test('exit() ends the module with its code', withReady(async (p) => {
      await p.request('run', { flags: 0, entry: 'bye' });
      const e = await p.take('exited');
      assert.equal(e.reason, ExitReason.exit);
      assert.equal(e.code, 3);
    }));

    test('unknown entry gets noSuchExport; run while running gets invalidState; stop ends it', withReady(async (p) => {
      await p.fails('run', { flags: 0, entry: 'no_such_function' }, ErrorCode.noSuchExport);
      await p.request('run', { flags: 0, entry: 'spin' });
      await p.fails('run', { flags: 0, entry: 'spin' }, ErrorCode.invalidState);
      await p.fails('step', { kind: StepKind.into, ranges: [] }, ErrorCode.invalidState);
      await p.fails('continue', {}, ErrorCode.invalidState);
      await p.request('stop', {});
      const e = await p.take('exited');
      assert.equal(e.reason, ExitReason.stopped);
      await p.fails('stop', {}, ErrorCode.invalidState);
    }));

    test('stop on entry stops before the first instruction of the entry', withReady(async (p, m) => {
      const s = await runStopped(p, 'main');
      assert.equal(s.reason, StopReason.entry);
      assert.equal(s.func, m.index('main'));
      assert.equal(s.pc, m.at('main', 0));
      assert.equal(s.depth, 1);
      assert.ok(s.flags & StopFlag.localsComplete);
      assert.deepEqual(s.locals, [{ type: 'i32', value: 0 }, { type: 'i64', value: 0n }, { type: 'f64', value: 0 }]);
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 42);
    }));
  });

  describe('breakpoints decided on the device (protocol 1.1, deviceConditions)', () => {
    const i64 = (v: bigint) => {
      const b = new DataView(new ArrayBuffer(8));
      b.setBigInt64(0, v, true);
      return [CondOp.i64, ...new Uint8Array(b.buffer)];
    };
    const local0 = [CondOp.local, 0, 0];
    const prog = (...p: number[][]) => Uint8Array.from(p.flat());
    /** bpSetCond at $count's loop head (`local.get $i`, reached with $i = 0..9). */
    const setCond = (p: Peer, m: Conformance, o: { flags?: number; hitOp?: number; hitCount?: number; cond?: Uint8Array; log?: Uint8Array }) => {
      const cond = o.cond ?? new Uint8Array(0);
      const log = o.log ?? new Uint8Array(0);
      return p.request('bpSetCond', { offset: m.at('count', 1), flags: o.flags ?? 0, hitOp: o.hitOp ?? 0, hitCount: o.hitCount ?? 0, condLength: cond.length, program: prog([...cond], [...log]) });
    };
    const needs = (fn: (p: Peer, m: Conformance) => Promise<void>) => withReady(async (p, m) => {
      if (!(p.info.capabilities & Capability.deviceConditions)) {
        await p.fails('bpSetCond', { offset: m.at('count', 1), flags: 0, hitOp: 0, hitCount: 0, condLength: 0, program: new Uint8Array(0) }, ErrorCode.unknownType);
        return;
      }
      await fn(p, m);
    });

    test('a condition is decided on the device: only the hit where it holds stops', needs(async (p, m) => {
      const r = await setCond(p, m, { cond: prog(local0, i64(7n), [CondOp.eq]) });
      assert.equal(r.resolved, m.at('count', 1));
      await p.request('run', { flags: 0, entry: 'count' });
      const s = await p.take('stopped');
      assert.deepEqual([s.reason, s.pc, s.flags & StopFlag.conditionError], [StopReason.breakpoint, m.at('count', 1), 0]);
      assert.deepEqual(s.locals, [{ type: 'i32', value: 7 }]);
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 10);
      await p.none('stopped', 50);
      await p.request('bpClear', { offsets: [] });
    }));

    test('a logpoint sends logHit with its values and runs on; the hit condition counts on the device', needs(async (p, m) => {
      // every 3rd hit: $i and $i * 2 + 0.5
      const log = prog(local0, [CondOp.emit], local0, i64(2n), [CondOp.mul, CondOp.f64, ...new Uint8Array(new Float64Array([0.5]).buffer), CondOp.add, CondOp.emit]);
      await setCond(p, m, { flags: BpCondFlag.log, hitOp: HitOp.mod, hitCount: 3, log });
      await p.request('run', { flags: 0, entry: 'count' });
      assert.equal((await p.take('exited')).code, 10);
      const hits = [];
      for (let k = 0; k < 3; k++) hits.push(await p.take('logHit'));
      assert.deepEqual(hits.map((h) => h.offset), [m.at('count', 1), m.at('count', 1), m.at('count', 1)]);
      assert.deepEqual(hits.map((h) => h.values), [2n, 5n, 8n].map((i) => [{ type: 'i64', value: i }, { type: 'f64', value: Number(i) * 2 + 0.5 }]));
      await p.none('stopped', 50);
      await p.none('logHit', 20);
      await p.request('bpClear', { offsets: [] });
    }));

    test('a hit condition alone; a plain bpSet on the offset makes it unconditional again', needs(async (p, m) => {
      await setCond(p, m, { hitOp: HitOp.eq, hitCount: 4 });
      await p.request('run', { flags: 0, entry: 'count' });
      assert.deepEqual((await p.take('stopped')).locals, [{ type: 'i32', value: 3 }]);
      await p.request('bpSet', { offsets: [m.at('count', 1)] });
      await p.request('continue', {});
      assert.deepEqual((await p.take('stopped')).locals, [{ type: 'i32', value: 4 }]);
      await p.request('bpClear', { offsets: [] });
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 10);
    }));

    test('a condition and a hit condition: only the hits where the condition holds are counted', needs(async (p, m) => {
      // $i > 2, third time: $i = 3, 4, 5 hold, so it stops at 5 (the false hits 0..2 count nothing)
      await setCond(p, m, { cond: prog(local0, i64(2n), [CondOp.gt]), hitOp: HitOp.eq, hitCount: 3 });
      await p.request('run', { flags: 0, entry: 'count' });
      assert.deepEqual((await p.take('stopped')).locals, [{ type: 'i32', value: 5 }]);
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 10);
      await p.none('stopped', 50);
      await p.request('bpClear', { offsets: [] });
    }));

    test('a program that fails at a hit (memory out of bounds) stops there, flagged', needs(async (p, m) => {
      // i32[$i + 65536] != 0: past the one-page memory
      await setCond(p, m, { cond: prog(local0, i64(65536n), [CondOp.add, CondOp.load, 4], i64(0n), [CondOp.ne]) });
      await p.request('run', { flags: 0, entry: 'count' });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.breakpoint);
      assert.ok(s.flags & StopFlag.conditionError);
      await p.request('bpClear', { offsets: [] });
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 10);
    }));

    test('malformed programs get badProgram, unknown flags malformed; nothing is set', needs(async (p, m) => {
      const at = m.at('count', 1);
      const bad = async (program: Uint8Array, condLength: number, flags = 0) =>
        p.fails('bpSetCond', { offset: at, flags, hitOp: 0, hitCount: 0, condLength, program }, ErrorCode.badProgram);
      await bad(prog([CondOp.add]), 1); // stack underflow
      await bad(prog(i64(1n), i64(2n)), 18); // two values left
      await bad(prog([CondOp.i64, 1, 2]), 3); // cut immediate
      await bad(prog(i64(0n), [CondOp.andThen, 3], i64(1n), [CondOp.bool]), 21); // jump into an instruction
      await bad(prog(i64(1n), [CondOp.emit], i64(1n)), 19); // emit in a condition
      await bad(new Uint8Array(97).fill(CondOp.neg), 97); // longer than 96 bytes
      await bad(prog(i64(1n)), 10); // condLength past the program
      await bad(prog(i64(1n), i64(1n)), 9); // a log program without the log flag
      await p.fails('bpSetCond', { offset: at, flags: 0x80, hitOp: 0, hitCount: 0, condLength: 0, program: new Uint8Array(0) }, ErrorCode.malformed);
      await p.request('run', { flags: 0, entry: 'count' });
      assert.equal((await p.take('exited')).code, 10);
      await p.none('stopped', 30);
    }));
  });

  describe('pipelined requests (protocol 1.2, pipelining)', () => {
    /** Sends every request before awaiting any; returns the answers in send order and the ids in arrival order. */
    async function pipeline(p: Peer, send: (() => Promise<unknown>)[]): Promise<{ results: PromiseSettledResult<unknown>[]; arrival: number[] }> {
      const from = p.raw.length;
      const sent = send.map((f) => f());
      const results = await Promise.allSettled(sent);
      const arrival = p.raw.slice(from).filter((m) => m.name.endsWith('Ok') || m.name === 'error').map((m) => m.id);
      return { results, arrival };
    }
    const needs = (fn: (p: Peer, m: Conformance) => Promise<void>) => withReady(async (p, m) => {
      if (!(p.info.capabilities & Capability.pipelining)) {
        console.log('skipped: the device does not advertise pipelining');
        return;
      }
      await fn(p, m);
    });
    const ok = (r: PromiseSettledResult<unknown>) => (assert.equal(r.status, 'fulfilled', r.status === 'rejected' ? String(r.reason) : ''), (r as PromiseFulfilledResult<unknown>).value);

    test('a launch\'s set-up and run sent together: each answered once, in order; the stop follows runOk', needs(async (p, m) => {
      const at = m.at('add', 2);
      const firstId = p.raw.length;
      const { results, arrival } = await pipeline(p, [
        () => p.request('options', { flags: Option.stopOnTrap }),
        () => p.request('bpClear', { offsets: [] }),
        () => p.request('bpSet', { offsets: [at] }),
        () => p.request('run', { flags: 0, entry: 'main' }),
      ]);
      results.forEach(ok);
      assert.deepEqual((ok(results[2]) as { resolved: number[] }).resolved, [at]);
      assert.deepEqual(arrival, [...arrival].sort((a, b) => a - b), 'answers in the order of the requests');
      assert.equal(arrival.length, 4);
      const s = await p.take('stopped');
      assert.equal(s.pc, at);
      const after = p.raw.slice(firstId);
      assert.ok(after.findIndex((x) => x.name === 'runOk') < after.findIndex((x) => x.name === 'stopped'), 'runOk before the stop');
      // At the stop: frames and every scope at once, a refused request among them changes nothing behind it.
      const q = await pipeline(p, [
        () => p.request('frames', { start: 1, count: 19 }),
        () => p.request('values', { scope: Scope.operandStack, frame: 0, start: 0 }),
        () => p.request('values', { scope: Scope.locals, frame: 99, start: 0 }),
        () => p.request('values', { scope: Scope.locals, frame: 1, start: 0 }),
        () => p.request('values', { scope: Scope.globals, frame: 0, start: 0 }),
      ]);
      assert.deepEqual(q.arrival, [...q.arrival].sort((a, b) => a - b));
      assert.equal(q.arrival.length, 5);
      assert.deepEqual((ok(q.results[0]) as { frames: unknown[]; total: number }).frames.map((f) => (f as { func: number }).func), [m.index('twice'), m.index('main')]);
      assert.deepEqual((ok(q.results[1]) as { values: unknown[] }).values, [{ type: 'i32', value: 20 }, { type: 'i32', value: 20 }]);
      assert.equal(q.results[2].status, 'rejected');
      assert.equal(((q.results[2] as PromiseRejectedResult).reason as { code: number }).code, ErrorCode.outOfBounds);
      assert.deepEqual((ok(q.results[3]) as { values: unknown[] }).values, [{ type: 'i32', value: 20 }]);
      assert.equal((ok(q.results[4]) as { total: number }).total, 3);
      await p.request('bpClear', { offsets: [] });
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 42);
    }));

    test('valuesUpTo answers at most `max` values from `start`, with the scope\'s total; bad scope or frame as values', needs(async (p, m) => {
      await p.request('bpSet', { offsets: [m.at('add', 2)] });
      await p.request('run', { flags: 0, entry: 'main' });
      await p.take('stopped');
      const all = await p.request('values', { scope: Scope.locals, frame: 0, start: 0 });
      assert.equal(all.total, 3);
      const two = await p.request('valuesUpTo', { scope: Scope.locals, frame: 0, start: 0, max: 2 });
      assert.equal(two.total, 3);
      assert.deepEqual(two.values, all.values.slice(0, 2));
      const rest = await p.request('valuesUpTo', { scope: Scope.locals, frame: 0, start: 2, max: 16 });
      assert.deepEqual(rest.values, all.values.slice(2));
      assert.deepEqual((await p.request('valuesUpTo', { scope: Scope.globals, frame: 0, start: 0, max: 0 })).values, []);
      assert.equal((await p.request('valuesUpTo', { scope: Scope.operandStack, frame: 2, start: 0, max: 8 })).total, 0);
      await p.fails('valuesUpTo', { scope: Scope.locals, frame: 3, start: 0, max: 8 }, ErrorCode.outOfBounds);
      await p.fails('valuesUpTo', { scope: 7, frame: 0, start: 0, max: 8 }, ErrorCode.malformed);
      await p.request('bpClear', { offsets: [] });
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 42);
    }));

    test('a request behind continue is judged in the state continue led to (running)', needs(async (p) => {
      await p.request('run', { flags: RunFlag.stopOnEntry, entry: 'spin' });
      await p.take('stopped');
      const { results, arrival } = await pipeline(p, [
        () => p.request('continue', {}),
        () => p.request('values', { scope: Scope.locals, frame: 0, start: 0 }),
        () => p.request('pause', {}),
      ]);
      ok(results[0]);
      assert.equal(results[1].status, 'rejected');
      assert.equal(((results[1] as PromiseRejectedResult).reason as { code: number }).code, ErrorCode.invalidState);
      ok(results[2]);
      assert.deepEqual(arrival, [...arrival].sort((a, b) => a - b));
      assert.equal((await p.take('stopped')).reason, StopReason.pause);
    }));
  });

  describe('breakpoints', () => {
    test('bpSet snaps forward to an instruction; outside code is refused; one per resolved offset', withReady(async (p, m) => {
      const add = m.fn('add');
      const i1 = add.instructions[1];
      const r = await p.request('bpSet', { offsets: [i1 + 1, i1, 3, add.start] });
      assert.deepEqual(r.resolved, [add.instructions[2], i1, BP_REFUSED, add.instructions[0]]);
      await p.request('bpClear', { offsets: [] });
    }));

    test('block, loop and else are no stop places: breakpoints move to the next instruction; entry and step in skip them', withReady(async (p, m) => {
      const r = await p.request('bpSet', { offsets: [m.at('blocky', 0), m.at('spin', 0)] });
      assert.deepEqual(r.resolved, [m.at('blocky', 1), m.at('spin', 1)]);
      await p.request('bpClear', { offsets: [] });
      const s = await runStopped(p, 'spin');
      assert.equal(s.pc, m.at('spin', 1), 'stop on entry lands after the loop');
      await p.request('stop', {});
      await p.take('exited');
      const e = await runStopped(p, 'callblocky');
      assert.equal(e.pc, m.at('callblocky', 0));
      await p.request('step', { kind: StepKind.into, ranges: [] });
      assert.equal((await p.take('stopped')).pc, m.at('callblocky', 1));
      await p.request('step', { kind: StepKind.into, ranges: [] });
      const inside = await p.take('stopped');
      assert.deepEqual([inside.func, inside.pc, inside.depth], [m.index('blocky'), m.at('blocky', 1), 2], 'step in lands where a function breakpoint would');
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 9);
    }));

    test('a breakpoint is hit with reason, offset, frame and locals; continue hits it again', withReady(async (p, m) => {
      const at = m.at('add', 2); // i32.add
      const r = await p.request('bpSet', { offsets: [at, at] });
      assert.deepEqual(r.resolved, [at, at]);
      await p.request('run', { flags: 0, entry: 'main' });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.breakpoint);
      assert.equal(s.hit, at);
      assert.equal(s.pc, at);
      assert.equal(s.func, m.index('add'));
      assert.equal(s.depth, 3);
      assert.deepEqual(s.locals, [{ type: 'i32', value: 20 }, { type: 'i32', value: 20 }, { type: 'i32', value: 0 }]);
      assert.ok(s.flags & StopFlag.localsComplete);
      const st = await p.request('values', { scope: Scope.operandStack, frame: 0, start: 0 });
      assert.deepEqual(st.values, [{ type: 'i32', value: 20 }, { type: 'i32', value: 20 }]);
      // Clearing the (single) breakpoint at that offset removes it: the module runs to the end.
      await p.request('bpClear', { offsets: [at] });
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 42);
    }));

    test('two requests resolving to one offset, one cleared: nothing left armed', withReady(async (p, m) => {
      const at = m.at('add', 2);
      assert.ok(at - 1 > m.at('add', 1), 'at - 1 is inside the previous instruction');
      const r = await p.request('bpSet', { offsets: [at - 1, at] });
      assert.deepEqual(r.resolved, [at, at]);
      await p.request('bpClear', { offsets: [at] });
      await p.request('run', { flags: 0, entry: 'main' });
      assert.equal((await p.take('exited')).code, 42);
      await p.none('stopped', 50);
    }));

    test('a breakpoint set while the module runs is hit', withReady(async (p, m) => {
      await p.request('run', { flags: 0, entry: 'spin' });
      await new Promise((r) => setTimeout(r, 100));
      const at = m.at('spin', 1); // i32.const 1 inside the loop
      await p.request('bpSet', { offsets: [at] });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.breakpoint);
      assert.equal(s.pc, at);
      await p.request('bpClear', { offsets: [] });
    }));
  });

  describe('stepping', () => {
    test('into enters a call; over runs a call to its return; out returns to the caller', withReady(async (p, m) => {
      const callTwice = m.at('main', 5);
      await p.request('bpSet', { offsets: [callTwice] });
      await p.request('run', { flags: 0, entry: 'main' });
      let s = await p.take('stopped');
      assert.equal(s.pc, callTwice);
      await p.request('bpClear', { offsets: [] });

      await p.request('step', { kind: StepKind.into, ranges: [] });
      s = await p.take('stopped');
      assert.equal(s.reason, StopReason.step);
      assert.equal(s.func, m.index('twice'));
      assert.equal(s.pc, m.at('twice', 0));
      assert.equal(s.depth, 2);
      assert.deepEqual(s.locals, [{ type: 'i32', value: 20 }]);

      await p.request('step', { kind: StepKind.into, ranges: [] });
      s = await p.take('stopped');
      assert.equal(s.pc, m.at('twice', 1));
      await p.request('step', { kind: StepKind.over, ranges: [] });
      s = await p.take('stopped');
      assert.equal(s.pc, m.at('twice', 2)); // call $add
      await p.request('step', { kind: StepKind.over, ranges: [] });
      s = await p.take('stopped');
      assert.equal(s.pc, m.at('twice', 3), 'over ran the call to its return');
      assert.equal(s.depth, 2);

      await p.request('step', { kind: StepKind.out, ranges: [] });
      s = await p.take('stopped');
      assert.equal(s.func, m.index('main'));
      assert.equal(s.pc, m.at('main', 6), 'the instruction after the call');
      assert.equal(s.depth, 1);
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 42);
    }));

    test('recursion: over a recursive call and out of a frame stop in that frame, not where a deeper one gets to first', withReady(async (p, m) => {
      const call = m.at('fact', 10); // call $fact (n - 1)
      const after = m.at('fact', 11); // i32.mul
      await p.request('bpSet', { offsets: [call] });
      await p.request('run', { flags: 0, entry: 'facts' });
      let s = await p.take('stopped');
      assert.deepEqual([s.pc, s.depth, s.locals], [call, 2, [{ type: 'i32', value: 5 }]]);
      await p.request('bpClear', { offsets: [] });

      // The deeper calls reach `after` first (n = 2, 3, 4).
      await p.request('step', { kind: StepKind.over, ranges: [] });
      s = await p.take('stopped');
      assert.deepEqual([s.reason, s.pc, s.depth, s.locals], [StopReason.step, after, 2, [{ type: 'i32', value: 5 }]], 'over stops in its own frame');

      await p.request('stop', {});
      await p.take('exited');
      await p.request('bpSet', { offsets: [call] });
      await p.request('run', { flags: 0, entry: 'facts' });
      await p.take('stopped');
      await p.request('bpClear', { offsets: [] });
      await p.request('step', { kind: StepKind.into, ranges: [] });
      s = await p.take('stopped');
      assert.deepEqual([s.pc, s.depth, s.locals], [m.at('fact', 0), 3, [{ type: 'i32', value: 4 }]]);
      await p.request('step', { kind: StepKind.out, ranges: [] });
      s = await p.take('stopped');
      assert.deepEqual([s.reason, s.pc, s.depth, s.locals], [StopReason.step, after, 2, [{ type: 'i32', value: 5 }]], 'out returns to the caller\'s frame');
      await p.request('continue', {});
      assert.equal((await p.take('exited')).code, 120);
    }));

    test('over with ranges: one request, one stop when the pc leaves the range', withReady(async (p, m) => {
      await runStopped(p, 'main');
      // The "line" of instructions 0..5 (through the call): one step over, one stop at instruction 6.
      const range = { start: m.at('main', 0), end: m.at('main', 6) };
      await p.request('step', { kind: StepKind.over, ranges: [range] });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.step);
      assert.equal(s.pc, m.at('main', 6));
      assert.equal(s.depth, 1);
      await p.none('stopped', 50);
    }));

    test('into with ranges stops on the first instruction of a called function', withReady(async (p, m) => {
      await runStopped(p, 'main');
      const range = { start: m.at('main', 0), end: m.at('main', 10) };
      await p.request('step', { kind: StepKind.into, ranges: [range] });
      const s = await p.take('stopped');
      assert.equal(s.func, m.index('twice'));
      assert.equal(s.pc, m.at('twice', 0));
      assert.equal(s.depth, 2);
    }));

    test('an inverted step range is malformed, more than 8 ranges is tableFull; the stop stays as it was', withReady(async (p, m) => {
      const s = await runStopped(p, 'main');
      const main = m.fn('main');
      await p.fails('step', { kind: StepKind.over, ranges: [{ start: main.instructions[3], end: main.instructions[1] }] }, ErrorCode.malformed);
      await p.fails('step', { kind: StepKind.out, ranges: [{ start: 20, end: 10 }] }, ErrorCode.malformed);
      const nine = Array.from({ length: 9 }, (_, i) => ({ start: main.start + i, end: main.start + i + 1 }));
      await p.fails('step', { kind: StepKind.over, ranges: nine }, ErrorCode.tableFull);
      const f = await p.request('frames', { start: 0, count: 1 });
      assert.deepEqual(f.frames, [{ func: s.func, pc: s.pc }]);
      // Eight ranges is the most every device holds: one covering the first instruction, seven elsewhere.
      const eight = [{ start: main.instructions[0], end: main.instructions[1] }, ...nine.slice(0, 7).map((r) => ({ start: r.start + 100000, end: r.end + 100000 }))];
      await p.request('step', { kind: StepKind.over, ranges: eight });
      assert.equal((await p.take('stopped')).pc, main.instructions[1]);
    }));

    test('ranges in the callee: stepping past the end of the frame stops in the caller', withReady(async (p, m) => {
      const at = m.at('add', 0);
      await p.request('bpSet', { offsets: [at] });
      await p.request('run', { flags: 0, entry: 'main' });
      await p.take('stopped');
      await p.request('bpClear', { offsets: [] });
      const add = m.fn('add');
      await p.request('step', { kind: StepKind.over, ranges: [{ start: add.start, end: add.end }] });
      const s = await p.take('stopped');
      assert.equal(s.func, m.index('twice'));
      assert.equal(s.pc, m.at('twice', 3));
      assert.equal(s.depth, 2);
    }));

    test('a breakpoint met during a ranged step wins', withReady(async (p, m) => {
      await runStopped(p, 'main');
      const bp = m.at('add', 3);
      await p.request('bpSet', { offsets: [bp] });
      await p.request('step', { kind: StepKind.over, ranges: [{ start: m.at('main', 0), end: m.at('main', 10) }] });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.breakpoint);
      assert.equal(s.hit, bp);
      assert.equal(s.depth, 3);
    }));

    test('a breakpoint the ranged step walks onto in its own frame wins too (inlined code has breakpoints inside a line\'s ranges)', withReady(async (p, m) => {
      await runStopped(p, 'main');
      const bp = m.at('main', 2);
      await p.request('bpSet', { offsets: [bp] });
      await p.request('step', { kind: StepKind.over, ranges: [{ start: m.at('main', 0), end: m.at('main', 10) }] });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.breakpoint);
      assert.equal(s.hit, bp);
      assert.equal(s.pc, bp);
      assert.equal(s.depth, 1);
    }));
  });

  describe('pause', () => {
    test('pause stops a busy loop; continue and pause again; stop', withReady(async (p, m) => {
      await p.request('run', { flags: 0, entry: 'spin' });
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 2; i++) {
        await p.request('pause', {});
        const s = await p.take('stopped');
        assert.equal(s.reason, StopReason.pause);
        assert.equal(s.func, m.index('spin'));
        const spin = m.fn('spin');
        assert.ok(s.pc >= spin.start && s.pc < spin.end);
        const g = await p.request('values', { scope: Scope.globals, frame: 0, start: 0 });
        assert.equal(g.total, 3);
        assert.equal(g.values[0].type, 'i32');
        assert.ok((g.values[0].value as number) > 0, 'the loop ran');
        await p.request('continue', {});
      }
      await p.request('stop', {});
      assert.equal((await p.take('exited')).reason, ExitReason.stopped);
    }));

    test('pause while the module sleeps in a native call; step over finishes the call', withReady(async (p, m) => {
      await p.request('run', { flags: 0, entry: 'nap' });
      await new Promise((r) => setTimeout(r, 100));
      await p.request('pause', {});
      const s = await p.take('stopped', () => true, 3000);
      assert.equal(s.reason, StopReason.pause);
      assert.equal(s.func, m.index('nap'));
      await p.fails('pause', {}, ErrorCode.invalidState);
      await p.request('step', { kind: StepKind.over, ranges: [] });
      const t = await p.take('stopped', () => true, 3000);
      assert.equal(t.func, m.index('nap'));
      assert.equal(t.depth, 1);
    }));
  });

  describe('traps', () => {
    test('with stopOnTrap: trap event, then stopped(trap); inspectable; pause refused; stop ends it as stopped', withReady(async (p, m) => {
      await p.request('options', { flags: Option.stopOnTrap });
      await p.request('run', { flags: 0, entry: 'div' });
      const t = await p.take('trap');
      assert.equal(t.func, m.index('div'));
      assert.equal(t.pc, m.at('div', 2));
      assert.ok(t.message.length > 0);
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.trap);
      assert.equal(s.pc, m.at('div', 2));
      await p.fails('pause', {}, ErrorCode.invalidState);
      await p.fails('step', { kind: 9, ranges: [] }, ErrorCode.malformed);
      // A refused request leaves the trap stop as it was.
      const f = await p.request('frames', { start: 0, count: 4 });
      assert.deepEqual(f.frames, [{ func: m.index('div'), pc: m.at('div', 2) }]);
      await p.request('stop', {});
      assert.equal((await p.take('exited')).reason, ExitReason.stopped);
    }));

    for (const how of ['continue', 'step'] as const) {
      test(`${how} at a trap stop is answered, then the run ends as trapped (nothing runs past a trap)`, withReady(async (p) => {
        await p.request('options', { flags: Option.stopOnTrap });
        await p.request('run', { flags: 0, entry: 'div' });
        await p.take('trap');
        assert.equal((await p.take('stopped')).reason, StopReason.trap);
        if (how === 'continue') await p.request('continue', {});
        else await p.request('step', { kind: StepKind.over, ranges: [] });
        const e = await p.take('exited');
        assert.equal(e.reason, ExitReason.trap);
        await p.none('stopped', 50);
        assert.equal((await p.request('hello', { versionMin: 1, versionMax: 1, maxFrame: 4096 })).state, DeviceState.idle);
      }));
    }

    test('at a trap stop the operand stack still holds the trapping instruction\'s operands', withReady(async (p) => {
      await p.request('options', { flags: Option.stopOnTrap });
      for (const [entry, want] of [['div', [1, 0]], ['oob', [70000]]] as const) {
        await p.request('run', { flags: 0, entry });
        await p.take('trap');
        assert.equal((await p.take('stopped')).reason, StopReason.trap);
        const st = await p.request('values', { scope: Scope.operandStack, frame: 0, start: 0 });
        assert.deepEqual(st.values, want.map((value) => ({ type: 'i32', value })), entry);
        await p.request('stop', {});
        await p.take('exited');
      }
    }));

    test('without stopOnTrap: trap event, then exited(trap)', withReady(async (p, m) => {
      await p.request('run', { flags: 0, entry: 'oob' });
      const t = await p.take('trap');
      assert.equal(t.func, m.index('oob'));
      assert.equal(t.pc, m.at('oob', 1));
      const e = await p.take('exited');
      assert.equal(e.reason, ExitReason.trap);
      await p.none('stopped', 50);
    }));
  });

  describe('state', () => {
    test('frames and values: locals (parameters first), operand stack, globals, paging', withReady(async (p, m) => {
      await p.request('bpSet', { offsets: [m.at('add', 4)] });
      await p.request('run', { flags: 0, entry: 'main' });
      const s = await p.take('stopped');
      assert.equal(s.depth, 3);
      const f = await p.request('frames', { start: 0, count: 10 });
      assert.equal(f.total, 3);
      assert.deepEqual(f.frames.map((x) => x.func), [m.index('add'), m.index('twice'), m.index('main')]);
      assert.equal(f.frames[1].pc, m.at('twice', 2), 'a caller frame is at its call');
      assert.equal(f.frames[2].pc, m.at('main', 5));
      const f2 = await p.request('frames', { start: 1, count: 1 });
      assert.deepEqual(f2.frames, [f.frames[1]]);
      const l = await p.request('values', { scope: Scope.locals, frame: 0, start: 0 });
      assert.deepEqual(l.values, [{ type: 'i32', value: 20 }, { type: 'i32', value: 20 }, { type: 'i32', value: 40 }]);
      const l1 = await p.request('values', { scope: Scope.locals, frame: 2, start: 1 });
      assert.equal(l1.total, 3);
      assert.deepEqual(l1.values, [{ type: 'i64', value: -7n }, { type: 'f64', value: 1.5 }]);
      const g = await p.request('values', { scope: Scope.globals, frame: 0, start: 0 });
      assert.deepEqual(g.values, [{ type: 'i32', value: 0 }, { type: 'i32', value: 0 }, { type: 'i64', value: -2n }]);
      await p.fails('values', { scope: Scope.locals, frame: 9, start: 0 }, ErrorCode.outOfBounds);
      if (!(p.info.capabilities & Capability.setLocal)) {
        await p.fails('setValue', { scope: Scope.locals, frame: 0, index: 0, value: { type: 'i32', value: 1 } }, ErrorCode.unsupported);
      }
      if (p.info.capabilities & Capability.setGlobal) {
        await p.request('setValue', { scope: Scope.globals, frame: 0, index: 2, value: { type: 'i64', value: 1234567890123n } });
        const g2 = await p.request('values', { scope: Scope.globals, frame: 0, start: 2 });
        assert.deepEqual(g2.values, [{ type: 'i64', value: 1234567890123n }]);
      }
      if (p.info.capabilities & Capability.setLocal) {
        // $sum := 99: add returns it, so main returns 99 + 2.
        await p.request('setValue', { scope: Scope.locals, frame: 0, index: 2, value: { type: 'i32', value: 99 } });
        const l2 = await p.request('values', { scope: Scope.locals, frame: 0, start: 2 });
        assert.deepEqual(l2.values, [{ type: 'i32', value: 99 }]);
        await p.request('bpClear', { offsets: [] });
        await p.request('continue', {});
        assert.equal((await p.take('exited')).code, 101, 'the assigned local was used');
      }
    }));

    test('memory: read, bounds, write all-or-nothing', withReady(async (p) => {
      await runStopped(p, 'main');
      const r = await p.request('memRead', { address: 0, length: 11 });
      assert.equal(Buffer.from(r.data).toString(), 'conformance');
      assert.equal(r.memorySize, 65536);
      const end = await p.request('memRead', { address: 65528, length: 64 });
      assert.equal(Buffer.from(end.data).toString(), 'lastpage', 'a read stops at the end of memory');
      await p.fails('memRead', { address: 65537, length: 1 }, ErrorCode.outOfBounds);
      if (p.info.capabilities & Capability.memoryWrite) {
        await p.request('memWrite', { address: 100, data: new Uint8Array([1, 2, 3]) });
        assert.deepEqual([...(await p.request('memRead', { address: 100, length: 3 })).data], [1, 2, 3]);
        await p.fails('memWrite', { address: 65534, data: new Uint8Array([9, 9, 9, 9]) }, ErrorCode.outOfBounds);
        assert.equal(Buffer.from((await p.request('memRead', { address: 65528, length: 8 })).data).toString(), 'lastpage');
      }
    }));

    test('data breakpoints: a watched read stops before the access; without the capability, unsupported', withReady(async (p, m) => {
      if (!(p.info.capabilities & Capability.dataBreakpoints)) {
        await p.fails('dataBpSet', { address: 0, length: 4, access: 1 }, ErrorCode.unsupported);
        return;
      }
      // $oob loads 4 bytes at 70000 (past memory): the watch stops it before the load traps.
      const w = await p.request('dataBpSet', { address: 70000, length: 4, access: Access.read });
      await p.request('run', { flags: 0, entry: 'oob' });
      const s = await p.take('stopped');
      assert.equal(s.reason, StopReason.dataBreakpoint);
      assert.equal(s.hit, 70000, 'the address accessed');
      assert.equal(s.pc, m.at('oob', 1), 'stopped at the load, before it ran');
      await p.request('dataBpClear', { watchId: w.watchId });
      await p.request('continue', {});
      assert.equal((await p.take('trap')).pc, m.at('oob', 1));
      assert.equal((await p.take('exited')).reason, ExitReason.trap);
    }));

    test('Bluetooth bonds: listed over a wired link, an unknown one cannot be erased; without the capability, unsupported', async () => {
      const p = await open();
      try {
        if (!(p.info.capabilities & Capability.bonds)) {
          await p.fails('bondList', {}, ErrorCode.unsupported);
          await p.fails('bondErase', { bond: new Uint8Array(0) }, ErrorCode.unsupported);
          return;
        }
        const l = await p.request('bondList', {});
        assert.equal(l.bonds.length % 7, 0, '7 bytes per bond');
        // Never erases a real bond: an address no board has (a random static one of all 0xee).
        await p.fails('bondErase', { bond: new Uint8Array([1, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]) }, ErrorCode.noSuchBond);
        await p.fails('bondErase', { bond: new Uint8Array([1, 2, 3]) }, ErrorCode.malformed);
      } finally {
        await p.close();
      }
    });

    test('buttons and LEDs: input drives button_get, led_set sends led events', withReady(async (p) => {
      if (!(p.info.capabilities & Capability.buttonsInput) || !(p.info.capabilities & Capability.leds)) return;
      await p.request('input', { button: 2, pressed: 0 });
      await p.request('run', { flags: 0, entry: 'mirror' });
      await p.request('input', { button: 2, pressed: 1 });
      const on = await p.take('led', (e) => e.led === 1 && e.on === 1);
      assert.equal(on.on, 1);
      await p.request('input', { button: 2, pressed: 0 });
      await p.take('led', (e) => e.led === 1 && e.on === 0);
    }));
  });

  describe('reset', () => {
    test('resetOk, then deviceReset; hello again; the module is still stored, breakpoints are gone', async () => {
      const { p, m } = await ready();
      try {
        await p.request('bpSet', { offsets: [m.at('add', 0)] });
        await p.request('run', { flags: 0, entry: 'spin' });
        await p.request('reset', {});
        const r = await p.take('deviceReset', () => true, 10000);
        assert.ok(r.cause <= 4);
        await p.fails('ping', { data: new Uint8Array(1) }, ErrorCode.noHandshake);
        const info = await p.hello();
        assert.equal(info.state, DeviceState.idle);
        assert.equal(info.moduleSha256, sha(m.bytes));
        await p.request('run', { flags: 0, entry: 'main' });
        assert.equal((await p.take('exited')).code, 42, 'no breakpoint survived the reset');
      } finally {
        await finish(p);
      }
    });
  });
}

/** `bytes` plus a custom section named "pad" carrying `n` zero bytes. */
export function withPadding(bytes: Uint8Array, n: number): Uint8Array {
  const body = [3, 0x70, 0x61, 0x64, ...new Array<number>(n).fill(0)];
  const leb: number[] = [];
  let v = body.length;
  do {
    leb.push((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>>= 7;
  } while (v);
  return Uint8Array.from([...bytes, 0, ...leb, ...body]);
}
