/**
 * Sequential device round trips of the common debugging moments, counted from the adapter's own
 * protocol trace (`"trace": true`; src/device/round-trips.ts), against any device that keeps its
 * module between sessions (so the second launch is warm): launch to running, a stop two frames
 * deep shown in full (stack, every scope of the top two frames), `next`; and that what the
 * prefetch cached is right, and fresh after a step and a Set Value. Counts, never milliseconds.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { roundTripsInTrace } from '../../src/device/round-trips';
import { FIXTURE, startClient } from './helpers';
import { THREAD, launch, line, stopAfter } from './session-helpers';

const L_ADD = line('(i32.add (local.get $a)');
const L_ACC = line('(local.set $acc');

/** The trace lines (`-> …`, `<- …`) the adapter printed, as they came. */
function traceOf(dc: DebugClient): string[] {
  const lines: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    for (const l of e.body.output.split('\n')) if (/^(->|<-) /.test(l)) lines.push(l);
  });
  return lines;
}

/** Everything VS Code shows of the top two frames: stack, scopes, every non-expensive scope's variables. */
async function showStop(dc: DebugClient): Promise<{ frames: DebugProtocol.StackFrame[]; vars: Map<string, string>[] }> {
  const first = await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 1 });
  const rest = await dc.stackTraceRequest({ threadId: THREAD, startFrame: 1, levels: 19 });
  const frames = [...first.body.stackFrames, ...rest.body.stackFrames];
  const vars: Map<string, string>[] = [];
  for (const f of frames.slice(0, 2)) {
    const m = new Map<string, string>();
    for (const sc of (await dc.scopesRequest({ frameId: f.id })).body.scopes) {
      if (sc.expensive) continue;
      for (const v of (await dc.variablesRequest({ variablesReference: sc.variablesReference })).body.variables) m.set(`${sc.name}/${v.name}`, v.value);
    }
    vars.push(m);
  }
  return { frames, vars };
}

/** Round trips in the trace from line `from` on (waiting until the adapter has no answer outstanding). */
async function roundTripsFrom(trace: string[], from: number): Promise<ReturnType<typeof roundTripsInTrace>> {
  for (let i = 0; i < 50; i++) {
    const r = roundTripsInTrace(trace.slice(from));
    const sent = trace.slice(from).filter((l) => l.startsWith('-> ')).length;
    const got = trace.slice(from).filter((l) => l.startsWith('<- ') && !/^<- (stopped|output|exited|trap|led|logHit|linkError|deviceReset) /.test(l)).length;
    if (sent === got) return r;
    await new Promise((res) => setTimeout(res, 20));
  }
  return roundTripsInTrace(trace.slice(from));
}

/**
 * `target()`: launch arguments of a device that outlives the session (tcp to a simulator or the
 * host build). `setLocal`: the device can assign locals (else Set Value is tried on a global).
 */
export function roundTripSuite(target: () => Record<string, unknown>, can: { setLocal: boolean }): void {
  let dc: DebugClient;
  beforeEach(async () => {
    dc = await startClient();
  });
  afterEach(async () => {
    await dc.stop();
  });

  test('warm launch: hello, then set-up and run together: 2 round trips; a stop two frames deep shown in full: 1 more', async () => {
    // First session puts the module on the device.
    // The module may end (and `terminated` come) right behind the launch's answer: listen first.
    await Promise.all([dc.waitForEvent('terminated'), launch(dc, { args: { ...target(), program: FIXTURE } })]);
    await dc.stop();
    dc = await startClient();
    const trace = traceOf(dc);
    const bp = async (c: DebugClient) => void (await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: L_ADD }] }));
    await stopAfter(dc, () => launch(dc, { args: { ...target(), program: FIXTURE, trace: true }, configure: bp }));
    const runOk = trace.findIndex((l) => l.startsWith('<- runOk '));
    assert.ok(runOk > 0, trace.join('\n'));
    assert.ok(!trace.some((l) => l.startsWith('-> uploadBegin ')), 'warm: nothing uploaded');
    const launchRt = roundTripsInTrace(trace.slice(0, runOk + 1));
    assert.equal(launchRt.roundTrips, 2, trace.slice(0, runOk + 1).join('\n'));

    const stopAt = trace.findIndex((l) => l.startsWith('<- stopped '));
    assert.ok(stopAt > runOk);
    const shown = await showStop(dc);
    assert.deepEqual(shown.frames.map((f) => f.name), ['$add', '$main']);
    const rt = await roundTripsFrom(trace, stopAt);
    assert.equal(rt.roundTrips, 1, trace.slice(stopAt).join('\n'));
    // The values are the device's: $add(acc=0, i=0) from $main's first iteration.
    assert.equal(shown.vars[0].get('Locals/$a'), '0 (0x00000000)');
    assert.equal(shown.vars[0].get('Locals/$b'), '0 (0x00000000)');
    assert.equal(shown.vars[1].get('Locals/$i'), '0 (0x00000000)');
    assert.equal(shown.vars[0].get('Globals/$counter'), '0 (0x00000000)');
    // $main's frame: its locals and the globals (its operand stack gave the call its operands: empty).
    assert.deepEqual([...shown.vars[1]].filter(([k]) => !k.startsWith('Operand stack/')), [
      ['Locals/$i', '0 (0x00000000)'], ['Locals/$acc', '0 (0x00000000)'], ['Globals/$counter', '0 (0x00000000)'], ['Globals/$limit', '3 (0x00000003)'],
    ]);
  });

  test('a breakpoint the device places elsewhere than the map said (on a loop) is updated with a breakpoint event', async () => {
    const changed: DebugProtocol.BreakpointEvent[] = [];
    dc.on('breakpoint', (e: DebugProtocol.BreakpointEvent) => changed.push(e));
    let loopAt = '';
    let next = '';
    let id: number | undefined;
    const configure = async (c: DebugClient) => {
      const dis = await c.disassembleRequest({ memoryReference: '0x0', instructionCount: 400 });
      const i = dis.body!.instructions.findIndex((x) => /^loop\b/.test(x.instruction));
      assert.ok(i >= 0, 'the fixture has a loop');
      loopAt = dis.body!.instructions[i].address;
      next = dis.body!.instructions[i + 1].address;
      const r = (await c.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: loopAt }] })) as DebugProtocol.SetInstructionBreakpointsResponse;
      // Before the device has it, the program's map verifies it where it was asked for.
      assert.equal(r.body.breakpoints[0].verified, true);
      id = r.body.breakpoints[0].id;
    };
    const stop = await stopAfter(dc, () => launch(dc, { args: { ...target(), program: FIXTURE }, configure }));
    const ev = changed.find((e) => e.body.breakpoint.id === id);
    assert.ok(ev, 'a changed event for the breakpoint');
    assert.equal(ev.body.reason, 'changed');
    assert.equal(ev.body.breakpoint.instructionReference, next, `moved from ${loopAt} to the next instruction`);
    assert.deepEqual(stop.body.hitBreakpointIds, [id]);
    const frame = (await dc.stackTraceRequest({ threadId: THREAD, levels: 1 })).body.stackFrames[0];
    assert.equal(frame.instructionPointerReference, next);
  });

  test('next: 1 round trip to stopped, 1 more to show it; values fresh after steps and Set Value', async () => {
    const trace = traceOf(dc);
    const bp = async (c: DebugClient) => void (await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: L_ACC }] }));
    await stopAfter(dc, () => launch(dc, { args: { ...target(), program: FIXTURE, trace: true }, configure: bp }));
    await showStop(dc);
    // Second iteration: $acc = 0 + 0 so far, $i = 1 after the loop came round.
    await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
    let shown = await showStop(dc);
    assert.equal(shown.vars[0].get('Locals/$i'), '1 (0x00000001)');
    const before = trace.length;
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    const stopAt = trace.findIndex((l, i) => i >= before && l.startsWith('<- stopped '));
    const toStop = roundTripsInTrace(trace.slice(before, stopAt + 1));
    assert.equal(toStop.roundTrips, 1, trace.slice(before, stopAt + 1).join('\n'));
    shown = await showStop(dc);
    const after = await roundTripsFrom(trace, stopAt);
    assert.ok(after.roundTrips <= 1, trace.slice(stopAt).join('\n'));
    // After the step the cache is the new stop's: $acc = add(0, 1) = 1.
    assert.equal(shown.vars[0].get('Locals/$acc'), '1 (0x00000001)');
    assert.equal(shown.vars[0].get('Globals/$counter'), '1 (0x00000001)');

    // Set Value, then everything shown again: the new value, not the prefetched one.
    const frame = (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames[0];
    const scopes = (await dc.scopesRequest({ frameId: frame.id })).body.scopes;
    const [scopeName, name] = can.setLocal ? ['Locals', '$acc'] : ['Globals', '$counter'];
    const ref = scopes.find((s) => s.name === scopeName)!.variablesReference;
    await dc.setVariableRequest({ variablesReference: ref, name, value: '41' });
    shown = await showStop(dc);
    assert.equal(shown.vars[0].get(`${scopeName}/${name}`), '41 (0x00000029)');
    // And the device has it: the next stop (a step) shows what the module made of it.
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    shown = await showStop(dc);
    if (can.setLocal) assert.equal(shown.vars[0].get('Locals/$acc'), '41 (0x00000029)');
    else assert.equal(shown.vars[0].get('Globals/$counter'), '42 (0x0000002a)');
  });
}
