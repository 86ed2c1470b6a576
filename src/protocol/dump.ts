/**
 * Canonical one-line text of a decoded message. The C tests print the same text from their
 * decoder, so the shared vectors compare field meaning, not just bytes.
 */
import { MESSAGES, type FieldKind } from './schema';
import type { FrameRef, Message, Range, Value } from './types';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function dumpValue(v: Value): string {
  const dv = new DataView(new ArrayBuffer(8));
  switch (v.type) {
    case 'i32':
      return `i32:${v.value}`;
    case 'i64':
      return `i64:${v.value}`;
    case 'f32':
      if (Number.isNaN(v.value) && v.bits !== undefined) dv.setUint32(0, v.bits, true);
      else dv.setFloat32(0, v.value, true);
      return `f32:0x${dv.getUint32(0, true).toString(16).padStart(8, '0')}`;
    case 'f64':
      if (Number.isNaN(v.value) && v.bits !== undefined) dv.setBigUint64(0, v.bits, true);
      else dv.setFloat64(0, v.value, true);
      return `f64:0x${dv.getBigUint64(0, true).toString(16).padStart(16, '0')}`;
    default:
      return `${v.type}:${v.value === null ? 'null' : v.value}`;
  }
}

function dumpField(kind: FieldKind, v: unknown): string {
  switch (kind) {
    case 'sha256':
    case 'rest':
      return hex(v as Uint8Array);
    case 'str':
      return `"${(v as string).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    case 'value':
      return dumpValue(v as Value);
    case 'values':
      return `[${(v as Value[]).map(dumpValue).join(',')}]`;
    case 'u32s':
      return `[${(v as number[]).join(',')}]`;
    case 'frames':
      return `[${(v as FrameRef[]).map((f) => `${f.func}:${f.pc}`).join(',')}]`;
    case 'ranges':
      return `[${(v as Range[]).map((r) => `${r.start}-${r.end}`).join(',')}]`;
    default:
      return String(v);
  }
}

export function dumpMessage(m: Message): string {
  const parts = [m.name, `id=${m.id}`];
  const rec = m as unknown as Record<string, unknown>;
  for (const [field, kind] of Object.entries(MESSAGES[m.name].fields) as [string, FieldKind][]) {
    parts.push(`${field}=${dumpField(kind, rec[field])}`);
  }
  return parts.join(' ');
}
