/**
 * The native API that wasm apps import (docs/native-api.md). The firmware implements the same
 * functions with the same signatures; this table is what `uploadCommit` checks imports against.
 */
import type { ModuleInfo, ValType } from './wasm/module-info';

export const NATIVE_MODULE = 'env';
export const LED_COUNT = 4;
export const BUTTON_COUNT = 4;
/** Longest text one `log` call may pass; longer calls trap (like the firmware's buffer). */
export const LOG_MAX = 1024;

export interface NativeSig { params: ValType[]; results: ValType[]; doc: string }

export const NATIVES: Record<string, NativeSig> = {
  log: { params: ['i32', 'i32'], results: [], doc: 'log(ptr, len): print len bytes of UTF-8 at ptr' },
  log_i32: { params: ['i32'], results: [], doc: 'log_i32(value): print a signed decimal number' },
  led_set: { params: ['i32', 'i32'], results: [], doc: 'led_set(led, on): switch LED 0..3' },
  button_get: { params: ['i32'], results: ['i32'], doc: 'button_get(button) -> 1 pressed, 0 released' },
  sleep_ms: { params: ['i32'], results: [], doc: 'sleep_ms(ms): sleep ms milliseconds (unsigned)' },
  uptime_ms: { params: [], results: ['i64'], doc: 'uptime_ms() -> milliseconds since boot' },
  exit: { params: ['i32'], results: [], doc: 'exit(code): end the module with an exit code' },
};

const sig = (p: ValType[], r: ValType[]) => `(${p.join(', ')}) -> (${r.join(', ')})`;

/** Checks a module's imports against the native API; returns the reason it is refused, or null. */
export function checkImports(m: ModuleInfo): string | null {
  for (const imp of m.imports) {
    const what = `import ${imp.module}.${imp.name}`;
    if (imp.kind !== 'func') return `${what}: only functions can be imported (the module must define its own ${imp.kind})`;
    if (imp.module !== NATIVE_MODULE) return `${what}: unknown module "${imp.module}" (natives are in "${NATIVE_MODULE}")`;
    const n = NATIVES[imp.name];
    if (!n) return `${what}: unknown native function (available: ${Object.keys(NATIVES).join(', ')})`;
    const t = m.types[imp.typeIndex ?? -1];
    if (!t || sig(t.params, t.results) !== sig(n.params, n.results)) {
      return `${what}: signature ${t ? sig(t.params, t.results) : '?'} does not match ${sig(n.params, n.results)}`;
    }
  }
  return null;
}
