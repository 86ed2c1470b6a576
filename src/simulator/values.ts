/**
 * Wasm values between V8's debugger and the protocol: one expression evaluated on a paused frame
 * snapshots its locals (parameters first), operand stack (bottom first) and the module's globals.
 */
import type { Value } from '../protocol';

/**
 * Evaluated with Debugger.evaluateOnCallFrame; V8 binds `locals`, `stack` and `globals` there.
 * `parts` picks the scopes (a stop needs only the locals: cheaper).
 */
export function snapshotExpression(parts: { locals?: boolean; stack?: boolean; globals?: boolean }): string {
  const pick = (on: boolean | undefined, name: string) => (on ? `list(${name})` : '[]');
  return `(() => {
  const enc = (v) => {
    if (v === undefined || v === null) return ['?', null];
    const t = v.type, x = v.value;
    if (t === 'i32') return [t, x];
    if (t === 'i64') return [t, String(x)];
    if (t === 'f32' || t === 'f64') return [t, Object.is(x, -0) ? '-0' : String(x)];
    if (t === 'funcref') return [t, typeof x === 'function' && /^\\d+$/.test(x.name) ? Number(x.name) : null];
    return [t, null];
  };
  const list = (o) => { const r = []; if (!o) return r; for (let i = 0; i < 65535; i++) { const v = o[i]; if (v === undefined) break; r.push(enc(v)); } return r; };
  return JSON.stringify({ l: ${pick(parts.locals, 'locals')}, s: ${pick(parts.stack, 'stack')}, g: ${pick(parts.globals, 'globals')} });
})()`;
}

export const SNAPSHOT_EXPRESSION = snapshotExpression({ locals: true, stack: true, globals: true });
export const LOCALS_EXPRESSION = snapshotExpression({ locals: true });

export type RawValue = [string, number | string | null];
export interface FrameSnapshot { locals: Value[]; stack: Value[]; globals: Value[] }

export function toValue([t, x]: RawValue): Value {
  switch (t) {
    case 'i32':
      return { type: 'i32', value: Number(x) | 0 };
    case 'i64':
      return { type: 'i64', value: BigInt.asIntN(64, BigInt(String(x))) };
    case 'f32':
    case 'f64':
      return { type: t, value: Number(x) };
    case 'funcref':
      return { type: 'funcref', value: typeof x === 'number' ? x : null };
    default:
      // externref (no stable handle in V8), v128 (no protocol tag): shown as a null reference.
      return { type: 'externref', value: null };
  }
}

export function parseSnapshot(json: string): FrameSnapshot {
  const o = JSON.parse(json) as { l: RawValue[]; s: RawValue[]; g: RawValue[] };
  return { locals: o.l.map(toValue), stack: o.s.map(toValue), globals: o.g.map(toValue) };
}

/** Encoded size of a value on the wire (tag + payload). */
export function valueSize(v: Value): number {
  return v.type === 'i64' || v.type === 'f64' ? 9 : 5;
}

/** How many values from `start` fit in `budget` bytes. */
export function fitValues(values: Value[], start: number, budget: number): Value[] {
  const out: Value[] = [];
  let used = 0;
  for (let i = start; i < values.length; i++) {
    const n = valueSize(values[i]);
    if (used + n > budget) break;
    used += n;
    out.push(values[i]);
  }
  return out;
}

/** Text of a protocol value for a setGlobal call in the CPU (`value` string and type). */
export function valueText(v: Value): string {
  if (v.type === 'i64') return v.value.toString();
  if (v.type === 'funcref' || v.type === 'externref') return v.value === null ? 'null' : String(v.value);
  return Object.is(v.value, -0) ? '-0' : String(v.value);
}
