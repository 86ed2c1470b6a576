/**
 * A decided breakpoint's condition as a V8 breakpoint condition, so that V8 skips the hits where
 * it is false without pausing (a pause costs milliseconds: the inspector round trip and a
 * snapshot). The condition calls a small interpreter of the condition program (the rules of
 * src/protocol/condition.ts), installed in the CPU's realm, over the wasm frame's `locals`,
 * `globals` and `memories`.
 *
 * It only filters: it says "pause" whenever the condition holds, fails, or reads something it
 * does not handle; the paused module is then decided by conditions.ts exactly as before (hit
 * count, log program, errors). So a mismatch can only cost speed, never a wrong decision.
 */
const INTERPRETER = `(P, locals, globals, memories) => {
  const I = (x) => ({ f: false, i: BigInt.asIntN(64, x) });
  const F = (d) => ({ f: true, d });
  const val = (v) => {
    if (!v) throw 0;
    if (v.type === 'i32' || v.type === 'i64') return I(BigInt(v.value));
    if (v.type === 'f32' || v.type === 'f64') return F(Number(v.value));
    throw 0;
  };
  const asF = (v) => (v.f ? v.d : Number(v.i));
  const asI = (v) => { if (!v.f) return v.i; if (!(v.d > -9223372036854775808 && v.d < 9223372036854775808)) return 0n; return BigInt(Math.trunc(v.d)); };
  const truthy = (v) => (v.f ? v.d !== 0 : v.i !== 0n);
  const SIZE = [1, 1, 2, 2, 4, 4, 8, 8, 4, 8];
  const st = [];
  let i = 0;
  const u16 = () => P[i] | (P[i + 1] << 8);
  const le64 = () => { let x = 0n; for (let k = 7; k >= 0; k--) x = (x << 8n) | BigInt(P[i + k]); return x; };
  while (i < P.length) {
    const op = P[i++];
    if (op === 0x01) { st.push(I(le64())); i += 8; }
    else if (op === 0x02) { const b = new DataView(new Uint8Array(P.slice(i, i + 8)).buffer); st.push(F(b.getFloat64(0, true))); i += 8; }
    else if (op === 0x03) { st.push(val(locals[u16()])); i += 2; }
    else if (op === 0x04) { st.push(val(globals[u16()])); i += 2; }
    else if (op === 0x05) {
      const t = P[i++]; const a = st.pop(); const m = memories[0];
      if (a.f || !m) throw 0;
      const n = SIZE[t]; const buf = m.buffer;
      if (a.i < 0n || a.i + BigInt(n) > BigInt(buf.byteLength)) throw 0;
      const dv = new DataView(buf, Number(a.i), n);
      st.push([() => I(BigInt(dv.getInt8(0))), () => I(BigInt(dv.getUint8(0))), () => I(BigInt(dv.getInt16(0, true))), () => I(BigInt(dv.getUint16(0, true))),
        () => I(BigInt(dv.getInt32(0, true))), () => I(BigInt(dv.getUint32(0, true))), () => I(dv.getBigInt64(0, true)), () => I(dv.getBigInt64(0, true)),
        () => F(dv.getFloat32(0, true)), () => F(dv.getFloat64(0, true))][t]());
    }
    else if (op === 0x20) { const a = st.pop(); st.push(a.f ? F(-a.d) : I(-a.i)); }
    else if (op === 0x21) st.push(I(truthy(st.pop()) ? 0n : 1n));
    else if (op === 0x22) st.push(I(truthy(st.pop()) ? 1n : 0n));
    else if (op === 0x30 || op === 0x31) { const skip = P[i++]; if (truthy(st[st.length - 1]) === (op === 0x31)) i += skip; else st.pop(); }
    else if (op >= 0x10 && op <= 0x1f) {
      const b = st.pop(); const a = st.pop(); const f = a.f || b.f;
      if (op >= 0x1a) {
        const x = f ? asF(a) : a.i; const y = f ? asF(b) : b.i;
        const r = op === 0x1a ? x === y : op === 0x1b ? x !== y : op === 0x1c ? x < y : op === 0x1d ? x <= y : op === 0x1e ? x > y : x >= y;
        st.push(I(r ? 1n : 0n));
      } else if (f && op <= 0x14) {
        const x = asF(a); const y = asF(b);
        st.push(F(op === 0x10 ? x + y : op === 0x11 ? x - y : op === 0x12 ? x * y : op === 0x13 ? x / y : x % y));
      } else {
        const x = asI(a); const y = asI(b);
        if ((op === 0x13 || op === 0x14) && y === 0n) throw 0;
        st.push(I(op === 0x10 ? x + y : op === 0x11 ? x - y : op === 0x12 ? x * y : op === 0x13 ? x / y : op === 0x14 ? x % y
          : op === 0x15 ? x & y : op === 0x16 ? x | y : op === 0x17 ? x ^ y : op === 0x18 ? x << (y & 63n) : x >> (y & 63n)));
      }
    }
    else throw 0;
  }
  return truthy(st[0]);
}`;

/**
 * Installs the interpreter in the CPU's realm once per run (V8 compiles a breakpoint condition at
 * every hit: the condition itself stays a short call).
 */
export const INSTALL_FILTER = `globalThis.__nrfCond = ${INTERPRETER}; 0`;

/** The V8 condition for a condition program (true: pause and let the simulator decide). */
export function v8Filter(cond: Uint8Array): string {
  return `typeof __nrfCond !== 'function' || (() => { try { return __nrfCond([${Array.from(cond).join(',')}], locals, globals, memories); } catch (e) { return true; } })()`;
}
