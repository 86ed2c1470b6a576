/**
 * Breakpoint conditions and logpoint expressions in the program's source language (C, C++, Rust),
 * for a program debugged through DWARF. Checked when set by the DWARF engine (at the breakpoint's
 * code, with every value zero: only the engine's compile errors count), decided by the adapter at
 * each hit with the stop's source variables. The device cannot: it evaluates wasm-level programs
 * (protocol 3.7) and the engine gives no variable's wasm location in a form we could compile.
 */
import type { DwarfEngine, RemoteObject } from './engine';

/** Wasm-level expressions keep the device's syntax: `$name`, `local[N]`, `global[N]`, `i32[addr]`. */
export function isWasmLevel(expr: string): boolean {
  return /\$[A-Za-z0-9_]|\b(local|global)\s*\[|\b[iuf](8|16|32|64)\s*\[/.test(expr);
}

/** What the breakpoint manager asks of the source language. */
export interface SourceLanguage {
  /** A C/C++/Rust expression (not a wasm-level one). */
  isSource(expr: string): boolean;
  /** At set time: why `expr` cannot be evaluated at module offset `offset`, or undefined. */
  check(expr: string, offset: number): Promise<string | undefined>;
}

/** What a hit asks of the stop (DwarfStop.evaluate at the top frame). */
export type SourceEvaluator = (expr: string) => Promise<RemoteObject>;

const CHECK_STOP = 'condition-check';

export class SourceConditions implements SourceLanguage {
  constructor(private readonly engine: DwarfEngine, private readonly dwarf: { codeStart: number; rawModuleId: string }) {
    const zero = { type: 'i32' as const, value: 0 };
    engine.register(CHECK_STOP, { local: async () => zero, global: async () => zero, operand: async () => zero, memory: async (_o, l) => new ArrayBuffer(l) });
  }

  isSource(expr: string): boolean {
    return !isWasmLevel(expr);
  }

  async check(expr: string, offset: number): Promise<string | undefined> {
    const loc = { rawModuleId: this.dwarf.rawModuleId, codeOffset: offset - this.dwarf.codeStart, inlineFrameIndex: 0 };
    try {
      await this.engine.call('evaluate', expr, loc, CHECK_STOP);
      return undefined;
    } catch (e) {
      // Compile errors name the expression's position (`<expr>:1:5: ...`); others come from the
      // zero values (a division by zero) and say nothing about the expression.
      const m = /<expr>:\d+:\d+: (.*)/.exec((e as Error).message);
      return m ? m[1].split('\n')[0] : undefined;
    }
  }
}

/** A condition's truth: numbers, booleans and characters as in C (for a pointer write `p != 0`). */
export function truthy(o: RemoteObject, expr: string): boolean {
  if (o.type === 'boolean') return o.value === true;
  if (o.type === 'number' || o.type === 'bigint') return Number(o.value) !== 0;
  if (o.type === 'string' && typeof o.value === 'string' && /^'.+'$/.test(o.value)) return o.value !== "'\\0'";
  throw new Error(`"${expr}" is ${(o.description ?? '').trim() || o.type}, not a number`);
}
