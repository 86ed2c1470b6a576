/**
 * CPU worker threads, started one ahead: a run takes the spare worker (already loaded, attached to
 * the inspector) and a new spare starts in the background, so `run` does not wait for a thread
 * to boot.
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { WorkerScript } from './worker-file';

export interface CpuThread {
  worker: Worker;
  /** The main thread's end of the CPU's message channel. */
  port: MessagePort;
  /** Resolves when the thread has loaded its code and waits for a run (false: it died first). */
  booted: Promise<boolean>;
}

export class CpuPool {
  private spare: CpuThread | null = null;
  private closed = false;

  constructor(private readonly script: WorkerScript, private readonly keepSpare = true) {}

  private spawn(): CpuThread {
    const ch = new MessageChannel();
    const worker = new Worker(this.script.script, {
      eval: this.script.eval, workerData: { role: 'nrf-wasm-cpu', port: ch.port2 }, transferList: [ch.port2], stdout: false, stderr: false,
      // Its inspector title becomes `[worker ${threadId}] nrf-wasm-cpu` (WorkerInspector.attached).
      name: 'nrf-wasm-cpu',
    });
    // A spare that fails to boot is replaced at the next take(); its errors go to the run that uses it.
    worker.on('error', () => {});
    const booted = new Promise<boolean>((resolve) => {
      ch.port1.once('message', () => resolve(true));
      worker.once('exit', () => resolve(false));
    });
    return { worker, port: ch.port1, booted };
  }

  /** Starts the spare (call once the inspector listens for workers). */
  warm(): void {
    if (this.keepSpare && !this.spare && !this.closed) this.spare = this.spawn();
  }

  take(): CpuThread {
    const t = this.spare ?? this.spawn();
    this.spare = null;
    setImmediate(() => this.warm());
    return t;
  }

  async close(): Promise<void> {
    this.closed = true;
    const s = this.spare;
    this.spare = null;
    if (s) await s.worker.terminate();
  }
}
