/**
 * The operands of a trapping instruction, for the operand stack at a trap stop (protocol 3.6).
 * At V8's exception pause the instruction has already popped them, and V8 shows the stack
 * without them. They are rebuilt from the instructions that pushed them when those are
 * constants, `local.get` or `global.get` right before the trapping instruction (locals and
 * globals cannot have changed in between): the common `(i32.div_u (local.get $a) (local.get $b))`.
 * Anything else (an operand computed by arithmetic or a call) cannot be rebuilt: null.
 */
import type { Value } from '../protocol';
import { ByteReader } from './wasm/bytes';
import { bodyAt, type ModuleInfo } from './wasm/module-info';

/** Values the instruction `op` (sub-opcode `sub` after 0xfc) pops before it can trap; 0 if it cannot. */
export function trapOperandCount(op: number, sub = -1): number {
  if (op === 0x11) return 1; // call_indirect: the table index
  if (op >= 0x28 && op <= 0x35) return 1; // loads: the address
  if (op >= 0x36 && op <= 0x3e) return 2; // stores: address, value
  if ((op >= 0x6d && op <= 0x70) || (op >= 0x7f && op <= 0x82)) return 2; // div, rem
  if ((op >= 0xa8 && op <= 0xab) || (op >= 0xae && op <= 0xb1)) return 1; // trunc
  if (op === 0xfc && (sub === 8 || sub === 10 || sub === 11)) return 3; // memory.init/copy/fill
  return 0;
}

function sleb64(r: ByteReader): bigint {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    const b = r.u8();
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) return (b & 0x40) !== 0 ? BigInt.asIntN(64, result - (1n << shift)) : BigInt.asIntN(64, result);
  }
  return r.fail('LEB128 too long');
}

/** The value a producer instruction at `at` pushed, or undefined if it is no simple producer. */
function produced(bytes: Uint8Array, at: number, locals: Value[], globals: Value[]): Value | undefined {
  const r = new ByteReader(bytes, at);
  const op = r.u8();
  switch (op) {
    case 0x20: return locals[r.u32()];
    case 0x23: return globals[r.u32()];
    case 0x41: return { type: 'i32', value: r.sleb(32) | 0 };
    case 0x42: return { type: 'i64', value: sleb64(r) };
    case 0x43: {
      const v = new DataView(bytes.buffer, bytes.byteOffset + r.pos, 4);
      return { type: 'f32', value: v.getFloat32(0, true), bits: v.getUint32(0, true) };
    }
    case 0x44: {
      const v = new DataView(bytes.buffer, bytes.byteOffset + r.pos, 8);
      return { type: 'f64', value: v.getFloat64(0, true), bits: v.getBigUint64(0, true) };
    }
    default: return undefined;
  }
}

/** The trapping instruction's operands at `pc` (bottom first), or null when they cannot be rebuilt. */
export function trapOperands(info: ModuleInfo, bytes: Uint8Array, pc: number, locals: Value[], globals: Value[]): Value[] | null {
  const body = bodyAt(info, pc);
  if (!body) return null;
  const k = body.instructions.indexOf(pc);
  if (k < 0) return null;
  const r = new ByteReader(bytes, pc);
  const op = r.u8();
  const n = trapOperandCount(op, op === 0xfc ? r.u32() : -1);
  if (n === 0 || k < n) return n === 0 ? [] : null;
  const out: Value[] = [];
  for (let i = k - n; i < k; i++) {
    const v = produced(bytes, body.instructions[i], locals, globals);
    if (!v) return null;
    out.push(v);
  }
  return out;
}
