// The instruction table: mnemonic -> binary opcode, immediate kind and (for plain operators) the
// operand/result types used by the validator. One table drives the parser, encoder, validator and
// disassembler so they cannot disagree.

/** Value types, as their binary encodings. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;
export type ValType = number;

export function valTypeName(t: ValType): string {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case FUNCREF: return 'funcref';
    case EXTERNREF: return 'externref';
    default: return 'any';
  }
}

export function isRefType(t: ValType): boolean {
  return t === FUNCREF || t === EXTERNREF;
}

export enum Imm {
  None,
  I32,
  I64,
  F32,
  F64,
  Block, // block/loop/if: label + blocktype
  Else, // else/end: optional label
  End,
  Label, // br, br_if
  BrTable,
  Func, // call, ref.func
  CallIndirect,
  Local,
  Global,
  Table, // table.get/set/size/grow/fill: optional table index
  MemArg,
  Memory, // memory.size/grow: reserved 0 byte
  Select,
  RefNull,
  MemoryInit,
  DataDrop,
  MemoryCopy,
  MemoryFill,
  TableInit,
  ElemDrop,
  TableCopy,
}

export interface OpInfo {
  id: number;
  name: string;
  /** One-byte opcode, or 0xfc00 | subopcode for the 0xFC prefix. */
  code: number;
  imm: Imm;
  /** Natural alignment (log2) for memory accesses. */
  align: number;
  /** Operand and result types for plain (non-polymorphic) operators; null = special-cased. */
  params: ValType[] | null;
  results: ValType[] | null;
}

export const OPS: OpInfo[] = [];
export const OP_BY_NAME = new Map<string, OpInfo>();

function def(name: string, code: number, imm: Imm, params: ValType[] | null = null, results: ValType[] | null = null, align = 0): void {
  const info: OpInfo = { id: OPS.length, name, code, imm, align, params, results };
  OPS.push(info);
  OP_BY_NAME.set(name, info);
}

const T: Record<string, ValType> = { i32: I32, i64: I64, f32: F32, f64: F64 };

// Control
def('unreachable', 0x00, Imm.None);
def('nop', 0x01, Imm.None, [], []);
def('block', 0x02, Imm.Block);
def('loop', 0x03, Imm.Block);
def('if', 0x04, Imm.Block);
def('else', 0x05, Imm.Else);
def('end', 0x0b, Imm.End);
def('br', 0x0c, Imm.Label);
def('br_if', 0x0d, Imm.Label);
def('br_table', 0x0e, Imm.BrTable);
def('return', 0x0f, Imm.None);
def('call', 0x10, Imm.Func);
def('call_indirect', 0x11, Imm.CallIndirect);
// Parametric
def('drop', 0x1a, Imm.None);
def('select', 0x1b, Imm.Select); // 0x1c when typed
// Variables
def('local.get', 0x20, Imm.Local);
def('local.set', 0x21, Imm.Local);
def('local.tee', 0x22, Imm.Local);
def('global.get', 0x23, Imm.Global);
def('global.set', 0x24, Imm.Global);
def('table.get', 0x25, Imm.Table);
def('table.set', 0x26, Imm.Table);
// Memory
const loads: [string, number, string, number][] = [
  ['i32.load', 0x28, 'i32', 2], ['i64.load', 0x29, 'i64', 3], ['f32.load', 0x2a, 'f32', 2], ['f64.load', 0x2b, 'f64', 3],
  ['i32.load8_s', 0x2c, 'i32', 0], ['i32.load8_u', 0x2d, 'i32', 0], ['i32.load16_s', 0x2e, 'i32', 1], ['i32.load16_u', 0x2f, 'i32', 1],
  ['i64.load8_s', 0x30, 'i64', 0], ['i64.load8_u', 0x31, 'i64', 0], ['i64.load16_s', 0x32, 'i64', 1], ['i64.load16_u', 0x33, 'i64', 1],
  ['i64.load32_s', 0x34, 'i64', 2], ['i64.load32_u', 0x35, 'i64', 2],
];
for (const [n, c, t, a] of loads) def(n, c, Imm.MemArg, [I32], [T[t]], a);
const stores: [string, number, string, number][] = [
  ['i32.store', 0x36, 'i32', 2], ['i64.store', 0x37, 'i64', 3], ['f32.store', 0x38, 'f32', 2], ['f64.store', 0x39, 'f64', 3],
  ['i32.store8', 0x3a, 'i32', 0], ['i32.store16', 0x3b, 'i32', 1], ['i64.store8', 0x3c, 'i64', 0], ['i64.store16', 0x3d, 'i64', 1],
  ['i64.store32', 0x3e, 'i64', 2],
];
for (const [n, c, t, a] of stores) def(n, c, Imm.MemArg, [I32, T[t]], [], a);
def('memory.size', 0x3f, Imm.Memory, [], [I32]);
def('memory.grow', 0x40, Imm.Memory, [I32], [I32]);
// Constants
def('i32.const', 0x41, Imm.I32, [], [I32]);
def('i64.const', 0x42, Imm.I64, [], [I64]);
def('f32.const', 0x43, Imm.F32, [], [F32]);
def('f64.const', 0x44, Imm.F64, [], [F64]);
// Numeric
const un = (t: string, r: string, names: string[], code: number): void => {
  names.forEach((n, i) => def(`${t}.${n}`, code + i, Imm.None, [T[t]], [T[r]]));
};
const bin = (t: string, r: string, names: string[], code: number): void => {
  names.forEach((n, i) => def(`${t}.${n}`, code + i, Imm.None, [T[t], T[t]], [T[r]]));
};
un('i32', 'i32', ['eqz'], 0x45);
bin('i32', 'i32', ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'], 0x46);
un('i64', 'i32', ['eqz'], 0x50);
bin('i64', 'i32', ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'], 0x51);
bin('f32', 'i32', ['eq', 'ne', 'lt', 'gt', 'le', 'ge'], 0x5b);
bin('f64', 'i32', ['eq', 'ne', 'lt', 'gt', 'le', 'ge'], 0x61);
un('i32', 'i32', ['clz', 'ctz', 'popcnt'], 0x67);
bin('i32', 'i32', ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'], 0x6a);
un('i64', 'i64', ['clz', 'ctz', 'popcnt'], 0x79);
bin('i64', 'i64', ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'], 0x7c);
un('f32', 'f32', ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'], 0x8b);
bin('f32', 'f32', ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'], 0x92);
un('f64', 'f64', ['abs', 'neg', 'ceil', 'floor', 'trunc', 'nearest', 'sqrt'], 0x99);
bin('f64', 'f64', ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'], 0xa0);
const cvt: [string, number][] = [
  ['i32.wrap_i64', 0xa7], ['i32.trunc_f32_s', 0xa8], ['i32.trunc_f32_u', 0xa9], ['i32.trunc_f64_s', 0xaa], ['i32.trunc_f64_u', 0xab],
  ['i64.extend_i32_s', 0xac], ['i64.extend_i32_u', 0xad], ['i64.trunc_f32_s', 0xae], ['i64.trunc_f32_u', 0xaf],
  ['i64.trunc_f64_s', 0xb0], ['i64.trunc_f64_u', 0xb1], ['f32.convert_i32_s', 0xb2], ['f32.convert_i32_u', 0xb3],
  ['f32.convert_i64_s', 0xb4], ['f32.convert_i64_u', 0xb5], ['f32.demote_f64', 0xb6], ['f64.convert_i32_s', 0xb7],
  ['f64.convert_i32_u', 0xb8], ['f64.convert_i64_s', 0xb9], ['f64.convert_i64_u', 0xba], ['f64.promote_f32', 0xbb],
  ['i32.reinterpret_f32', 0xbc], ['i64.reinterpret_f64', 0xbd], ['f32.reinterpret_i32', 0xbe], ['f64.reinterpret_i64', 0xbf],
  ['i32.trunc_sat_f32_s', 0xfc00], ['i32.trunc_sat_f32_u', 0xfc01], ['i32.trunc_sat_f64_s', 0xfc02], ['i32.trunc_sat_f64_u', 0xfc03],
  ['i64.trunc_sat_f32_s', 0xfc04], ['i64.trunc_sat_f32_u', 0xfc05], ['i64.trunc_sat_f64_s', 0xfc06], ['i64.trunc_sat_f64_u', 0xfc07],
];
for (const [n, c] of cvt) {
  // dst.op_src[_sx]
  const m = /^(\w+)\.\w+?_(i32|i64|f32|f64)/.exec(n)!;
  def(n, c, Imm.None, [T[m[2]]], [T[m[1]]]);
}
def('i32.extend8_s', 0xc0, Imm.None, [I32], [I32]);
def('i32.extend16_s', 0xc1, Imm.None, [I32], [I32]);
def('i64.extend8_s', 0xc2, Imm.None, [I64], [I64]);
def('i64.extend16_s', 0xc3, Imm.None, [I64], [I64]);
def('i64.extend32_s', 0xc4, Imm.None, [I64], [I64]);
// Reference types
def('ref.null', 0xd0, Imm.RefNull);
def('ref.is_null', 0xd1, Imm.None);
def('ref.func', 0xd2, Imm.Func);
// Bulk memory and tables
def('memory.init', 0xfc08, Imm.MemoryInit, [I32, I32, I32], []);
def('data.drop', 0xfc09, Imm.DataDrop, [], []);
def('memory.copy', 0xfc0a, Imm.MemoryCopy, [I32, I32, I32], []);
def('memory.fill', 0xfc0b, Imm.MemoryFill, [I32, I32, I32], []);
def('table.init', 0xfc0c, Imm.TableInit, [I32, I32, I32], []);
def('elem.drop', 0xfc0d, Imm.ElemDrop, [], []);
def('table.copy', 0xfc0e, Imm.TableCopy, [I32, I32, I32], []);
def('table.grow', 0xfc0f, Imm.Table);
def('table.size', 0xfc10, Imm.Table, [], [I32]);
def('table.fill', 0xfc11, Imm.Table);

export const OP = {
  unreachable: OP_BY_NAME.get('unreachable')!.id,
  block: OP_BY_NAME.get('block')!.id,
  loop: OP_BY_NAME.get('loop')!.id,
  if: OP_BY_NAME.get('if')!.id,
  else: OP_BY_NAME.get('else')!.id,
  end: OP_BY_NAME.get('end')!.id,
  select: OP_BY_NAME.get('select')!.id,
  refFunc: OP_BY_NAME.get('ref.func')!.id,
  refNull: OP_BY_NAME.get('ref.null')!.id,
  globalGet: OP_BY_NAME.get('global.get')!.id,
  localGet: OP_BY_NAME.get('local.get')!.id,
  localSet: OP_BY_NAME.get('local.set')!.id,
  i32Const: OP_BY_NAME.get('i32.const')!.id,
  i64Const: OP_BY_NAME.get('i64.const')!.id,
  f32Const: OP_BY_NAME.get('f32.const')!.id,
  f64Const: OP_BY_NAME.get('f64.const')!.id,
};

/** Prefixes of the SIMD proposal's mnemonics: reported as "not supported yet" rather than unknown. */
export function isSimdMnemonic(name: string): boolean {
  return /^(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\./.test(name);
}
