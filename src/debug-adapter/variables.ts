/** DAP variables for the Locals, Operand stack and Globals scopes (pure: values in, rows out). */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Value } from '../protocol';
import type { FuncInfo, GlobalInfo } from './program/image';
import { formatValue } from './values';

export interface FormatOptions {
  hex?: boolean;
  funcName?: (i: number) => string;
}

/** An i32 may be a pointer: offer "View Binary Data" at that address. */
function memoryReferenceOf(v: Value): string | undefined {
  return v.type === 'i32' ? `0x${(v.value >>> 0).toString(16)}` : undefined;
}

/** `$name`, or `local[N]` for an unnamed local (both evaluate in the Debug Console). */
export function localName(fn: FuncInfo | undefined, i: number): string {
  return fn?.locals[i]?.name ?? `local[${i}]`;
}

export function globalName(g: GlobalInfo | undefined, i: number): string {
  return g?.name ?? (g?.exportName ? `$${g.exportName}` : `global[${i}]`);
}

export function localVariables(values: Value[], fn: FuncInfo | undefined, o: FormatOptions): DebugProtocol.Variable[] {
  return values.map((v, i) => {
    const name = localName(fn, i);
    const param = fn !== undefined && i < fn.paramCount;
    return {
      name, value: formatValue(v, o), type: v.type, variablesReference: 0, evaluateName: name,
      memoryReference: memoryReferenceOf(v),
      presentationHint: param ? { kind: 'property', attributes: [] } : undefined,
    } satisfies DebugProtocol.Variable;
  });
}

/** Bottom of the stack first, as the wasm spec draws it; the top is the last row. */
export function operandVariables(values: Value[], o: FormatOptions): DebugProtocol.Variable[] {
  return values.map((v, i) => ({
    name: i === values.length - 1 ? `[${i}] (top)` : `[${i}]`, value: formatValue(v, o), type: v.type, variablesReference: 0,
    memoryReference: memoryReferenceOf(v),
  }));
}

export function globalVariables(values: Value[], globals: GlobalInfo[], o: FormatOptions): DebugProtocol.Variable[] {
  return values.map((v, i) => {
    const g = globals[i];
    const name = globalName(g, i);
    return {
      name, value: formatValue(v, o), type: g?.mutable ? `mut ${v.type}` : v.type, variablesReference: 0, evaluateName: name,
      memoryReference: memoryReferenceOf(v),
      presentationHint: g && !g.mutable ? { attributes: ['readOnly'] } : undefined,
    } satisfies DebugProtocol.Variable;
  });
}

export function memoryVariable(memorySize: number): DebugProtocol.Variable {
  const kib = memorySize / 1024;
  const pages = memorySize / 65536;
  return {
    name: 'linear memory', value: `${kib} KiB (${pages} page${pages === 1 ? '' : 's'})`, type: 'memory', variablesReference: 0,
    memoryReference: '0x0',
  };
}
