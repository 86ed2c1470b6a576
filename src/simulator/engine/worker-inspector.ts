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

  constructor(private readonly hub: WorkerInspector, readonly sessionId: string) {}

  post<T = any>(method: string, params: object = {}): Promise<T> {
    if (this.detached) return Promise.reject(new CdpError(method, 'worker detached'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.hub.send(this.sessionId, JSON.stringify({ id, method, params }));
    });
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
  private readonly waiting = new Map<string, (t: WorkerTarget) => void>();
  private readonly early = new Map<string, WorkerTarget>();
  private ready: Promise<void>;

  constructor() {
    this.session.connect();
    this.session.on('NodeWorker.attachedToWorker', (m: any) => {
      const { sessionId, workerInfo } = m.params as { sessionId: string; workerInfo: { workerId: string } };
      const t = new WorkerTarget(this, sessionId);
      this.targets.set(sessionId, t);
      const key = String(workerInfo.workerId);
      const w = this.waiting.get(key);
      if (w) {
        this.waiting.delete(key);
        w(t);
      } else this.early.set(key, t);
    });
    this.session.on('NodeWorker.detachedFromWorker', (m: any) => {
      const t = this.targets.get(m.params.sessionId);
      this.targets.delete(m.params.sessionId);
      for (const [k, v] of this.early) if (v === t) this.early.delete(k);
      t?.detach();
    });
    this.session.on('NodeWorker.receivedMessageFromWorker', (m: any) => {
      this.targets.get(m.params.sessionId)?.receive(m.params.message);
    });
    this.ready = new Promise((resolve, reject) =>
      this.session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (e) => (e ? reject(e) : resolve())),
    );
  }

  /** Must be awaited before starting a worker that should be attached. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** Resolves when the worker with this threadId is attached. */
  attached(threadId: number): Promise<WorkerTarget> {
    const key = String(threadId);
    const t = this.early.get(key);
    if (t) {
      this.early.delete(key);
      return Promise.resolve(t);
    }
    return new Promise((resolve) => this.waiting.set(key, resolve));
  }

  /** @internal */
  send(sessionId: string, message: string): void {
    this.session.post('NodeWorker.sendMessageToWorker', { sessionId, message }, () => {});
  }
}
