/**
 * Sequential device round trips, and milliseconds, of three debugging moments on each link
 * profile of the link model (test/link/link-model.ts: UART 1 Mbaud / 115200, BLE 2M, BLE 1M
 * phone-class), through the real adapter process and the real simulator, the module already on
 * the device (a warm launch):
 *
 * - launch → first stop: from `hello` leaving (set-up, run) to the DAP stop in `$add`;
 * - a two-frame-deep stop fully shown: what VS Code asks from the stop on (top frame, its scopes,
 *   their variables together, the rest of the stack, frame 1's scopes and variables), timed from
 *   the DAP stopped event;
 * - `next` → stopped.
 *
 * Round trips are counted from the adapter's protocol trace (src/device/round-trips.ts: a
 * request sent while another is unanswered rides the same round trip). Times are medians of
 * RUNS sessions.
 *
 * Printed by `npm run bench -- link` (bench/link.ts) after its deploys; RUNS=5 for more sessions.
 */
import { performance } from 'node:perf_hooks';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { roundTripsInTrace } from '../src/device/round-trips';
import { FIXTURE, startClient } from '../test/debug-adapter/helpers';
import { THREAD, launch, line, stopAfter } from '../test/debug-adapter/session-helpers';
import { LINK_PROFILES, startLinkProxy } from '../test/link/link-model';
import { startSimulator, stopAllSimulators } from '../test/simulator/helpers';

const RUNS = Number(process.env.RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Trace lines as they come, and when each came (the adapter prints it as it sends or receives). */
function traceOf(dc: DebugClient): { lines: string[]; at: number[] } {
  const t = { lines: [] as string[], at: [] as number[] };
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    for (const l of e.body.output.split('\n')) {
      if (!/^(->|<-) /.test(l)) continue;
      t.lines.push(l);
      t.at.push(performance.now());
    }
  });
  return t;
}

/** Waits until every request in the trace is answered (trace lines trail the DAP answers a little). */
async function settled(trace: string[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const rt = roundTripsInTrace(trace);
    const out = trace.filter((l) => l.startsWith('-> ')).length;
    const answers = trace.filter((l) => /^<- (\w+Ok|error) /.test(l)).length;
    if (rt.requests === out && out === answers) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What VS Code asks from a stop on, for the top two frames. */
async function showStop(dc: DebugClient): Promise<void> {
  const show = async (f: DebugProtocol.StackFrame) => {
    const scopes = (await dc.scopesRequest({ frameId: f.id })).body.scopes.filter((s) => !s.expensive);
    await Promise.all(scopes.map((s) => dc.variablesRequest({ variablesReference: s.variablesReference })));
  };
  const top = (await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 1 })).body.stackFrames[0];
  await show(top);
  const rest = (await dc.stackTraceRequest({ threadId: THREAD, startFrame: 1, levels: 19 })).body.stackFrames;
  if (rest[0]) await show(rest[0]);
}

interface Figures { launchRt: number; launchMs: number; showRt: number; showMs: number; nextRt: number; nextMs: number }

async function session(address: string): Promise<Figures> {
  const dc = await startClient();
  try {
    const tr = traceOf(dc);
    const trace = tr.lines;
    const bp = async (c: DebugClient) => void (await c.setBreakpointsRequest({ source: { path: FIXTURE }, breakpoints: [{ line: line('(i32.add (local.get $a)') }] }));
    let stoppedAt = 0;
    dc.on('stopped', () => (stoppedAt = performance.now()));
    await stopAfter(dc, () => launch(dc, { args: { transport: 'tcp', address, trace: true }, configure: bp }));
    // From `hello` leaving (the adapter's own start and the program's build are not the link's).
    const launchMs = stoppedAt - tr.at[0];
    // From the stop on, as VS Code does (the adapter's prefetch, if any, is already under way).
    await showStop(dc);
    const showMs = performance.now() - stoppedAt;
    await settled(trace);
    const stopAt = trace.findIndex((l) => l.startsWith('<- stopped '));
    const launchRt = roundTripsInTrace(trace.slice(0, stopAt + 1)).roundTrips;
    const showRt = roundTripsInTrace(trace.slice(stopAt)).roundTrips;

    const from = trace.length;
    const t2 = performance.now();
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    const nextMs = stoppedAt - t2;
    await settled(trace);
    const nextStop = trace.findIndex((l, i) => i >= from && l.startsWith('<- stopped '));
    const nextRt = roundTripsInTrace(trace.slice(from, nextStop + 1)).roundTrips;
    return { launchRt, launchMs, showRt, showMs, nextRt, nextMs };
  } finally {
    await dc.stop();
  }
}

export async function debuggingTable(): Promise<void> {
  const sim = await startSimulator(['--port', '0', '--quiet']);
  try {
    const direct = sim.url!.replace(/^tcp:\/\//, '');
    // Put the module on the device once, straight (not through a slow link): every launch below is warm.
    const warm = await startClient();
    await Promise.all([warm.waitForEvent('terminated'), launch(warm, { args: { transport: 'tcp', address: direct } })]);
    await warm.stop();
    console.log(`warm launch (module already on the simulator), breakpoint in $add (2 frames deep); median of ${RUNS} sessions per link; rt = sequential device round trips`);
    console.log('| link | launch → first stop | stop fully shown (2 frames: stack, scopes, variables) | `next` → stopped |');
    console.log('|---|---|---|---|');
    const only = process.env.LINK_PROFILES?.split(',');
    for (const [name, profile] of Object.entries(LINK_PROFILES)) {
      if (only && !only.includes(name)) continue;
      const proxy = await startLinkProxy({ target: direct, profile });
      const runs: Figures[] = [];
      try {
        for (let i = 0; i < RUNS; i++) runs.push(await session(proxy.address));
      } finally {
        await proxy.close();
      }
      const m = (k: keyof Figures) => median(runs.map((r) => r[k]));
      const rts = (k: keyof Figures) => [...new Set(runs.map((r) => r[k]))].join('/');
      console.log(`| ${profile.name} | ${rts('launchRt')} rt, ${m('launchMs').toFixed(0)} ms | ${rts('showRt')} rt, ${m('showMs').toFixed(0)} ms | ${rts('nextRt')} rt, ${m('nextMs').toFixed(0)} ms |`);
    }
  } finally {
    await stopAllSimulators();
  }
}
