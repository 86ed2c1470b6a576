/**
 * Runs inside the CPU worker thread: compiles the module (the main thread's debugger sees it
 * appear), waits at the gate while breakpoints are set, instantiates it with the native API and
 * calls the entry. Never uses console (relayed through the main thread): everything goes to the
 * MessagePort.
 */
import { type MessagePort, threadId, workerData } from 'node:worker_threads';
import { CTL, type CpuData, type CpuMessage, PENDING_MAX } from './control';
import { WA, type WasmMemory, type WasmModule, type WasmGlobal } from '../wasm/js-api';
import { BUTTON_COUNT, LED_COUNT, LOG_MAX } from '../native-api';

class ExitSignal {
  constructor(readonly code: number) {}
}
class HaltSignal {}

const utf8 = new TextDecoder('utf-8');

/** Finds `wasm-function[F]:0xOFF` in a trap's stack: the innermost wasm frame. */
export function trapLocation(stack: string | undefined): { func: number; pc: number } | null {
  const m = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/.exec(stack ?? '');
  return m ? { func: Number(m[1]), pc: parseInt(m[2], 16) } : null;
}

/** Worker entry: waits for its run on the port (the thread may start long before, as a spare). */
export function runCpu(): void {
  const port = (workerData as { port: MessagePort }).port;
  // How the main thread's inspector tells this thread apart (see WorkerInspector.attached).
  Object.defineProperty(globalThis, '__nrfSimThread', { value: threadId, enumerable: false });
  port.postMessage({ t: 'booted' } satisfies CpuMessage);
  port.once('message', (data: CpuData) => {
    try {
      run(data, port);
    } finally {
      // Wait to be terminated rather than end: a thread that ends by itself races the main
      // thread's inspector messages, and one reaching a thread on its way out aborts the process
      // (see WorkerTarget.closed). The main thread stops sending, then terminates us.
      port.on('message', () => {});
    }
  });
}

function run(data: CpuData, port: MessagePort): void {
  const ctl = new Int32Array(data.ctl);
  const post = (m: CpuMessage) => port.postMessage(m);

  let module: WasmModule;
  try {
    module = new WA.Module(data.bytes);
  } catch (e) {
    post({ t: 'exit', reason: 'trap', code: 0, message: String(e) });
    return;
  }
  post({ t: 'compiled' });
  Atomics.wait(ctl, CTL.gate, 0);
  if (Atomics.load(ctl, CTL.gate) !== 1) return;

  let memory: WasmMemory | undefined;
  const checkHalt = () => {
    if (Atomics.load(ctl, CTL.halt)) throw new HaltSignal();
  };
  const output = (m: CpuMessage) => {
    while (Atomics.load(ctl, CTL.pending) >= PENDING_MAX) {
      Atomics.wait(ctl, CTL.pending, Atomics.load(ctl, CTL.pending), 50);
      checkHalt();
    }
    Atomics.add(ctl, CTL.pending, 1);
    post(m);
  };
  const env = {
    log(ptr: number, len: number): void {
      checkHalt();
      const p = ptr >>> 0;
      const n = len >>> 0;
      const buf = memory?.buffer;
      if (!buf || p + n > buf.byteLength) throw new WA.RuntimeError('log: out of bounds memory access');
      if (n > LOG_MAX) throw new WA.RuntimeError(`log: text longer than ${LOG_MAX} bytes`);
      output({ t: 'log', text: utf8.decode(new Uint8Array(buf, p, n)) });
    },
    log_i32(v: number): void {
      checkHalt();
      output({ t: 'log', text: String(v | 0) });
    },
    led_set(led: number, on: number): void {
      checkHalt();
      if (led >>> 0 < LED_COUNT) output({ t: 'led', led: led >>> 0, on: on ? 1 : 0 });
    },
    button_get(b: number): number {
      checkHalt();
      return b >>> 0 < BUTTON_COUNT ? Atomics.load(ctl, CTL.buttons + (b >>> 0)) : 0;
    },
    sleep_ms(ms: number): void {
      const deadline = Date.now() + (ms >>> 0);
      for (;;) {
        checkHalt();
        const left = deadline - Date.now();
        if (left <= 0) return;
        Atomics.wait(ctl, CTL.wake, Atomics.load(ctl, CTL.wake), left);
      }
    },
    uptime_ms(): bigint {
      checkHalt();
      return BigInt(Math.max(0, Date.now() - data.bootEpochMs));
    },
    exit(code: number): void {
      checkHalt();
      throw new ExitSignal(code | 0);
    },
  };

  try {
    const instance = new WA.Instance(module, { env });
    const exp = instance.exports as Record<string, unknown>;
    if (data.memoryExport) memory = exp[data.memoryExport] as WasmMemory;
    installHelpers(exp, () => memory);
    post({ t: 'instantiated' });
    let code = 0;
    if (data.entry) {
      const fn = exp[data.entry] as (...a: unknown[]) => unknown;
      const r = fn(...data.entryParams.map((t) => (t === 'i64' ? 0n : 0)));
      if (typeof r === 'number') code = r | 0;
      else if (typeof r === 'bigint') code = Number(BigInt.asIntN(32, r));
    }
    post({ t: 'exit', reason: 'returned', code });
  } catch (e) {
    if (e instanceof ExitSignal) post({ t: 'exit', reason: 'exit', code: e.code });
    else if (e instanceof HaltSignal || Atomics.load(ctl, CTL.halt)) post({ t: 'exit', reason: 'stopped', code: 0 });
    else {
      const err = e as Error;
      const loc = trapLocation(err?.stack);
      const pc = loc ? (loc.pc >= data.from + data.delta ? loc.pc - data.delta : loc.pc) : undefined;
      post({ t: 'exit', reason: 'trap', code: 0, message: err?.message ?? String(e), func: loc?.func, pc });
    }
  }
}

/**
 * Helpers the main thread calls with Runtime.evaluate (memory access works while the module runs,
 * sleeps or is paused). Data crosses as base64 strings.
 */
function installHelpers(exp: Record<string, unknown>, mem: () => WasmMemory | undefined): void {
  const helpers = {
    /** [memory size, base64 bytes from addr (at most len, up to the end), or null when addr is past the end]. */
    readMemory(addr: number, len: number): [number, string | null] {
      const buf = mem()?.buffer;
      const size = buf?.byteLength ?? 0;
      if (!buf || addr > size) return [size, addr > size ? null : ''];
      return [size, Buffer.from(buf, addr, Math.min(len, size - addr)).toString('base64')];
    },
    write(addr: number, b64: string): boolean {
      const buf = mem()?.buffer;
      const data = Buffer.from(b64, 'base64');
      if (!buf || addr + data.length > buf.byteLength) return false;
      new Uint8Array(buf, addr, data.length).set(data);
      return true;
    },
    setGlobal(name: string, type: string, value: string): string {
      const g = exp[name] as WasmGlobal | undefined;
      if (!g) return 'no such global';
      try {
        g.value = type === 'i64' ? BigInt(value) : Number(value);
        return '';
      } catch (e) {
        return String((e as Error).message ?? e);
      }
    },
  };
  Object.defineProperty(globalThis, '__nrfSim', { value: helpers, enumerable: false });
}
