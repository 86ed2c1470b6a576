/**
 * Source-level (DWARF) scenarios on a C program, against any device: the real adapter driven by
 * DebugClient. One adapter process serves every session of a file (`--server`), so the DWARF
 * engine loads once. Run on the simulator (dwarf.test.ts) and the host build (test/firmware).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { adapterScript, lineOf } from './helpers';
import { buildC, buildCpp, buildRust, ROOT } from './dwarf-build';
import { optionalMissing } from '../optional/packages';
import { THREAD, collectOutput, stopAfter } from './session-helpers';

export const LOCALS_C = path.join(ROOT, 'test/debug-adapter/fixtures/locals.c');
export const BLINK_C = path.join(ROOT, 'examples/c-blink/main.c');
export const INLINE_C = path.join(ROOT, 'test/debug-adapter/fixtures/inline.c');
export const COUNTER_CPP = path.join(ROOT, 'test/debug-adapter/fixtures/counter.cpp');
export const FIB_RS = path.join(ROOT, 'examples/rust-fib/main.rs');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function untilListening(port: number): Promise<void> {
  for (const until = Date.now() + 10000; ; ) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`the adapter does not listen on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One adapter process in server mode for the whole file; a DebugClient per test. */
export function sharedAdapter(): { client: () => DebugClient } {
  let proc: ChildProcess | undefined;
  let port = 0;
  let dc: DebugClient;
  before(async () => {
    port = await freePort();
    while (port < 1000) port = await freePort();
    proc = spawn(process.execPath, [adapterScript(), `--server=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (process.env.NRF_WASM_ADAPTER_STDERR) proc.stderr!.pipe(process.stderr);
    else proc.stderr!.resume();
    await new Promise<void>((resolve, reject) => {
      // The library says "waiting for debug protocol on port N" on stderr once it listens.
      proc!.stderr!.once('data', () => resolve());
      proc!.once('exit', (c) => reject(new Error(`the adapter exited (${c})`)));
    });
    // It says so before it listens: a client connecting at once may be refused, and DebugClient
    // then waits forever (no timeouts, no errors in server mode). Wait until the port answers.
    await untilListening(port);
  });
  after(() => {
    // Its simulators (started per session) may hold the stderr pipe a little longer: let go of it.
    proc?.stderr?.destroy();
    proc?.kill();
    proc?.unref();
  });
  beforeEach(async () => {
    dc = new DebugClient(process.execPath, adapterScript(), 'nrf-wasm', { cwd: ROOT }, true);
    dc.defaultTimeout = 20000;
    await dc.start(port);
  });
  afterEach(async () => {
    await dc.stop();
  });
  return { client: () => dc };
}

export async function launchDwarf(dc: DebugClient, program: string, target: Record<string, unknown>, configure?: (dc: DebugClient) => Promise<void>): Promise<void> {
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      await configure?.(dc);
      await dc.configurationDoneRequest();
    }),
    dc.launch({ program, ...target } as DebugProtocol.LaunchRequestArguments),
  ]);
}

export const bpIn = (file: string, lines: number[]) => async (c: DebugClient) => {
  const r = await c.setBreakpointsRequest({ source: { path: file }, breakpoints: lines.map((line) => ({ line })) });
  for (const b of r.body.breakpoints) assert.equal(b.verified, true, b.message);
};

export async function topFrame(dc: DebugClient): Promise<DebugProtocol.StackFrame> {
  return (await dc.stackTraceRequest({ threadId: THREAD, startFrame: 0, levels: 1 })).body.stackFrames[0];
}

export async function vars(dc: DebugClient, ref: number): Promise<Map<string, DebugProtocol.Variable>> {
  const v = (await dc.variablesRequest({ variablesReference: ref })).body.variables;
  return new Map(v.map((x) => [x.name, x]));
}

export async function sourceLocals(dc: DebugClient, frameId?: number): Promise<Map<string, DebugProtocol.Variable>> {
  const id = frameId ?? (await topFrame(dc)).id;
  const sc = (await dc.scopesRequest({ frameId: id })).body.scopes.find((s) => s.name === 'Locals');
  assert.ok(sc, 'no Locals scope');
  return vars(dc, sc.variablesReference);
}

/** `target()` gives the launch arguments that pick the device. */
export function dwarfSuite(target: () => Record<string, unknown>): void {
  const built = buildC(LOCALS_C, 'locals');
  const blink = buildC(BLINK_C, 'c-blink');
  // The engine may also be given by path (NRF_WASM_DWARF_ENGINE), as the extension passes it.
  const noEngine = process.env.NRF_WASM_DWARF_ENGINE ? undefined : optionalMissing('@vscode/dwarf-debugging');
  if (noEngine || 'skip' in built || 'skip' in blink) {
    const why = noEngine ?? ('skip' in built ? built.skip : (blink as { skip: string }).skip);
    test('C source debugging', (t) => {
      console.log(`skipped: ${why}`);
      t.skip(why);
    });
    return;
  }
  const { client } = sharedAdapter();
  const L = (text: string) => lineOf(text, LOCALS_C);

  test('a line breakpoint in a .c file stops there, with the C function name and source', async () => {
    const dc = client();
    const ev = await stopAfter(dc, () => launchDwarf(dc, built.wasm, target(), bpIn(LOCALS_C, [L('int sum = scale(')])));
    assert.equal(ev.body.reason, 'breakpoint');
    const f = await topFrame(dc);
    assert.equal(f.name, 'main');
    assert.equal(f.source?.path, LOCALS_C);
    assert.equal(f.line, L('int sum = scale('));
  });

  test('ten C locals with their types; the struct expands to its members, its char pointer shows the text', async () => {
    const dc = client();
    await stopAfter(dc, () => launchDwarf(dc, built.wasm, target(), bpIn(LOCALS_C, [L('int sum = scale(')])));
    const locals = await sourceLocals(dc);
    for (const n of ['pt', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'arr', 'sum']) assert.ok(locals.has(n), `no local ${n}: ${[...locals.keys()]}`);
    assert.equal(locals.get('a')!.value, '1');
    assert.equal(locals.get('f')!.value, '6');
    assert.equal(locals.get('g')!.type, 'unsigned int');
    assert.equal(locals.get('h')!.type, 'char');
    const pt = locals.get('pt')!;
    assert.equal(pt.type, 'point');
    assert.ok(pt.variablesReference > 0);
    const members = await vars(dc, pt.variablesReference);
    assert.equal(members.get('x')!.value, '3');
    assert.equal(members.get('y')!.value, '4');
    assert.equal(members.get('label')!.value, '"origin+"');
    const arr = await vars(dc, locals.get('arr')!.variablesReference);
    assert.deepEqual([...arr.values()].map((v) => v.value), ['10', '20', '30']);
  });

  test('step in enters the called C function, step out returns to the caller, step over runs a whole line with a call', async () => {
    const dc = client();
    await stopAfter(dc, () => launchDwarf(dc, built.wasm, target(), bpIn(LOCALS_C, [L('int sum = scale(')])));
    await stopAfter(dc, () => dc.stepInRequest({ threadId: THREAD }));
    let f = await topFrame(dc);
    assert.equal(f.name, 'scale');
    // Step in stops at the callee's first line: its opening line (the prologue), as -O0 maps it.
    assert.ok(f.line >= L('static int scale(') && f.line <= L('p->x *= k;'), `line ${f.line}`);
    const st = (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames;
    // Then the linker's entry wrappers, which have no source: shown dimmed.
    assert.deepEqual(st.slice(0, 2).map((x) => x.name), ['scale', 'main']);
    assert.equal(st[1].line, L('int sum = scale('));
    assert.ok(st.slice(2).every((x) => x.presentationHint === 'subtle' && !x.source));
    await stopAfter(dc, () => dc.stepOutRequest({ threadId: THREAD }));
    f = await topFrame(dc);
    assert.equal(f.name, 'main');
    assert.equal(f.line, L('int sum = scale('));
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    f = await topFrame(dc);
    assert.equal(f.line, L('nrf_log_i32(sum + a'));
    const locals = await sourceLocals(dc);
    assert.equal(locals.get('sum')!.value, String(3 * 2 + 4 * 2));
    // The struct changed through the pointer: the new stop reads memory again.
    assert.equal((await vars(dc, locals.get('pt')!.variablesReference)).get('x')!.value, '6');
    // A line with a call is one step.
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    assert.equal((await topFrame(dc)).line, L('sum += ratio('));
  });

  test('a pointer parameter expands to the struct it points to; hover and watch evaluate C expressions', async () => {
    const dc = client();
    await stopAfter(dc, () => launchDwarf(dc, built.wasm, target(), bpIn(LOCALS_C, [L('p->x *= k;')])));
    const f = await topFrame(dc);
    assert.equal(f.name, 'scale');
    const locals = await sourceLocals(dc);
    assert.equal(locals.get('k')!.value, '2');
    const p = locals.get('p')!;
    assert.equal(p.type, 'point *');
    const target1 = await vars(dc, p.variablesReference);
    const [pointee] = [...target1.values()];
    assert.equal(pointee.name, '*p');
    assert.equal((await vars(dc, pointee.variablesReference)).get('y')!.value, '4');
    const e = await dc.evaluateRequest({ expression: 'p->x * 10 + k', frameId: f.id, context: 'watch' });
    assert.equal(e.body.result, '32');
    const h = await dc.evaluateRequest({ expression: 'p->label', frameId: f.id, context: 'hover' });
    assert.equal(h.body.result, '"origin+"');
    await assert.rejects(dc.evaluateRequest({ expression: 'nosuch + 1', frameId: f.id, context: 'watch' }), /undeclared identifier 'nosuch'/);
  });

  test('a division by zero in C stops at its source line with the trap message', async () => {
    const dc = client();
    const ev = await stopAfter(dc, () => launchDwarf(dc, built.wasm, target()));
    assert.equal(ev.body.reason, 'exception');
    assert.match(ev.body.text ?? '', /divi/i);
    const f = await topFrame(dc);
    assert.equal(f.name, 'ratio');
    assert.equal(f.source?.path, LOCALS_C);
    assert.equal(f.line, L('return a / b;'));
  });

  test('c-blink: breakpoint in toggle(), the struct seen through the pointer, disassembly interleaved with main.c', async () => {
    const dc = client();
    const line = lineOf('b->count++;', BLINK_C);
    await stopAfter(dc, () => launchDwarf(dc, blink.wasm, target(), bpIn(BLINK_C, [line])));
    const f = await topFrame(dc);
    assert.equal(f.name, 'toggle');
    assert.equal(f.line, line);
    const st = (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames;
    assert.deepEqual(st.slice(0, 2).map((x) => x.name), ['toggle', 'main']);
    const main = await sourceLocals(dc, st[1].id);
    const blinkVar = main.get('blink')!;
    assert.equal(blinkVar.type, 'blinker');
    const m = await vars(dc, blinkVar.variablesReference);
    assert.equal(m.get('period_ms')!.value, '500');
    assert.equal(m.get('name')!.value, '"LED1"');
    const dis = await dc.customRequest('disassemble', { memoryReference: f.instructionPointerReference, instructionOffset: -4, instructionCount: 12, resolveSymbols: true });
    const ins = (dis.body as DebugProtocol.DisassembleResponse['body'])!.instructions;
    assert.ok(ins.some((i) => i.location?.path === BLINK_C && i.line === line), 'the pc line is in the disassembly');
  });

  test('conditions and logpoints in C: decided by the debugger with a note; an invalid one is unverified with the compiler\'s reason', async () => {
    const dc = client();
    const out = collectOutput(dc);
    await stopAfter(dc, () => launchDwarf(dc, blink.wasm, target(), async (c) => {
      const r = await c.setBreakpointsRequest({
        source: { path: BLINK_C },
        breakpoints: [
          { line: lineOf('b->count++;', BLINK_C), condition: 'b->count == 2 && b->period_ms > 100' },
          { line: lineOf('int next = !on;', BLINK_C), logMessage: 'toggle {b->count} on={on} name={b->name}' },
          { line: lineOf('nrf_led_set(b->led, next);', BLINK_C), condition: 'nosuch > 1' },
          { line: lineOf('return next;', BLINK_C), condition: 'next ==' },
        ],
      });
      const [cond, log, unknown, broken] = r.body.breakpoints;
      assert.deepEqual([cond.verified, log.verified, unknown.verified, broken.verified], [true, true, false, false]);
      assert.match(unknown.message ?? '', /Invalid condition "nosuch > 1": use of undeclared identifier 'nosuch'/);
      assert.match(broken.message ?? '', /Invalid condition "next =="/);
    }));
    const f = await topFrame(dc);
    assert.equal(f.line, lineOf('b->count++;', BLINK_C));
    assert.equal((await dc.evaluateRequest({ expression: 'b->count', frameId: f.id, context: 'watch' })).body.result, '2');
    const text = out.join('');
    assert.match(text, /toggle 0 on=0 name="LED1"\ntoggle 1 on=1 name="LED1"\ntoggle 2 on=0 name="LED1"\n/);
    assert.match(text, /Breakpoint condition "b->count == 2 && b->period_ms > 100" is evaluated by the debugger at each hit, not on the device: it is C\/C\+\+\/Rust/);
  });

  const inlined = buildC(INLINE_C, 'inline', '-O2');
  const I = (text: string) => lineOf(text, INLINE_C);
  test('-O2, inlined functions: a breakpoint in one stops at each call site; each inlined call is a frame with its name and line; callers say why their locals are not shown', { skip: 'skip' in inlined ? `skipped: ${inlined.skip}` : false }, async () => {
    if ('skip' in inlined) return;
    const dc = client();
    const ev = await stopAfter(dc, () => launchDwarf(dc, inlined.wasm, target(), bpIn(INLINE_C, [I('nrf_log_i32(sq);')])));
    assert.equal(ev.body.reason, 'breakpoint');
    let st = (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames;
    assert.deepEqual(st.slice(0, 3).map((f) => [f.name, f.line, f.source?.path]), [
      ['square', I('nrf_log_i32(sq);'), INLINE_C], ['add', I('int32_t s = square(v);'), INLINE_C], ['main', I('add(&a, seed);'), INLINE_C],
    ]);
    const sq = await sourceLocals(dc, st[0].id);
    assert.equal(sq.get('v')!.value, '3');
    assert.equal(sq.get('sq')!.value, '9');
    assert.equal((await dc.evaluateRequest({ expression: 'sq * 2 + v', frameId: st[0].id, context: 'watch' })).body.result, '21');
    // The engine reads only the innermost inlined function's variables: the callers say so.
    const add = await sourceLocals(dc, st[1].id);
    assert.deepEqual([...add.keys()].sort(), ['a', 's', 'v']);
    assert.match(add.get('v')!.value, /step out/);
    await assert.rejects(dc.evaluateRequest({ expression: 'v + 1', frameId: st[1].id, context: 'watch' }), /step out/);
    // The same line inlined at the second call site.
    const again = await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
    assert.equal(again.body.reason, 'breakpoint');
    st = (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames;
    assert.deepEqual(st.slice(0, 3).map((f) => [f.name, f.line]), [['square', I('nrf_log_i32(sq);')], ['add', I('int32_t s = square(v);')], ['main', I('add(&a, seed + 1);')]]);
    assert.equal((await sourceLocals(dc, st[0].id)).get('v')!.value, '4');
  });

  test('-O2, stepping through inlined code by source line: in enters the inlined function, over stays in it and leaves it at its end, out leaves it, over runs a line\'s inlined calls', { skip: 'skip' in inlined ? `skipped: ${inlined.skip}` : false }, async () => {
    if ('skip' in inlined) return;
    const dc = client();
    await stopAfter(dc, () => launchDwarf(dc, inlined.wasm, target(), bpIn(INLINE_C, [I('int32_t seed =')])));
    const at = async () => (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames.filter((f) => f.source).map((f) => `${f.name}:${f.line}`);
    const step = async (what: 'stepInRequest' | 'nextRequest' | 'stepOutRequest') => {
      const ev = await stopAfter(dc, () => dc[what]({ threadId: THREAD }));
      assert.equal(ev.body.reason, 'step');
      return at();
    };
    assert.deepEqual(await step('stepInRequest'), [`square:${I('int32_t sq = v * v;')}`, `add:${I('int32_t s = square(v);')}`, `main:${I('add(&a, seed);')}`]);
    assert.deepEqual(await step('nextRequest'), [`square:${I('nrf_log_i32(sq);')}`, `add:${I('int32_t s = square(v);')}`, `main:${I('add(&a, seed);')}`]);
    // At -O2 nothing of add() is left after square(): the step ends in main.
    assert.deepEqual(await step('nextRequest'), [`main:${I('nrf_log_i32(a.total);')}`]);
    // The struct lives in no wasm local nor memory: the compiler folded it away, and the row says so.
    assert.equal((await sourceLocals(dc)).get('a')!.value, '<optimized out>');
    assert.deepEqual(await step('nextRequest'), [`main:${I('add(&a, seed + 1);')}`]);
    assert.deepEqual(await step('stepInRequest'), [`square:${I('int32_t sq = v * v;')}`, `add:${I('int32_t s = square(v);')}`, `main:${I('add(&a, seed + 1);')}`]);
    assert.deepEqual(await step('stepOutRequest'), [`add:${I('a->total += s;')}`, `main:${I('add(&a, seed + 1);')}`]);
    assert.equal((await sourceLocals(dc)).get('s')!.value, '16');
    assert.deepEqual(await step('stepOutRequest'), [`main:${I('nrf_log_i32(a.total + a.count);')}`]);
  });

  test('-O2: step over a line with an inlined call stops at a breakpoint inside it', { skip: 'skip' in inlined ? `skipped: ${inlined.skip}` : false }, async () => {
    if ('skip' in inlined) return;
    const dc = client();
    await stopAfter(dc, () => launchDwarf(dc, inlined.wasm, target(), bpIn(INLINE_C, [I('add(&a, seed + 1);'), I('nrf_log_i32(sq);')])));
    assert.equal((await topFrame(dc)).line, I('nrf_log_i32(sq);'));
    await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
    assert.equal((await topFrame(dc)).line, I('add(&a, seed + 1);'));
    const ev = await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    assert.equal(ev.body.reason, 'breakpoint');
    const f = await topFrame(dc);
    assert.deepEqual([f.name, f.line], ['square', I('nrf_log_i32(sq);')]);
  });

  const cpp = buildCpp(COUNTER_CPP, 'counter');
  const P = (text: string) => lineOf(text, COUNTER_CPP);
  test('C++: a breakpoint in a .cpp method; names with namespace, class and parameters; this expands to the members; a reference shows what it refers to', { skip: 'skip' in cpp ? `skipped: ${cpp.skip}` : false }, async () => {
    if ('skip' in cpp) return;
    const dc = client();
    const ev = await stopAfter(dc, () => launchDwarf(dc, cpp.wasm, target(), bpIn(COUNTER_CPP, [P('value_ += by;')])));
    assert.equal(ev.body.reason, 'breakpoint');
    const st = (await dc.stackTraceRequest({ threadId: THREAD })).body.stackFrames;
    assert.deepEqual(st.slice(0, 3).map((f) => [f.name, f.line, f.source?.path]), [
      ['geo::Counter::bump(int)', P('value_ += by;'), COUNTER_CPP], ['geo::twice(geo::Counter&, int)', P('c.bump(by);'), COUNTER_CPP], ['main', P('geo::twice(counter, 3);'), COUNTER_CPP],
    ]);
    const locals = await sourceLocals(dc);
    assert.equal(locals.get('by')!.value, '3');
    const self = locals.get('this')!;
    assert.equal(self.type, 'geo::Counter *');
    const [pointee] = [...(await vars(dc, self.variablesReference)).values()];
    assert.equal(pointee.name, '*this');
    const members = await vars(dc, pointee.variablesReference);
    assert.deepEqual([members.get('value_')!.value, members.get('steps_')!.value], ['10', '0']);
    assert.equal((await dc.evaluateRequest({ expression: 'this->value_ + by', frameId: st[0].id, context: 'watch' })).body.result, '13');
    // The caller's reference parameter: its hidden pointer is found and followed.
    const c = (await sourceLocals(dc, st[1].id)).get('c')!;
    assert.equal(c.type, 'geo::Counter &');
    assert.equal((await vars(dc, c.variablesReference)).get('value_')!.value, '10');
    // Line steps in the method, then out to the caller, then the second call.
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    assert.equal((await topFrame(dc)).line, P('steps_++;'));
    await stopAfter(dc, () => dc.stepOutRequest({ threadId: THREAD }));
    const back = await topFrame(dc);
    assert.deepEqual([back.name, back.line], ['geo::twice(geo::Counter&, int)', P('c.bump(by);')]);
    await stopAfter(dc, () => dc.continueRequest({ threadId: THREAD }));
    assert.equal((await dc.evaluateRequest({ expression: 'value_', frameId: (await topFrame(dc)).id, context: 'hover' })).body.result, '13');
  });

  const fib = buildRust(FIB_RS, 'rust-fib');
  if ('skip' in fib) console.log(`skipped: ${fib.skip}`);
  test('rust-fib: breakpoint in a .rs file, the struct local expanded, a line step', { skip: 'skip' in fib ? `skipped: ${fib.skip}` : false }, async () => {
    if ('skip' in fib) return;
    const dc = client();
    const line = lineOf('f.step();', FIB_RS);
    await stopAfter(dc, () => launchDwarf(dc, fib.wasm, target(), bpIn(FIB_RS, [line])));
    let f = await topFrame(dc);
    assert.equal(f.name, 'main::fib');
    assert.equal(f.source?.path, FIB_RS);
    assert.equal(f.line, line);
    const locals = await sourceLocals(dc);
    assert.equal(locals.get('n')!.value, '20');
    const fv = locals.get('f')!;
    assert.match(fv.type ?? '', /Fib/);
    const m = await vars(dc, fv.variablesReference);
    assert.equal(m.get('prev')!.value, '0');
    assert.equal(m.get('curr')!.value, '1');
    assert.equal(m.get('n')!.value, '1');
    await stopAfter(dc, () => dc.nextRequest({ threadId: THREAD }));
    f = await topFrame(dc);
    assert.equal(f.line, lineOf('nrf_wasm::log_i32(f.curr', FIB_RS));
    const after = await vars(dc, (await sourceLocals(dc)).get('f')!.variablesReference);
    assert.equal(after.get('curr')!.value, '1');
    assert.equal(after.get('n')!.value, '2');
  });
}
