/**
 * A Chrome DevTools Protocol client for worker threads of this process, over the main thread's
 * in-process inspector session and its NodeWorker domain. The main thread is never paused: only
 * the CPU worker is debugged, so the server keeps answering while the module is stopped.
 */
import { Session } from 'node:inspector';

type Handler = (params: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

export class CdpError extends Error {
  constructor(readonly method: string, message: string) {
    super(`${method}: ${message}`);
  }
}

/** One attached worker: post commands, receive events. */
export class WorkerTarget {
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, Handler>();
  detached = false;
  /**
   * No message may go to this thread any more: it is being terminated. Node aborts the whole
   * process, silently (in MainThreadInterface::Post, seen in a core dump), when a message reaches
   * a worker whose inspector is being torn down, so a CPU run closes its target first.
   */
  closed = false;
  /** Its debugger was enabled (releaseAll lets it go). */
  debugged = false;
  /** The CPU thread behind this target, once known (undefined: not a CPU thread, or not booted yet). */
  threadId: number | undefined;

  constructor(private readonly hub: WorkerInspector, readonly sessionId: string, title = '') {
    // Node titles a worker `[worker ${threadId}] ${name}`: no need to ask the thread.
    const m = /^\[worker (\d+)\]/.exec(title);
    if (m) this.threadId = Number(m[1]);
  }

  post<T = any>(method: string, params: object = {}): Promise<T> {
    if (this.detached || this.closed) return Promise.reject(new CdpError(method, this.closed ? 'worker terminated' : 'worker detached'));
    if (method === 'Debugger.enable') this.debugged = true;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.hub.send(this.sessionId, JSON.stringify({ id, method, params }));
    });
  }

  /**
   * Asks the thread which CPU it is: its threadId, undefined if it is none (yet), -1 if it does not
   * answer within 2 s (a thread on its way out; not asked again).
   */
  async identify(): Promise<number | undefined> {
    const r = await Promise.race([
      this.post<{ result: { value?: unknown } }>('Runtime.evaluate', { expression: 'globalThis.__nrfSimThread', returnByValue: true }).catch(() => null),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 2000).unref()),
    ]);
    if (r === 'timeout') return -1;
    const v = r?.result.value;
    return typeof v === 'number' ? v : undefined;
  }

  on(event: string, handler: Handler): void {
    this.handlers.set(event, handler);
  }

  /** @internal */
  receive(raw: string): void {
    const msg = JSON.parse(raw) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new CdpError(p.method, msg.error.message));
      else p.resolve(msg.result);
    } else if (msg.method) {
      this.handlers.get(msg.method)?.(msg.params);
    }
  }

  /** Sends nothing more to this thread (call before terminating it). */
  close(): void {
    this.closed = true;
  }

  /** @internal */
  detach(): void {
    this.detached = true;
    for (const p of this.pending.values()) p.reject(new CdpError(p.method, 'worker detached'));
    this.pending.clear();
  }
}

export class WorkerInspector {
  private readonly session = new Session();
  private readonly targets = new Map<string, WorkerTarget>();
  private attachWaiters: (() => void)[] = [];
  private ready: Promise<void>;

  constructor() {
    this.session.connect();
    this.session.on('NodeWorker.attachedToWorker', (m: any) =>
      this.deliver(() => {
        const { sessionId, workerInfo } = m.params as { sessionId: string; workerInfo?: { title?: string } };
        this.targets.set(sessionId, new WorkerTarget(this, sessionId, workerInfo?.title));
        this.wakeAttach();
      }),
    );
    this.session.on('NodeWorker.detachedFromWorker', (m: any) =>
      this.deliver(() => {
        const t = this.targets.get(m.params.sessionId);
        this.targets.delete(m.params.sessionId);
        t?.detach();
      }),
    );
    this.session.on('NodeWorker.receivedMessageFromWorker', (m: any) =>
      this.deliver(() => this.targets.get(m.params.sessionId)?.receive(m.params.message)),
    );
    this.ready = new Promise((resolve, reject) =>
      this.session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (e) => (e ? reject(e) : resolve())),
    );
  }

  private readonly inbox: (() => void)[] = [];
  private flushQueued = false;

  /**
   * Node hands a worker's inspector messages to this thread from a V8 interrupt: in the middle of
   * whatever JavaScript runs, at any function call (a halt pushed between `next()` reading the
   * queue and setting its waiter was lost, about 1 run in 300). So handlers never run there:
   * messages wait, in order, for the running code to reach a microtask checkpoint.
   */
  private deliver(handle: () => void): void {
    this.inbox.push(handle);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    // Cleared first: a message arriving from here on queues another flush (at worst an empty one).
    this.flushQueued = false;
    for (let handle = this.inbox.shift(); handle; handle = this.inbox.shift()) {
      try {
        handle();
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  /** Must be awaited before starting a worker that should be attached. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private wakeAttach(): void {
    const w = this.attachWaiters;
    this.attachWaiters = [];
    for (const f of w) f();
  }

  /**
   * The target of the CPU thread `threadId` (which has booted: it set globalThis.__nrfSimThread).
   * Known from the worker's title; a Node that titles workers otherwise is asked, target by target
   * (NodeWorker numbers workers in the order they start, not by threadId).
   */
  async attached(threadId: number, timeoutMs = 10000): Promise<WorkerTarget> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const t of this.targets.values()) {
        if (t.detached || t.closed) continue;
        if (t.threadId === undefined) t.threadId = await t.identify();
        if (t.threadId === threadId) return t;
      }
      if (Date.now() > deadline) throw new Error(`CPU thread ${threadId} did not attach to the inspector`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.attachWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * Lets every debugged thread go: `Debugger.disable` resumes a paused thread and keeps it from
   * pausing again. A thread paused in the inspector never ends: neither `worker.terminate()` nor
   * `process.exit()` return while one is (process.exit hangs joining it), so shutdown calls this
   * first. Only debugged threads that are not being terminated are sent to (see `closed`). Waits
   * for the answers, at most `timeoutMs`.
   */
  async releaseAll(timeoutMs = 1000): Promise<void> {
    const all = [...this.targets.values()].filter((t) => t.debugged && !t.detached && !t.closed).map((t) => t.post('Debugger.disable').catch(() => {}));
    await Promise.race([Promise.all(all), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  /** @internal */
  send(sessionId: string, message: string): void {
    this.session.post('NodeWorker.sendMessageToWorker', { sessionId, message }, () => {});
  }
}
