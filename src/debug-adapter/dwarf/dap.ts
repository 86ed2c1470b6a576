/** DWARF values as DAP variables: names, C/Rust types, values, and what expands. */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { hexAddress } from '../disassembly';
import type { RemoteObject } from './engine';

/** The expression of a child row, from its parent's expression and the engine's child name. */
export function childExpression(parent: string, parentObject: RemoteObject, name: string): { expr: string; label: string } {
  const p = /^[\w:.\->[\]\s*]*$/.test(parent) && !/^\*/.test(parent) ? parent : `(${parent})`;
  if ((parentObject.description ?? '').trim().endsWith('*') && /^0x[0-9a-f]+$/i.test(name)) return { expr: `*${p}`, label: `*${parent}` };
  if (/^\[\d+\]$/.test(name)) return { expr: `${p}${name}`, label: name };
  return { expr: `${p}.${name}`, label: name };
}

/** The text of a value: numbers and text as the engine formats them; a pointer with its address. */
export function describe(o: RemoteObject, pointee?: string): string {
  if (o.type === 'undefined') return o.description ?? 'undefined';
  if (o.type === 'string') return o.linearMemorySize && o.linearMemorySize > 1 && !/^'.*'$/.test(String(o.value)) ? JSON.stringify(String(o.value)) : String(o.value ?? o.description);
  if (o.type === 'object') {
    const d = o.description ?? o.className ?? 'object';
    return pointee && d.trim().endsWith('*') ? `(${d}) ${pointee}` : d.trim().endsWith('*') ? d : `{${d}}`;
  }
  return o.description ?? String(o.value);
}

export function variableRow(name: string, type: string | undefined, o: RemoteObject, evaluateName: string, ref: number, pointee?: string): DebugProtocol.Variable {
  return {
    name, value: describe(o, pointee), type: type ?? (o.type === 'object' ? o.description : undefined), variablesReference: ref, evaluateName,
    memoryReference: o.linearMemoryAddress !== undefined ? hexAddress(o.linearMemoryAddress) : undefined,
  };
}

/**
 * Why a variable has no value, for its row: the engine's words made short ("no location, value
 * may have been optimized out" is the compiler's doing, not an error).
 */
export function unavailableText(e: Error): string {
  const m = e.message.split('\n')[0].replace(/^(\w*Error: )+/, '');
  if (/optimi[sz]ed out/i.test(m)) return '<optimized out>';
  if (/^variable not available/i.test(m)) return '<not available at this point of the code>';
  return `<${m}>`;
}
