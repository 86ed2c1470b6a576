/**
 * The adapter scenarios, against any device: the real adapter process (bundled as shipped) driven
 * by DebugClient. test/debug-adapter/adapter.test.ts runs them on the simulator the adapter starts,
 * test/firmware/adapter-host.test.ts on the firmware's host build (agent + WAMR).
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Peer } from '../conformance/peer';
import { FIXTURE, startClient } from './helpers';
import { THREAD, collectOutput, column, failsWith, frames, launch, line, local, scope, stopAfter, top, type LaunchOptions } from './session-helpers';

const L_ACC = line('(local.set $acc');
const L_COUNTER = line('(global.set $counter');
const L_INC = line('(local.set $i (i32.add');
const L_BRIF = line('(br_if $again');
const L_ADD = line('(i32.add (local.get $a)');
const L_DIV = line('(i32.div_s');
const L_FACT_CALL = line('(call $log_i32 (call $fact');
const L_STORE = line('(i32.store (i32.const 32)');

/** What the device can do beyond the common set (from its handshake capabilities). */
export interface DeviceAbilities {
  setLocal: boolean;
  dataBreakpoints: boolean;
}

const bpAt = (l: number, extra: Partial<DebugProtocol.SourceBreakpoint> = {}) => async (c: DebugClient) => {
  const r = await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: l, ...extra }] });
  assert.equal(r.body.breakpoints[0].verified, true, r.body.breakpoints[0].message);
};

/** `target()` gives the launch arguments that pick the device (transport and its settings). */
export function adapterSuite(target: () => Record<string, unknown>, can: DeviceAbilities): void {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startClient();
  });
  afterEach(async () => {
    await dc.stop();
  });
  const go = (o: LaunchOptions = {}) => launch(dc, { ...o, args: { ...target(), ...o.args } });

  describe('breakpoints', () => {
    test('a line breakpoint stops before the line runs, at its first instruction, every time round the loop', async () => {
      const ev = await stopAfter(dc, () => go({ configure: bpAt(L_ACC) }));
      assert.equal(ev.body.reason, 'breakpoint');
      assert.ok(ev.body.hitBreakpointIds?.length);
      const f = await top(dc);
      assert.equal(f.name, '$main');
      assert.equal(f.line, L_ACC);
      // Folded code runs operands first: the first instruction is the innermost `local.get $acc`.
      assert.equal(f.column, column('(local.set $acc', 'local.get $acc'));
      assert.equal(await local(dc, '$i'), '0 (0x00000000)');
      await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
      assert.equal(await local(dc, '$i'), '1 (0x00000001)');
      assert.equal(await local(dc, '$acc'), '0 (0x00000000)');
    });

    test('breakpointLocations lists every instruction of a folded line; a column breakpoint stops at that instruction', async () => {
      await stopAfter(dc, () => go({
        configure: async (c) => {
          const locs = (await c.customRequest('breakpointLocations', { source: { path: FIXTURE }, line: L_ACC })).body as DebugProtocol.BreakpointLocationsResponse['body'];
          const cols = locs.breakpoints.map((b) => b.column);
          const want = ['local.set', 'call $add', 'local.get $acc', 'local.get $i'].map((t) => column('(local.set $acc', t)).sort((a, b) => a - b);
          assert.deepEqual(cols, want);
          const r = await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: L_ACC, column: column('(local.set $acc', 'call $add') }] });
          assert.equal(r.body.breakpoints[0].verified, true);
          assert.equal(r.body.breakpoints[0].column, column('(local.set $acc', 'call $add'));
        },
      }));
      const f = await top(dc);
      assert.equal(f.column, column('(local.set $acc', 'call $add'));
      // Both arguments of the call are on the operand stack.
      const stack = await scope(dc, 'Operand stack');
      assert.equal(stack.size, 2);
    });

    test('a breakpoint on a line without code moves down; outside the program it is unverified with a reason', async () => {
      await stopAfter(dc, () => go({
        configure: async (c) => {
          const r = await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: line('(local $i i32)') }] });
          assert.equal(r.body.breakpoints[0].verified, true);
          assert.ok(r.body.breakpoints[0].line! > line('(local $i i32)'));
          const other = await c.setBreakpointsRequest({ source: { path: '/tmp/other.wat' }, breakpoints: [{ line: 1 }] });
          assert.equal(other.body.breakpoints[0].verified, false);
          assert.match(other.body.breakpoints[0].message ?? '', /not part of the program/i);
        },
      }));
    });

    test('function breakpoints by $name stop at each recursive call; the stack grows', async () => {
      await stopAfter(dc, () => go({
        configure: async (c) => {
          const r = await c.setFunctionBreakpointsRequest({ breakpoints: [{ name: '$fact' }, { name: 'nope' }] });
          assert.equal(r.body.breakpoints[0].verified, true);
          assert.equal(r.body.breakpoints[1].verified, false);
          assert.match(r.body.breakpoints[1].message ?? '', /No function named nope/);
        },
      }));
      assert.equal(await local(dc, '$n'), '5 (0x00000005)');
      assert.deepEqual((await frames(dc)).map((f) => f.name), ['$fact', '$main']);
      await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
      const fs = await frames(dc);
      assert.deepEqual(fs.map((f) => f.name), ['$fact', '$fact', '$main']);
      assert.equal(await local(dc, '$n'), '4 (0x00000004)');
      assert.equal(await local(dc, '$n', 1), '5 (0x00000005)');
      // A caller's position is its call instruction.
      assert.equal(fs[1].line, line('(call $fact (i32.sub'));
      assert.equal(fs[2].line, L_FACT_CALL);
    });

    test('an invalid condition, hit condition or log message is unverified with a message when set', async () => {
      // The module may end before the launch response: listen from the start.
      const ended = dc.waitForEvent('terminated');
      await go({
        configure: async (c) => {
          const r = await c.setBreakpointsRequest({
            source: { path: FIXTURE },
            breakpoints: [
              { line: L_ACC, condition: '$i ==' }, { line: L_INC, hitCondition: 'abc' }, { line: L_COUNTER, condition: '$nope > 1' },
              { line: L_BRIF, logMessage: 'i={$i' }, { line: L_ADD, condition: '$a == 1', hitCondition: '%2' },
            ],
          });
          const [cond, hit, name, log, ok] = r.body.breakpoints;
          assert.deepEqual([cond.verified, hit.verified, name.verified, log.verified, ok.verified], [false, false, false, false, true]);
          assert.match(cond.message!, /Invalid condition "\$i =="/);
          assert.match(hit.message!, /Hit condition "abc" is not valid/);
          assert.match(name.message!, /\$nope is not a local of this function nor a global/);
          assert.match(log.message!, /no closing "}"/);
          // Nothing is armed for the invalid ones: the module runs to its end.
          await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: L_ACC, condition: '$i ==' }] });
        },
      });
      await ended;
    });

    test('logpoints: \\{ is a literal brace; a condition the device cannot take is decided here, with a note', async () => {
      const out = collectOutput(dc);
      const long = Array.from({ length: 12 }, (_, k) => `$i == ${k + 10}`).join(' || ') + ' || $i == 2';
      await stopAfter(dc, () => go({
        configure: async (c) => {
          await c.setBreakpointsRequest({
            source: { path: FIXTURE },
            breakpoints: [{ line: L_ACC, condition: long }, { line: L_INC, logMessage: 'set \\{i\\} = {$i}' }],
          });
        },
      }));
      assert.equal(await local(dc, '$i'), '2 (0x00000002)');
      assert.ok(out.some((o) => o.includes('set {i} = 0')), out.join(''));
      assert.ok(out.some((o) => /is evaluated by the debugger at each hit, not on the device: .*96 bytes/.test(o)), out.join(''));
    });

    test('conditions, hit counts and logpoints (decided on the device when it can)', async () => {
      const out = collectOutput(dc);
      await stopAfter(dc, () => go({
        configure: async (c) => {
          await c.setBreakpointsRequest({
            source: { path: FIXTURE },
            breakpoints: [{ line: L_ACC, condition: '$i == 2' }, { line: L_INC, logMessage: 'i={$i} acc={$acc}' }],
          });
        },
      }));
      assert.equal(await local(dc, '$i'), '2 (0x00000002)');
      assert.ok(out.some((o) => o.includes('i=0 acc=0')), out.join(''));
      assert.ok(out.some((o) => o.includes('i=1 acc=1')), out.join(''));
      await Promise.all([dc.continueRequest({ threadId: THREAD }), dc.waitForEvent('terminated')]);
      assert.ok(out.some((o) => o.includes('i=2 acc=3')));
      assert.ok(out.some((o) => /exited with code 3/.test(o)), out.join(''));
      assert.ok(out.some((o) => o.trim() === '120'), 'the module\'s log_i32 output (5!)');
    });

    test('hit count: stop on the 3rd hit only', async () => {
      await stopAfter(dc, () => go({ configure: bpAt(L_ACC, { hitCondition: '3' }) }));
      assert.equal(await local(dc, '$i'), '2 (0x00000002)');
    });

    test('instruction breakpoints from the Disassembly view', async () => {
      const ev = await stopAfter(dc, () => go({ args: { stopOnEntry: true } }));
      assert.equal(ev.body.reason, 'entry');
      const f = await top(dc);
      const dis = await dc.disassembleRequest({ memoryReference: f.instructionPointerReference!, instructionCount: 40, resolveSymbols: true });
      const ins = dis.body!.instructions;
      assert.equal(ins[0].address, f.instructionPointerReference);
      assert.equal(ins[0].symbol, '$main');
      const add = ins.find((i) => i.instruction === 'call 1' || i.instruction.startsWith('call'))!;
      assert.ok(add.line, 'instructions carry their WAT line');
      const target = ins.find((i) => i.instruction.startsWith('global.set'))!;
      assert.equal(target.line, L_COUNTER);
      const r = await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: target.address }] });
      assert.equal((r.body as DebugProtocol.SetInstructionBreakpointsResponse['body']).breakpoints[0].verified, true);
      await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
      assert.equal((await top(dc)).instructionPointerReference, target.address);
    });
  });

  describe('stepping (each step is one device request)', () => {
    test('step over a line with a call, in a loop, and back round the loop', async () => {
      await stopAfter(dc, () => go({ configure: bpAt(L_ACC) }));
      await dc.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [] });
      await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
      assert.equal((await top(dc)).line, L_COUNTER);
      assert.equal(await local(dc, '$acc'), '0 (0x00000000)');
      await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
      assert.equal((await top(dc)).line, L_INC);
      await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
      assert.equal((await top(dc)).line, L_BRIF);
      await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
      assert.equal((await top(dc)).line, L_ACC, 'br_if goes back to the loop');
      assert.equal(await local(dc, '$i'), '1 (0x00000001)');
    });

    test('step in enters the callee, step out returns into the middle of the caller\'s line', async () => {
      await stopAfter(dc, () => go({ configure: bpAt(L_ACC) }));
      const ev = await stopAfter(dc, () => dc.stepInRequest({ threadId: THREAD }));
      assert.equal(ev.body.reason, 'step');
      const f = await top(dc);
      assert.equal(f.name, '$add');
      assert.equal(f.line, L_ADD);
      assert.equal(await local(dc, '$a'), '0 (0x00000000)');
      await stopAfter(dc, () => dc.stepOutRequest({ threadId: THREAD }));
      const back = await top(dc);
      assert.equal(back.name, '$main');
      assert.equal(back.line, L_ACC);
      assert.equal(back.column, column('(local.set $acc', 'local.set'), 'the local.set after the call is still to run');
    });

    test('instruction granularity: one instruction at a time, the Disassembly view\'s steps', async () => {
      await stopAfter(dc, () => go({ configure: bpAt(L_ACC) }));
      const a = await top(dc);
      await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD, granularity: 'instruction' }));
      const b = await top(dc);
      assert.equal(b.line, L_ACC);
      assert.equal(b.column, column('(local.set $acc', 'local.get $i'));
      assert.ok(parseInt(b.instructionPointerReference!, 16) > parseInt(a.instructionPointerReference!, 16));
      await stopAfter(dc, () => dc.stepInRequest({ threadId: THREAD, granularity: 'instruction' }));
      await stopAfter(dc, () => dc.stepInRequest({ threadId: THREAD, granularity: 'instruction' }));
      assert.equal((await top(dc)).name, '$add');
    });

    test('steps through recursion: step in to the nested call, step out unwinds one level', async () => {
      await stopAfter(dc, () => go({ configure: async (c) => void (await c.setFunctionBreakpointsRequest({ breakpoints: [{ name: '$fact' }] })) }));
      await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
      // Line by line to the recursive call, then into it.
      for (let i = 0; i < 8 && (await frames(dc)).length === 2; i++) await stopAfter(dc, () => dc.stepInRequest({ threadId: THREAD }));
      assert.equal((await frames(dc)).length, 3);
      assert.equal(await local(dc, '$n'), '4 (0x00000004)');
      await stopAfter(dc, () => dc.stepOutRequest({ threadId: THREAD }));
      assert.equal((await frames(dc)).length, 2);
      assert.equal(await local(dc, '$n'), '5 (0x00000005)');
    });

    test('pause stops a running module; continue resumes it', async () => {
      const wat = FIXTURE.replace('prog.wat', 'spin.wat');
      await go({ args: { program: wat } });
      await new Promise((r) => setTimeout(r, 200));
      const ev = await stopAfter(dc, () => dc.pauseRequest({ threadId: THREAD }));
      assert.equal(ev.body.reason, 'pause');
      assert.equal((await top(dc)).name, '$spin');
      await dc.continueRequest({ threadId: THREAD });
      await stopAfter(dc, () => dc.pauseRequest({ threadId: THREAD }));
    });
  });

  describe('state', () => {
    test('scopes: locals typed with hex, globals with mutability, memory with a reference; set a global', async () => {
      await stopAfter(dc, () => go({ configure: bpAt(L_INC) }));
      const g = await scope(dc, 'Globals');
      assert.equal(g.get('$counter')?.value, '1 (0x00000001)');
      assert.equal(g.get('$counter')?.type, 'mut i32');
      assert.deepEqual(g.get('$limit')?.presentationHint?.attributes, ['readOnly']);
      const m = await scope(dc, 'Memory');
      assert.equal(m.get('linear memory')?.memoryReference, '0x0');
      assert.match(m.get('linear memory')!.value, /64 KiB/);
      const ref = (await dc.scopesRequest({ frameId: (await top(dc)).id })).body.scopes.find((s) => s.name === 'Globals')!.variablesReference;
      const set = await dc.setVariableRequest({ variablesReference: ref, name: '$counter', value: '0x2a' });
      assert.equal(set.body.value, '42 (0x0000002a)');
      assert.equal((await dc.evaluateRequest({ expression: '$counter', context: 'watch', frameId: (await top(dc)).id })).body.result, '42 (0x0000002a)');
      await failsWith(dc.setVariableRequest({ variablesReference: ref, name: '$limit', value: '1' }), /immutable/);
      await failsWith(dc.setVariableRequest({ variablesReference: ref, name: '$counter', value: 'abc' }), /Cannot use "abc" as i32/);
      const lref = (await dc.scopesRequest({ frameId: (await top(dc)).id })).body.scopes[0].variablesReference;
      const hex = await dc.variablesRequest({ variablesReference: lref, format: { hex: true } });
      assert.equal(hex.body.variables[0].value, '0x00000000');
    });

    test('evaluate: hover on $name, expressions, memory reads; read and write memory', async () => {
      await stopAfter(dc, () => go({ configure: bpAt(L_BRIF) }));
      const frameId = (await top(dc)).id;
      assert.equal((await dc.evaluateRequest({ expression: '$i', context: 'hover', frameId })).body.result, '1 (0x00000001)');
      assert.equal((await dc.evaluateRequest({ expression: '$i * 10 + $limit', context: 'repl', frameId })).body.result, '13 (0xd)');
      assert.equal((await dc.evaluateRequest({ expression: 'u8[16]', context: 'repl', frameId })).body.result, '104 (0x68)');
      await failsWith(dc.evaluateRequest({ expression: '$nope', context: 'repl', frameId }), /\$nope is not defined/);
      const read = (await dc.customRequest('readMemory', { memoryReference: '0x0', offset: 16, count: 5 })).body as DebugProtocol.ReadMemoryResponse['body'];
      assert.equal(Buffer.from(read!.data!, 'base64').toString(), 'hello');
      assert.equal(read!.address, '0x00000010');
      await dc.customRequest('writeMemory', { memoryReference: '0x10', data: Buffer.from('HE').toString('base64') });
      const again = (await dc.customRequest('readMemory', { memoryReference: '0x10', count: 5 })).body as DebugProtocol.ReadMemoryResponse['body'];
      assert.equal(Buffer.from(again!.data!, 'base64').toString(), 'HEllo');
      // Past the end of memory: the rest is reported unreadable.
      const end = (await dc.customRequest('readMemory', { memoryReference: '0xfffe', count: 8 })).body as DebugProtocol.ReadMemoryResponse['body'];
      assert.equal(end!.unreadableBytes, 6);
    });
  });

  describe('traps and the end of a run', () => {
    test('a trap stops with the trap message (exception breakpoints on by default)', async () => {
      const out = collectOutput(dc);
      const ev = await stopAfter(dc, () => go({ args: { entry: 'crash' } }));
      assert.equal(ev.body.reason, 'exception');
      const f = await top(dc);
      assert.equal(f.name, '$div');
      assert.equal(f.line, L_DIV);
      const info = await dc.exceptionInfoRequest({ threadId: THREAD });
      assert.match(info.body.description ?? '', /divi/i);
      // The operands of the trapping i32.div_s, as a step onto it would show them.
      const stack = [...(await scope(dc, 'Operand stack')).values()].map((v) => v.value);
      assert.deepEqual(stack, ['100 (0x00000064)', '0 (0x00000000)']);
      assert.ok(out.some((o) => /Trap in \$div at prog\.wat:\d+/.test(o)), out.join(''));
    });

    test('with the trap filter off, the module ends with the trap in the Debug Console', async () => {
      const out = collectOutput(dc);
      await Promise.all([
        go({ args: { entry: 'crash' }, configure: async (c) => void (await c.setExceptionBreakpointsRequest({ filters: [] })) }),
        dc.waitForEvent('terminated'),
      ]);
      assert.ok(out.some((o) => /The module ended with a trap \(.+\)\./.test(o)), out.join(''));
      assert.ok(!out.some((o) => /exit code|exited with code/.test(o)), out.join(''));
    });

    test('at a trap stop refused requests leave the stop as shown; continue ends the module, reported as trapped', async () => {
      const out = collectOutput(dc);
      const exited: unknown[] = [];
      dc.on('exited', (e) => exited.push(e));
      await stopAfter(dc, () => go({ args: { entry: 'crash' } }));
      // Refused (restart in place) or nothing to do (pause while paused): the stop is intact.
      await failsWith(dc.customRequest('restart', {}), /does not restart a session in place/);
      await dc.pauseRequest({ threadId: THREAD });
      assert.deepEqual((await frames(dc)).map((f) => f.name), ['$div', '$crash']);
      assert.equal(await local(dc, '$x'), '0 (0x00000000)');
      await Promise.all([dc.continueRequest({ threadId: THREAD }), dc.waitForEvent('terminated')]);
      assert.ok(out.some((o) => /The module ended with a trap \(.+\)\./.test(o)), out.join(''));
      assert.ok(!out.some((o) => /exited with code|only stop or run/.test(o)), out.join(''));
      assert.equal(exited.length, 0, 'a trap has no exit code');
    });

    test('a step at a trap stop ends the module the same way', async () => {
      const out = collectOutput(dc);
      await stopAfter(dc, () => go({ args: { entry: 'crash' } }));
      await Promise.all([dc.nextRequest({ threadId: THREAD }), dc.waitForEvent('terminated')]);
      assert.ok(out.some((o) => /The module ended with a trap/.test(o)), out.join(''));
    });

    test('terminate ends a running module: stopped by the debugger, no exit code', async () => {
      const out = collectOutput(dc);
      const exited: unknown[] = [];
      dc.on('exited', (e) => exited.push(e));
      await go({ args: { program: FIXTURE.replace('prog.wat', 'spin.wat') } });
      await Promise.all([dc.terminateRequest(), dc.waitForEvent('terminated')]);
      assert.ok(out.some((o) => /The module was stopped by the debugger\./.test(o)), out.join(''));
      assert.ok(!out.some((o) => /exited with code/.test(o)), out.join(''));
      assert.equal(exited.length, 0);
    });

    test('terminate at a breakpoint: stopped by the debugger', async () => {
      const out = collectOutput(dc);
      await stopAfter(dc, () => go({ configure: bpAt(L_ACC) }));
      await Promise.all([dc.terminateRequest(), dc.waitForEvent('terminated')]);
      assert.ok(out.some((o) => /The module was stopped by the debugger\./.test(o)), out.join(''));
    });
  });

  describe('link trouble', () => {
    test('a link lost while stopped: the thread shows running while reconnecting, then the stop again', async (t) => {
      const address = target().address as string | undefined;
      if (!address) {
        // The adapter starts this simulator itself, with no address to cut in on: link.test.ts
        // runs this scenario against a simulator on TCP.
        t.skip('the device has no address another host can connect to (see link.test.ts)');
        await dc.stop(); // a skipped test's adapter is not always stopped by afterEach: it kept the file alive
        return;
      }
      const out = collectOutput(dc);
      const events: string[] = [];
      dc.on('continued', () => events.push('continued'));
      dc.on('stopped', () => events.push('stopped'));
      await stopAfter(dc, () => go({ configure: bpAt(L_ACC) }));
      // Another host takes the line (devices serve one host at a time, like a UART): ours drops.
      const reported = dc.waitForEvent('stopped', 8000);
      const intruder = await Peer.open(address, { hello: false });
      const ev = (await reported) as DebugProtocol.StoppedEvent;
      await intruder.close();
      assert.equal(ev.body.description, 'Reconnected');
      assert.deepEqual(events, ['stopped', 'continued', 'stopped']);
      const lost = out.find((o) => /Lost the link/.test(o));
      assert.ok(lost && !/\.\./.test(lost), out.join(''));
      assert.equal(await local(dc, '$i'), '0 (0x00000000)');
    });
  });

  describe('device-dependent abilities', () => {
    test(can.setLocal ? 'Set Value changes a local on the device' : 'Set Value on a local says the device cannot', async () => {
      await stopAfter(dc, () => go({ configure: bpAt(L_INC) }));
      const lref = (await dc.scopesRequest({ frameId: (await top(dc)).id })).body.scopes[0].variablesReference;
      if (!can.setLocal) {
        await failsWith(dc.setVariableRequest({ variablesReference: lref, name: '$i', value: '1' }), /cannot change locals/);
        return;
      }
      const r = await dc.setVariableRequest({ variablesReference: lref, name: '$acc', value: '100' });
      assert.equal(r.body.value, '100 (0x00000064)');
      assert.equal(await local(dc, '$acc'), '100 (0x00000064)');
    });

    test(can.dataBreakpoints ? 'a data breakpoint stops at the store that writes the watched memory' : 'data breakpoints are refused with a reason', async () => {
      await stopAfter(dc, () => go({ args: { entry: 'poke', stopOnEntry: true } }));
      const info = await dc.dataBreakpointInfoRequest({ name: '0x20', asAddress: true, bytes: 4 } as DebugProtocol.DataBreakpointInfoArguments);
      if (!can.dataBreakpoints) {
        assert.equal(info.body.dataId, null);
        assert.match(info.body.description, /has no data breakpoints/);
        return;
      }
      assert.ok(info.body.dataId);
      const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'write' }] });
      assert.equal(set.body.breakpoints[0].verified, true, set.body.breakpoints[0].message);
      const ev = await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
      assert.equal(ev.body.reason, 'data breakpoint');
      assert.equal((await top(dc)).line, L_STORE);
    });
  });
}
