/**
 * Source-level (DWARF) debugging figures, through the real adapter and simulator with the
 * adapter's protocol trace: device requests to show a C stop (threads, stackTrace, scopes, the
 * Locals of a function with ten locals including a struct, the struct expanded), per source-line
 * step, and DWARF load time.
 *
 *   node --import tsx bench/debug-adapter-dwarf.ts     (or: npm run bench -- debug-adapter)
 */
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import { lineOf, startClient } from '../test/debug-adapter/helpers';
import { THREAD, stopAfter } from '../test/debug-adapter/session-helpers';
import { buildC, ROOT } from '../test/debug-adapter/dwarf-build';
import { launchDwarf, bpIn } from '../test/debug-adapter/dwarf-suite';
import { roundTripsInTrace } from '../src/device/round-trips';
import { MESSAGES, type MessageName } from '../src/protocol';

const SRC = path.join(ROOT, 'test/debug-adapter/fixtures/locals.c');

function tracer(dc: DebugClient) {
  let lines: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => {
    for (const l of e.body.output.split('\n')) if (/^(->|<-) /.test(l)) lines.push(l);
  });
  return async (action: () => Promise<unknown>): Promise<Traced> => {
    lines = [];
    await action();
    await new Promise((r) => setTimeout(r, 50)); // trace output trails the DAP answer a little
    const names = lines.filter((l) => l.startsWith('-> ')).map((l) => l.split(' ')[1]).filter((n) => n in MESSAGES && MESSAGES[n as MessageName].kind === 'request');
    return { names, roundTrips: roundTripsInTrace(lines).roundTrips };
  };
}

interface Traced {
  names: string[];
  /** Sequential round trips: requests sent while others were unanswered share one. */
  roundTrips: number;
}

const summary = (r: Traced) =>
  `${r.names.length} device request${r.names.length === 1 ? '' : 's'} in ${r.roundTrips} round trip${r.roundTrips === 1 ? '' : 's'}${r.names.length ? ` (${r.names.join(', ')})` : ''}`;

export async function main(): Promise<void> {
  const built = buildC(SRC, 'locals');
  if ('skip' in built) {
    console.log(`skipped: ${built.skip}`);
    return;
  }
  const dc = await startClient();
  const during = tracer(dc);
  const t0 = performance.now();
  await stopAfter(dc, () => launchDwarf(dc, built.wasm, { transport: 'simulator', trace: true }, bpIn(SRC, [lineOf('int sum = scale(', SRC)])));
  console.log(`launch → first stop in C (adapter start, DWARF engine load, line table, simulator, deploy): ${(performance.now() - t0).toFixed(0)} ms`);

  let names: string[] = [];
  const show = await during(async () => {
    await dc.threadsRequest();
    const st = await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 1 });
    const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
    const vars = (await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference })).body.variables;
    names = vars.map((v) => `${v.name}: ${v.type}`);
    const pt = vars.find((v) => v.name === 'pt')!;
    await dc.variablesRequest({ variablesReference: pt.variablesReference });
  });
  console.log(`a C stop shown (threads, stackTrace, scopes, Locals [${names.length} locals: ${names.join(', ')}], struct pt expanded): ${summary(show)}`);

  const steps: [string, () => Promise<unknown>][] = [
    ['source step in (into scale)', () => dc.stepInRequest({ threadId: THREAD })],
    ['source step out (back to main)', () => dc.stepOutRequest({ threadId: THREAD })],
    ['source step over a line with a call', () => dc.nextRequest({ threadId: THREAD })],
    ['source step over the next line', () => dc.nextRequest({ threadId: THREAD })],
  ];
  for (const [name, act] of steps) {
    const r = await during(() => stopAfter(dc, act));
    const s = await during(async () => {
      const st = await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 1 });
      const scopes = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
      await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    });
    console.log(`${name}: ${summary(r)}; showing its stop (stackTrace, scopes, Locals): ${summary(s)}`);
  }
  const full = await during(() => dc.stackTraceRequest({ threadId: THREAD }));
  console.log(`full C stack trace: ${summary(full)}`);
  await dc.stop();
}

if (require.main === module) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
