/**
 * Instruction boundaries of a function body: the decoder only needs each opcode's immediates to
 * find where the next instruction starts (MVP, sign-extension, saturating conversions, bulk
 * memory, reference types; SIMD `0xfd` is decoded for its immediates too).
 */
import { ByteReader } from './bytes';

export const OP_BLOCK = 0x02;
export const OP_LOOP = 0x03;
export const OP_IF = 0x04;
export const OP_ELSE = 0x05;
export const OP_END = 0x0b;
export const OP_CALL = 0x10;
export const OP_CALL_INDIRECT = 0x11;

/** Opcodes V8 cannot hold a breakpoint on (checked with Debugger.getPossibleBreakpoints). */
export function isBreakable(op: number): boolean {
  return op !== OP_BLOCK && op !== OP_LOOP && op !== OP_ELSE;
}

function blockType(r: ByteReader): void {
  const b = r.buf[r.pos];
  if (b === 0x40 || (b >= 0x6f && b <= 0x7f)) r.pos++;
  else r.sleb(33);
}

function memarg(r: ByteReader): void {
  r.u32();
  r.u32();
}

/** Skips the immediates of the instruction whose opcode byte(s) start at r.pos; returns the opcode. */
export function skipInstruction(r: ByteReader): number {
  const at = r.pos;
  const op = r.u8();
  switch (op) {
    case OP_BLOCK:
    case OP_LOOP:
    case OP_IF:
      blockType(r);
      break;
    case 0x0c: // br
    case 0x0d: // br_if
    case OP_CALL:
    case 0x12: // return_call
    case 0x20: case 0x21: case 0x22: // local.*
    case 0x23: case 0x24: // global.*
    case 0x25: case 0x26: // table.get/set
    case 0xd2: // ref.func
      r.u32();
      break;
    case 0x0e: { // br_table
      const n = r.u32();
      for (let i = 0; i <= n; i++) r.u32();
      break;
    }
    case OP_CALL_INDIRECT:
    case 0x13: // return_call_indirect
      r.u32();
      r.u32();
      break;
    case 0x1c: { // select t*
      const n = r.u32();
      for (let i = 0; i < n; i++) r.u8();
      break;
    }
    case 0x3f: case 0x40: // memory.size/grow
      r.u8();
      break;
    case 0x41:
      r.sleb(32);
      break;
    case 0x42:
      r.sleb(64);
      break;
    case 0x43:
      r.skip(4);
      break;
    case 0x44:
      r.skip(8);
      break;
    case 0xd0: // ref.null t
      r.u8();
      break;
    case 0xfc:
      prefixFC(r);
      break;
    case 0xfd:
      prefixFD(r);
      break;
    default:
      if (op >= 0x28 && op <= 0x3e) memarg(r);
      else if (!isPlain(op)) r.fail(`unknown opcode 0x${op.toString(16)}`, at);
  }
  return op;
}

function isPlain(op: number): boolean {
  return (
    op === 0x00 || op === 0x01 || op === OP_ELSE || op === OP_END || op === 0x0f || op === 0x1a || op === 0x1b ||
    (op >= 0x45 && op <= 0xc4) || op === 0xd1
  );
}

function prefixFC(r: ByteReader): void {
  const sub = r.u32();
  if (sub <= 7) return; // saturating truncations
  switch (sub) {
    case 8: // memory.init data mem
      r.u32();
      r.u8();
      return;
    case 9: // data.drop
    case 13: // elem.drop
    case 15: case 16: case 17: // table.grow/size/fill
      r.u32();
      return;
    case 10: // memory.copy
      r.u8();
      r.u8();
      return;
    case 11: // memory.fill
      r.u8();
      return;
    case 12: // table.init elem table
    case 14: // table.copy
      r.u32();
      r.u32();
      return;
    default:
      r.fail(`unknown opcode 0xfc ${sub}`);
  }
}

function prefixFD(r: ByteReader): void {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) memarg(r); // loads/stores, load32/64_zero
  else if (sub === 12) r.skip(16); // v128.const
  else if (sub === 13) r.skip(16); // i8x16.shuffle
  else if (sub >= 21 && sub <= 34) r.u8(); // extract/replace lane
  else if (sub >= 84 && sub <= 91) {
    memarg(r);
    r.u8();
  }
}
