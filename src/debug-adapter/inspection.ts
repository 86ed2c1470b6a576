/**
 * What the adapter knows about the device while it is stopped: call frames and scope values,
 * fetched on demand (or prefetched, stop-prefetch.ts) and cached until the program runs again.
 * The stop event's top frame and first locals seed the cache, so the common stop (top frame,
 * its locals) costs no request. A new stop is a new StoppedState: nothing outlives a resume.
 */
import type { DeviceClient } from '../device';
import { Scope, StopFlag, type FrameRef, type MessageOf, type Value } from '../protocol';
import type { EvalContext } from './evaluate';
import type { ProgramIndex } from './program/index';

export type StopEvent = MessageOf<'stopped'>;
export type ScopeId = (typeof Scope)[keyof typeof Scope];

export class StoppedState {
  readonly depth: number;
  private readonly frames: (FrameRef | undefined)[] = [];
  /** Frames being fetched (a prefetch): frameRange waits for it rather than asking again. */
  private framesInFlight?: Promise<void>;
  /** Scope values, fetched or being fetched: concurrent askers share one request. */
  private readonly values = new Map<string, Promise<Value[]>>();
  /** The first values of a scope (a bounded prefetch): scope() completes them when asked. */
  private readonly partial = new Map<string, Promise<{ values: Value[]; total: number } | undefined>>();

  constructor(private readonly client: DeviceClient, private readonly index: ProgramIndex, readonly event: StopEvent) {
    this.depth = event.depth;
    this.frames[0] = { func: event.func, pc: event.pc };
    if (event.flags & StopFlag.localsComplete) this.values.set(key(Scope.locals, 0), Promise.resolve(event.locals));
  }

  get top(): FrameRef {
    return this.frames[0]!;
  }

  /** Frames [start, start + count), innermost first, clipped to the call depth. */
  async frameRange(start: number, count: number): Promise<FrameRef[]> {
    const end = Math.min(this.depth, start + count);
    await this.framesInFlight;
    let missing = start;
    while (missing < end && this.frames[missing]) missing++;
    while (missing < end) {
      const r = await this.client.request('frames', { start: missing, count: end - missing });
      if (r.frames.length === 0) break; // the device has fewer frames than it said: show what we have
      r.frames.forEach((f, i) => (this.frames[missing + i] = f));
      missing += r.frames.length;
    }
    return this.frames.slice(start, end).filter((f): f is FrameRef => f !== undefined);
  }

  async frame(i: number): Promise<FrameRef | undefined> {
    return (await this.frameRange(i, 1))[0];
  }

  /** Frames known without a request (the top one, and any fetched). */
  knownFrame(i: number): FrameRef | undefined {
    return this.frames[i];
  }

  /** Starts fetching frames [1, end) with one request (answers what fits) without waiting for it. */
  prefetchFrames(end: number): void {
    end = Math.min(this.depth, end);
    if (end <= 1 || this.framesInFlight || this.frames[1]) return;
    // Never rejects: a failed prefetch leaves frameRange to ask again (and report the failure).
    this.framesInFlight = this.client.request('frames', { start: 1, count: end - 1 }).then(
      (r) => r.frames.forEach((f, i) => (this.frames[1 + i] ??= f)),
      () => undefined,
    );
  }

  /** True if the scope's values are cached or on their way. */
  hasScope(scope: ScopeId, frame: number): boolean {
    const k = key(scope, scope === Scope.globals ? 0 : frame);
    return this.values.has(k) || this.partial.has(k);
  }

  /**
   * Starts fetching the first `max` values of a scope (protocol 1.2 `valuesUpTo`: the answer's
   * size is known before it is asked for) without waiting; scope() fetches the rest, if any.
   */
  prefetchScope(scope: ScopeId, frame: number, max: number): void {
    const k = key(scope, scope === Scope.globals ? 0 : frame);
    if (this.hasScope(scope, frame)) return;
    // Never rejects: a failed prefetch leaves scope() to ask again (and report the failure).
    this.partial.set(k, this.client.request('valuesUpTo', { scope, frame: scope === Scope.globals ? 0 : frame, start: 0, max }).then(
      (r) => ({ values: r.values, total: r.total }),
      () => undefined,
    ));
  }

  /** Every value of a scope of frame `frame` (globals: frame is ignored), in as few requests as fit. */
  scope(scope: ScopeId, frame: number): Promise<Value[]> {
    const k = key(scope, scope === Scope.globals ? 0 : frame);
    const have = this.values.get(k);
    if (have) return have;
    const first = this.partial.get(k);
    this.partial.delete(k);
    const p = (async () => {
      const got = await first;
      if (got && got.values.length >= got.total) return got.values;
      return this.fetchScope(scope, scope === Scope.globals ? 0 : frame, got?.values ?? []);
    })();
    this.values.set(k, p);
    // A failed fetch is not remembered: the next asker tries again.
    p.catch(() => this.values.get(k) === p && this.values.delete(k));
    return p;
  }

  private async fetchScope(scope: ScopeId, frame: number, first: Value[]): Promise<Value[]> {
    const out = [...first];
    for (;;) {
      const r = await this.client.request('values', { scope, frame, start: out.length });
      out.push(...r.values);
      if (out.length >= r.total || r.values.length === 0) break;
    }
    return out;
  }

  async setValue(scope: ScopeId, frame: number, index: number, value: Value): Promise<void> {
    await this.client.request('setValue', { scope, frame: scope === Scope.globals ? 0 : frame, index, value });
    const k = key(scope, scope === Scope.globals ? 0 : frame);
    this.partial.delete(k);
    const cached = await this.values.get(k)?.catch(() => undefined);
    if (cached && index < cached.length) {
      const next = cached.slice();
      next[index] = value;
      this.values.set(k, Promise.resolve(next));
    } else this.values.delete(k);
  }

  /** Expression context of one frame: `$name` is a local of that frame, then a global. */
  evalContext(frame: number): EvalContext {
    return {
      variable: async (kind, k) => {
        if (kind === 'global') return (await this.scope(Scope.globals, 0))[Number(k)];
        if (kind === 'local') return (await this.scope(Scope.locals, frame))[Number(k)];
        const f = await this.frame(frame);
        const fn = f && this.index.func(f.func);
        const li = fn?.locals.findIndex((l) => l.name === k) ?? -1;
        if (li >= 0) return (await this.scope(Scope.locals, frame))[li];
        const g = this.index.image.globals.find((x) => x.name === k || (x.exportName !== undefined && `$${x.exportName}` === k));
        if (g) return (await this.scope(Scope.globals, 0))[g.index];
        return undefined;
      },
      readMemory: (address, length) => readMemory(this.client, address, length).then((r) => r.data),
    };
  }
}

function key(scope: number, frame: number): string {
  return `${scope}:${frame}`;
}

/** Reads linear memory in frame-sized pieces; stops early at the end of memory. */
export async function readMemory(client: DeviceClient, address: number, length: number): Promise<{ data: Uint8Array; memorySize: number }> {
  // memReadOk carries 7 bytes of frame, 8 of header: the rest of the device's frame is data.
  const piece = Math.max(1, Math.min(0xffff, client.maxFrame - 16));
  const parts: Uint8Array[] = [];
  let got = 0;
  let memorySize = 0;
  // At least one request: a zero-length read asks for the memory size.
  do {
    const n = Math.min(piece, length - got);
    const r = await client.request('memRead', { address: address + got, length: n });
    memorySize = r.memorySize;
    parts.push(r.data);
    got += r.data.length;
    if (r.data.length < n) break;
  } while (got < length);
  return { data: Buffer.concat(parts), memorySize };
}

/** Writes linear memory in frame-sized pieces. */
export async function writeMemory(client: DeviceClient, address: number, data: Uint8Array): Promise<void> {
  const piece = Math.max(1, client.maxFrame - 12);
  for (let at = 0; at < data.length; at += piece) {
    await client.request('memWrite', { address: address + at, data: data.subarray(at, at + piece) });
  }
}
