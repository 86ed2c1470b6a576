/**
 * One stop seen through DWARF: source frames (inlined functions expanded), C/Rust variables and
 * expressions, evaluated by the engine on values the device gives. Device requests are few: wasm
 * locals come with the stop event, and the engine's memory reads are served from StopMemory,
 * which fetches only the bytes the variables occupy, in one read where they are neighbours.
 */
import type { DeviceClient } from '../../device';
import { Scope, StepKind, type Value } from '../../protocol';
import { readMemory, type StoppedState } from '../inspection';
import type { ProgramIndex } from '../program/index';
import type { DwarfEngine, EngineVariable, RawLocation, RemoteObject, StopHost, WasmValue } from './engine';
import { StopMemory, type Span } from './memory';

/** A DAP frame id holds the device frame and the inlined-function depth inside it. */
const INLINE_SHIFT = 0x10000;
export const frameId = (physical: number, inline: number) => physical + inline * INLINE_SHIFT;
export const splitFrameId = (id: number) => ({ physical: id % INLINE_SHIFT, inline: Math.floor(id / INLINE_SHIFT) });

export interface SourceFrame {
  id: number;
  name: string;
  pc: number;
  /** Source position (0-based), when the line table has one. */
  file?: string;
  line?: number;
  column?: number;
  inline: number;
}

export interface EvalResult {
  object: RemoteObject;
  children?: { name: string; value: RemoteObject }[];
}

let stopSeq = 0;
const POINTER_BYTES = 4;
/** How much of a C string a stop reads to show it. */
const STRING_BYTES = 64;

export class DwarfStop {
  readonly memory: StopMemory;
  private readonly seq = ++stopSeq;
  private readonly stopIds = new Set<string>();
  /** The device answers of this stop (a failure on any frame taints them all). */
  private readonly hosts: StopHost[] = [];
  private readonly scopeVars = new Map<number, Promise<{ v: EngineVariable; r: EvalResult | Error }[]>>();

  constructor(private readonly engine: DwarfEngine, private readonly index: ProgramIndex, private readonly stop: StoppedState, client: DeviceClient) {
    this.memory = new StopMemory(async (address, length) => {
      const piece = Math.max(1, Math.min(0xffff, client.maxFrame - 16));
      const r = await readMemory(client, address, length);
      return { data: r.data, requests: Math.max(1, Math.ceil(length / piece)) };
    });
  }

  private get codeStart(): number {
    return this.index.image.dwarf!.codeStart;
  }

  private loc(pc: number, inline: number): RawLocation {
    return { rawModuleId: this.index.image.dwarf!.rawModuleId, codeOffset: pc - this.codeStart, inlineFrameIndex: inline };
  }

  /** The engine's stop id for device frame `physical` (answers its locals and operand stack); `probe`: see StopMemory.page. */
  private stopId(physical: number, probe = false): string {
    const id = `${this.seq}:${physical}${probe ? ':probe' : ''}`;
    if (!this.stopIds.has(id)) {
      this.stopIds.add(id);
      const s = this.stop;
      const host: StopHost = {
        // The stop event carries the top frame's first locals (the frame base among them): no request.
        local: async (i) => wasmValue(physical === 0 && i < s.event.locals.length ? s.event.locals[i] : (await s.scope(Scope.locals, physical))[i]),
        global: async (i) => wasmValue((await s.scope(Scope.globals, 0))[i]),
        operand: async (i) => wasmValue((await s.scope(Scope.operandStack, physical))[i]),
        memory: async (offset, length) => this.memory.page(offset, length, probe),
      };
      this.hosts.push(host);
      this.engine.register(id, host);
    }
    return id;
  }

  /** Values computed while the device failed to answer are not shown. */
  private checkDevice(): void {
    const f = this.hosts.find((h) => h.failed)?.failed;
    if (f) throw new Error(`Cannot read the program's state from the device: ${f.message}`);
  }

  dispose(): void {
    for (const id of this.stopIds) this.engine.release(id);
  }

  /** Source frames of device frames `physical`, innermost first (an inlined call adds a frame). */
  async expand(physical: number, pc: number): Promise<SourceFrame[]> {
    const info = await this.engine.call('getFunctionInfo', this.loc(pc, 0)).catch(() => undefined);
    // Rust names end in a hash (`main::fib::h0123…`): not for people.
    const names = info && 'frames' in info ? info.frames.map((f) => f.name.replace(/::h[0-9a-f]{16}$/, '')) : [];
    if (names.length === 0) return [{ id: frameId(physical, 0), name: this.index.funcName(this.index.instrAt(pc)?.funcIndex ?? -1), pc, inline: 0 }];
    return Promise.all(names.map(async (name, inline) => {
      const l = (await this.engine.call('rawLocationToSourceLocation', this.loc(pc, inline)).catch(() => []))[0];
      const f: SourceFrame = { id: frameId(physical, inline), name, pc, inline };
      if (l && l.lineNumber >= 0) Object.assign(f, { file: l.sourceFileURL, line: l.lineNumber, column: Math.max(0, l.columnNumber) });
      return f;
    }));
  }

  /**
   * Ranges for a line step in inlined code (no device request): for step out, those of the
   * inlined function the pc is in (none outside inlined code); for step over, those of the
   * functions inlined into the current line.
   */
  async inlineRanges(pc: number, kind: number): Promise<{ start: number; end: number }[]> {
    const method = kind === StepKind.out ? 'getInlinedFunctionRanges' : kind === StepKind.over ? 'getInlinedCalleesRanges' : undefined;
    if (!method) return [];
    const r = await this.engine.call(method, this.loc(pc, 0)).catch(() => []);
    return r.map((x) => ({ start: x.startOffset + this.codeStart, end: x.endOffset + this.codeStart }));
  }

  /** Whether the engine knows variables at this frame (a function with DWARF). */
  async hasScope(id: number): Promise<boolean> {
    const vars = await this.variablesOf(id);
    return vars.length > 0 || (await this.expand(splitFrameId(id).physical, await this.pcOf(id))).some((f) => f.line !== undefined);
  }

  private async pcOf(id: number): Promise<number> {
    const f = await this.stop.frame(splitFrameId(id).physical);
    return f?.pc ?? this.stop.top.pc;
  }

  /**
   * Every variable in scope at frame `id`, evaluated. Two passes: the first learns where the
   * variables are (their addresses do not depend on memory at -O0: frame base + offset), one
   * read fetches those bytes, the second computes the values.
   */
  variablesOf(id: number): Promise<{ v: EngineVariable; r: EvalResult | Error }[]> {
    let p = this.scopeVars.get(id);
    if (!p) {
      p = (async () => {
        const { physical, inline } = splitFrameId(id);
        const loc = this.loc(await this.pcOf(id), inline);
        const vars = await this.engine.call('listVariablesInScope', loc).catch(() => []);
        const stopId = this.stopId(physical);
        // The engine evaluates names in the innermost inlined function whatever frame it is given:
        // a caller's locals would read as undeclared or, worse, as the callee's of the same name.
        const evalAll = () => Promise.all(vars.map((v) => inline > 0 && v.scope !== 'GLOBAL'
          ? Promise.resolve(new Error(INLINED_CALLER))
          : this.engine.call('evaluate', v.name, loc, stopId).then((o) => o ?? undefinedObject(), (e: Error) => e)));
        let results = await evalAll();
        // Globals may sit far from the stack: fetch spans apart, but each variable's bytes once.
        const spans = results.flatMap((r) => (r instanceof Error ? [] : spanOf(r)));
        if (this.memory.missing(spans).length) {
          await this.memory.fetch(spans);
          results = await evalAll();
        }
        // A C++ reference is a pointer in memory no expression names: read as zeros it fails
        // ("parent is NULL"). Probed, it points at itself and shows where it is; fetched, what it
        // refers to shows where that is; fetched, the value is right.
        const failed = vars.map((v, k) => k).filter((k) => results[k] instanceof Error && /&\s*$/.test(vars[k].type) && !(inline > 0));
        if (failed.length) {
          const probeId = this.stopId(physical, true);
          const probed = await Promise.all(failed.map((k) => this.engine.call('evaluate', vars[k].name, loc, probeId).catch(() => null)));
          for (let round = 0; round < 2; round++) {
            const more = [...probed.flatMap((o) => (o ? spanOf(o) : [])), ...results.flatMap((r) => (r instanceof Error ? [] : spanOf(r)))];
            if (round === 1) probed.length = 0;
            if (this.memory.missing(more).length === 0) break;
            await this.memory.fetch(more);
            results = await evalAll();
          }
        }
        this.checkDevice();
        return vars.map((v, k) => ({ v, r: results[k] instanceof Error ? (results[k] as Error) : { object: results[k] as RemoteObject } }));
      })();
      this.scopeVars.set(id, p);
    }
    return p;
  }

  /**
   * Evaluates a source expression at frame `id`, fetching the memory it reads: first each
   * prefix of every access chain in it (`b`, `b->name`, `b->name[2]`), so a pointer is known
   * before what it points to is read, then the whole expression until its bytes are all known.
   */
  async evaluate(id: number, expression: string, withChildren = false): Promise<EvalResult> {
    const { physical, inline } = splitFrameId(id);
    const vars = await this.variablesOf(id);
    if (inline > 0) {
      // See variablesOf: in a caller of inlined code only globals can be evaluated.
      const inner = await this.variablesOf(frameId(physical, 0));
      const locals = new Set([...vars, ...inner].filter((x) => x.v.scope !== 'GLOBAL').map((x) => x.v.name));
      if (identifiers(expression).some((n) => locals.has(n))) throw new Error(INLINED_CALLER);
    }
    const loc = this.loc(await this.pcOf(id), inline);
    const stopId = this.stopId(physical);
    const once = async (expr: string, children: boolean): Promise<EvalResult> => {
      for (let attempt = 0; ; attempt++) {
        const object = (await this.engine.call('evaluate', expr, loc, stopId)) ?? undefinedObject();
        const kids = children && object.objectId && object.hasChildren ? await this.engine.call('getProperties', object.objectId) : undefined;
        const spans = [...spanOf(object), ...(kids ?? []).flatMap((k) => spanOf(k.value))];
        // A char pointer shows the text it points to: read up to STRING_BYTES of it.
        if (object.type === 'string' && object.linearMemorySize === POINTER_BYTES) {
          const target = await this.engine.call('evaluate', `*(${expr})`, loc, stopId).catch(() => null);
          if (target?.linearMemoryAddress !== undefined) spans.push({ start: target.linearMemoryAddress, end: target.linearMemoryAddress + STRING_BYTES });
        }
        if (attempt >= 3 || this.memory.missing(spans).length === 0) return { object, children: kids };
        await this.memory.fetch(spans, 64 * 1024);
      }
    };
    for (const prefix of accessPrefixes(expression)) {
      if (prefix !== expression.trim()) await once(prefix, false).catch(() => undefined);
    }
    const r = await once(expression, withChildren);
    this.checkDevice();
    return r;
  }
}

/** Why a caller of inlined code shows no locals (an engine limit, see variablesOf). */
export const INLINED_CALLER = 'not readable in a caller of inlined code: step out to see it';

/** The names an expression refers to (not member names after `.` or `->`). */
function identifiers(expression: string): string[] {
  return [...expression.replace(/'(?:\\.|[^'])*'|"(?:\\.|[^"])*"/g, '').matchAll(/(\.|->)?\s*\b([A-Za-z_]\w*)/g)].filter((m) => !m[1]).map((m) => m[2]);
}

function spanOf(o: RemoteObject): Span[] {
  return o.linearMemoryAddress !== undefined && o.linearMemorySize ? [{ start: o.linearMemoryAddress, end: o.linearMemoryAddress + o.linearMemorySize }] : [];
}

function undefinedObject(): RemoteObject {
  return { type: 'undefined', hasChildren: false, description: 'undefined' };
}

export function wasmValue(v: Value | undefined): WasmValue {
  if (!v) throw new Error('no such value on the device');
  switch (v.type) {
    case 'i32': case 'f32': case 'f64': return { type: v.type, value: v.value };
    case 'i64': return { type: 'i64', value: v.value };
    default: return { type: 'i32', value: v.value ?? 0 };
  }
}

/**
 * Prefixes of the access chains in a C/Rust expression, shortest first: `b->name[2] + x` gives
 * `b`, `b->name`, `b->name[2]`, `x`. A leading `*` or `&` belongs to the chain.
 */
export function accessPrefixes(expression: string): string[] {
  const out: string[] = [];
  const chain = /(\*+\s*)?[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[[^\][]*\])*/g;
  for (const m of expression.matchAll(chain)) {
    const text = m[0].replace(/^\*+\s*/, '');
    const parts = /[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*|\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[[^\][]*\]/g;
    let acc = '';
    for (const p of text.match(parts) ?? []) {
      acc += p;
      out.push(acc.trim());
    }
    if (m[1]) out.push(m[0].trim());
  }
  return [...new Set(out)];
}
