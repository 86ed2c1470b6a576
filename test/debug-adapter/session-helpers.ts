/** DAP conversations the adapter tests share: launch with a configuration step, wait for stops, read state. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FIXTURE } from './helpers';

export const THREAD = 1;
const fixtureLines = readFileSync(FIXTURE, 'utf8').split('\n');

/** 1-based line of the fixture's first line containing `text`. */
export function line(text: string): number {
  const i = fixtureLines.findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `fixture has no line with ${text}`);
  return i + 1;
}

/** 1-based column of `text` on the fixture line that contains `lineText`. */
export function column(lineText: string, text: string): number {
  const l = fixtureLines[line(lineText) - 1];
  const c = l.indexOf(text);
  assert.ok(c >= 0);
  return c + 1;
}

export interface LaunchOptions {
  args?: Record<string, unknown>;
  configure?: (dc: DebugClient) => Promise<void>;
}

/** initialize → launch; on `initialized` runs `configure` (breakpoints) then configurationDone. */
export async function launch(dc: DebugClient, o: LaunchOptions = {}): Promise<void> {
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      await o.configure?.(dc);
      await dc.configurationDoneRequest();
    }),
    dc.launch({ program: FIXTURE, transport: 'simulator', ...o.args } as DebugProtocol.LaunchRequestArguments),
  ]);
}

/** Runs `action` and returns the `stopped` event it causes. */
export async function stopAfter(dc: DebugClient, action: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [, ev] = await Promise.all([action(), dc.waitForEvent('stopped')]);
  return ev as DebugProtocol.StoppedEvent;
}

export async function top(dc: DebugClient): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 1 });
  return st.body.stackFrames[0];
}

export async function frames(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames;
}

/** name → value of one scope ('Locals', 'Operand stack', 'Globals', 'Memory') of frame `frame` (index). */
export async function scope(dc: DebugClient, name: string, frame = 0): Promise<Map<string, DebugProtocol.Variable>> {
  const f = (await frames(dc))[frame];
  const sc = (await dc.scopesRequest({ frameId: f.id })).body.scopes.find((s) => s.name === name);
  assert.ok(sc, `no scope ${name}`);
  const vars = (await dc.variablesRequest({ variablesReference: sc.variablesReference })).body.variables;
  return new Map(vars.map((v) => [v.name, v]));
}

export async function local(dc: DebugClient, name: string, frame = 0): Promise<string> {
  const v = (await scope(dc, 'Locals', frame)).get(name);
  assert.ok(v, `no local ${name}`);
  return v.value;
}

/** Collects Debug Console output until the session ends. */
export function collectOutput(dc: DebugClient): string[] {
  const out: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => out.push(e.body.output));
  return out;
}

/** The request fails (DebugClient gives only the message) with a message matching `re`; returns it. */
export async function failsWith(p: Promise<unknown>, re: RegExp): Promise<string> {
  try {
    await p;
  } catch (e) {
    const msg = (e as Error).message;
    assert.match(msg, re);
    return msg;
  }
  assert.fail(`expected a failure matching ${re}`);
}
