/**
 * Debug adapter figures, measured through the real adapter process and the real simulator with
 * the adapter's own protocol trace (`"trace": true`): device requests per DAP action (what VS Code
 * sends at a stop: threads, stackTrace, scopes, variables), bytes per stop on the wire, time from
 * launch to the first breakpoint stop, and DAP step round trips.
 *
 *   node --import tsx bench/debug-adapter.ts        (or: npm run bench -- debug-adapter)
 */
import { performance } from 'node:perf_hooks';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { FIXTURE, startClient } from '../test/debug-adapter/helpers';
import { THREAD, launch, line, stopAfter } from '../test/debug-adapter/session-helpers';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Counts device requests (`->` trace lines) and stop-event bytes during `action`. */
function tracer(dc: DebugClient) {
  let lines: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    for (const l of e.body.output.split('\n')) if (/^(->|<-) /.test(l)) lines.push(l);
  });
  return {
    async during(action: () => Promise<unknown>): Promise<{ requests: string[]; stopBytes?: number }> {
      lines = [];
      await action();
      await new Promise((r) => setTimeout(r, 50)); // trace output trails the DAP answer a little
      const requests = lines.filter((l) => l.startsWith('-> ')).map((l) => l.split(' ')[1]);
      const stop = lines.find((l) => l.startsWith('<- stopped'));
      return { requests, stopBytes: stop ? Number(/\((\d+) B\)$/.exec(stop)?.[1]) : undefined };
    },
  };
}

/** What VS Code asks at every stop before it shows anything. */
async function showStop(dc: DebugClient): Promise<void> {
  await dc.threadsRequest();
  const st = await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 1 });
  const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
  await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
}

export async function main(): Promise<void> {
  const L_ACC = line('(local.set $acc');
  const bp = async (c: DebugClient) => void (await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: L_ACC }] }));

  // Launch → first stop, three fresh sessions (adapter process start, build, simulator start, deploy, run).
  const launches: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const dc = await startClient();
    await stopAfter(dc, () => launch(dc, { configure: bp }));
    launches.push(performance.now() - t0);
    await dc.stop();
  }
  console.log(`launch → first breakpoint stop (adapter start, build, simulator start, deploy, run): median ${median(launches).toFixed(0)} ms of 3 (${launches.map((x) => x.toFixed(0)).join(', ')})`);

  const dc = await startClient();
  const t = tracer(dc);
  const first = await t.during(() => stopAfter(dc, () => launch(dc, { args: { trace: true }, configure: bp })));
  console.log(`launch: ${first.requests.length} device requests (${[...new Set(first.requests)].join(', ')})`);
  const show = await t.during(() => showStop(dc));
  console.log(`a breakpoint stop shown (threads, stackTrace, scopes, Locals): ${show.requests.length} device requests; stop event ${first.stopBytes} B on the wire`);
  await dc.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [] });

  const actions: [string, () => Promise<unknown>][] = [
    ['step in (into $add)', () => dc.stepInRequest({ threadId: THREAD })],
    ['step out (back to $main)', () => dc.stepOutRequest({ threadId: THREAD })],
    ['step over a line', () => dc.nextRequest({ threadId: THREAD })],
    ['step over the next line', () => dc.nextRequest({ threadId: THREAD })],
    ['instruction step', () => dc.nextRequest({ threadId: THREAD, granularity: 'instruction' })],
  ];
  for (const [name, act] of actions) {
    const r = await t.during(() => stopAfter(dc, act));
    const s = await t.during(() => showStop(dc));
    console.log(`${name}: ${r.requests.length} device request (${r.requests.join(', ')}), ${r.stopBytes} B stop event; showing it: ${s.requests.length} more`);
  }

  const rtt: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD, granularity: 'instruction' }));
    await showStop(dc);
    rtt.push(performance.now() - t0);
  }
  console.log(`DAP step → stop shown (Locals included), simulator over TCP, trace on: median ${median(rtt).toFixed(1)} ms of ${rtt.length}`);
  // Deep in the recursion: what the rest of the call stack and the other scopes cost.
  await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: '$fact' }] });
  await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
  await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
  await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
  await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
  const full = await t.during(() => dc.stackTraceRequest({ threadId: THREAD }));
  const st = await dc.stackTraceRequest({ threadId: THREAD });
  console.log(`full stack trace of ${st.body.totalFrames} frames: ${full.requests.length} device request(s) (${full.requests.join(', ')})`);
  const scopes = (await dc.scopesRequest({ frameId: st.body.stackFrames[1].id })).body.scopes;
  for (const sc of scopes) {
    const r = await t.during(() => dc.variablesRequest({ variablesReference: sc.variablesReference }));
    console.log(`${sc.name} of a caller frame: ${r.requests.length} device request(s)`);
  }

  await dc.stop();
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
