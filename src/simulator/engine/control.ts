/** Layout of the SharedArrayBuffer shared by the simulator's main thread and the CPU worker. */
export const CTL = {
  /** 0: wait, 1: go (instantiate and run), 2: abort. */
  gate: 0,
  /** Non-zero once a stop was requested: native calls unwind instead of acting. */
  halt: 1,
  /** Bumped and notified to wake a sleeping `sleep_ms` early (stop). */
  wake: 2,
  /** Output messages posted and not yet consumed by the main thread (back-pressure). */
  pending: 3,
  /** Button states, one Int32 each. */
  buttons: 4,
} as const;
export const CTL_WORDS = 8;
/** The CPU waits when this many outputs are unconsumed (a slow link slows a chatty module down, like a UART). */
export const PENDING_MAX = 256;

/** The run a CPU worker receives as its first port message. */
export interface CpuData {
  bytes: Uint8Array;
  /** Export to call after instantiation ('' = none: only the start function runs). */
  entry: string;
  /** Parameter types of the entry (called with zeros). */
  entryParams: string[];
  memoryExport: string | null;
  ctl: SharedArrayBuffer;
  bootEpochMs: number;
  /** V8 offset translation of the debug copy (see wasm/debug-exports.ts), for traps found in stack traces. */
  from: number;
  delta: number;
}

/** Messages from the CPU worker to the main thread. */
export type CpuMessage =
  | { t: 'booted' }
  | { t: 'compiled' }
  | { t: 'instantiated' }
  | { t: 'log'; text: string }
  | { t: 'led'; led: number; on: number }
  | { t: 'exit'; reason: 'returned' | 'exit' | 'trap' | 'stopped'; code: number; message?: string; func?: number; pc?: number };
