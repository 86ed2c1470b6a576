// Instruction reference for hover and completion: a stack signature and one line of description,
// derived from the opcode table (opcodes.ts) so every mnemonic the assembler accepts has one.

import { OP_BY_NAME, OpInfo, valTypeName } from '../wat/opcodes';
import { arrowText } from './describe';

/** Signatures of the operators the opcode table leaves polymorphic (params === null). */
const SPECIAL_SIG: Record<string, string> = {
  unreachable: '[t1*] -> [t2*]',
  block: '[t1*] -> [t2*]',
  loop: '[t1*] -> [t2*]',
  if: '[t1* i32] -> [t2*]',
  else: '',
  end: '',
  br: '[t1* t*] -> [t2*]',
  br_if: '[t* i32] -> [t*]',
  br_table: '[t1* t* i32] -> [t2*]',
  return: '[t1* t*] -> [t2*]',
  call: '[params] -> [results]',
  call_indirect: '[params i32] -> [results]',
  drop: '[t] -> []',
  select: '[t t i32] -> [t]',
  'local.get': '[] -> [t]',
  'local.set': '[t] -> []',
  'local.tee': '[t] -> [t]',
  'global.get': '[] -> [t]',
  'global.set': '[t] -> []',
  'table.get': '[i32] -> [ref]',
  'table.set': '[i32 ref] -> []',
  'table.grow': '[ref i32] -> [i32]',
  'table.fill': '[i32 ref i32] -> []',
  'ref.null': '[] -> [ref]',
  'ref.is_null': '[ref] -> [i32]',
  'ref.func': '[] -> [funcref]',
};

const FIXED_DOC: Record<string, string> = {
  unreachable: 'Traps unconditionally.',
  nop: 'Does nothing.',
  block: 'Begins a block; a branch to its label jumps to its end.',
  loop: 'Begins a loop; a branch to its label jumps back to its start.',
  if: 'Pops an i32 and runs the `then` arm if it is non-zero, else the `else` arm.',
  else: 'Begins the `else` arm of an `if`.',
  end: 'Ends a block, loop, if or function.',
  br: 'Branches to a label (the end of a block, the start of a loop).',
  br_if: 'Pops an i32 and branches to the label if it is non-zero.',
  br_table: 'Pops an i32 index and branches to the label it selects (the last label is the default).',
  return: 'Returns from the current function.',
  call: 'Calls a function.',
  call_indirect: 'Pops a table index and calls the function found there, checked against a type.',
  drop: 'Discards the top value of the stack.',
  select: 'Pops a condition and returns the first operand if it is non-zero, else the second.',
  'local.get': 'Pushes the value of a local.',
  'local.set': 'Pops a value into a local.',
  'local.tee': 'Stores the top value in a local and leaves it on the stack.',
  'global.get': 'Pushes the value of a global.',
  'global.set': 'Pops a value into a mutable global.',
  'table.get': 'Pushes the reference at an index of a table.',
  'table.set': 'Stores a reference at an index of a table.',
  'table.size': 'Pushes the number of elements of a table.',
  'table.grow': 'Grows a table by n elements filled with a value; pushes the old size or -1.',
  'table.fill': 'Sets n elements of a table from an index to a value.',
  'table.init': 'Copies n references from a passive element segment into a table.',
  'table.copy': 'Copies n references between (possibly overlapping) table ranges.',
  'elem.drop': 'Discards a passive element segment.',
  'memory.size': 'Pushes the memory size in 64 KiB pages.',
  'memory.grow': 'Grows memory by n pages; pushes the old size in pages or -1.',
  'memory.init': 'Copies n bytes from a passive data segment into memory.',
  'memory.copy': 'Copies n bytes between (possibly overlapping) memory ranges.',
  'memory.fill': 'Sets n bytes of memory to a byte value.',
  'data.drop': 'Discards a passive data segment.',
  'ref.null': 'Pushes a null reference.',
  'ref.is_null': 'Pushes 1 if the reference is null, else 0.',
  'ref.func': 'Pushes a reference to a function.',
};

const OP_DOC: Record<string, string> = {
  eqz: 'Pushes 1 if the operand is zero, else 0.',
  eq: 'Pushes 1 if the operands are equal, else 0.',
  ne: 'Pushes 1 if the operands differ, else 0.',
  clz: 'Counts the leading zero bits.',
  ctz: 'Counts the trailing zero bits.',
  popcnt: 'Counts the one bits.',
  add: 'Adds two values',
  sub: 'Subtracts the second value from the first',
  mul: 'Multiplies two values',
  div: 'Divides the first value by the second.',
  div_s: 'Signed division, rounding toward zero (traps on division by zero or overflow).',
  div_u: 'Unsigned division (traps on division by zero).',
  rem_s: 'Signed remainder, with the sign of the dividend (traps on division by zero).',
  rem_u: 'Unsigned remainder (traps on division by zero).',
  and: 'Bitwise and.',
  or: 'Bitwise or.',
  xor: 'Bitwise exclusive or.',
  shl: 'Shifts left by the second operand (modulo the bit width).',
  shr_s: 'Arithmetic (sign-filling) right shift.',
  shr_u: 'Logical (zero-filling) right shift.',
  rotl: 'Rotates left.',
  rotr: 'Rotates right.',
  abs: 'Absolute value.',
  neg: 'Negation.',
  ceil: 'Rounds up to an integer.',
  floor: 'Rounds down to an integer.',
  trunc: 'Rounds toward zero to an integer.',
  nearest: 'Rounds to the nearest integer, ties to even.',
  sqrt: 'Square root.',
  min: 'Minimum (NaN if either operand is NaN; -0 < +0).',
  max: 'Maximum (NaN if either operand is NaN; -0 < +0).',
  copysign: 'The first operand with the sign of the second.',
};

const CMP: Record<string, string> = { lt: 'less than', gt: 'greater than', le: 'less than or equal to', ge: 'greater than or equal to' };

function describeOp(op: OpInfo): string {
  const name = op.name;
  if (FIXED_DOC[name]) return FIXED_DOC[name];
  const dot = name.indexOf('.');
  const t = name.slice(0, dot);
  const rest = name.slice(dot + 1);
  const int = t === 'i32' || t === 'i64';
  if (rest === 'const') return `Pushes a constant ${t}.`;
  let m = /^load(8|16|32)?(?:_([su]))?$/.exec(rest);
  if (m) {
    return m[1]
      ? `Loads ${m[1]} bits from memory and ${m[2] === 's' ? 'sign' : 'zero'}-extends them to ${t}.`
      : `Loads an ${t} from memory (address + offset).`;
  }
  m = /^store(8|16|32)?$/.exec(rest);
  if (m) return m[1] ? `Stores the low ${m[1]} bits of an ${t} to memory.` : `Stores an ${t} to memory (address + offset).`;
  m = /^(lt|gt|le|ge)(?:_([su]))?$/.exec(rest);
  if (m) return `Pushes 1 if the first operand is ${CMP[m[1]]} the second${m[2] ? (m[2] === 's' ? ' (signed)' : ' (unsigned)') : ''}, else 0.`;
  if (OP_DOC[rest]) {
    const d = OP_DOC[rest];
    if (rest === 'add' || rest === 'sub' || rest === 'mul') return `${d}${int ? ' (wrapping).' : '.'}`;
    return d;
  }
  m = /^(extend)(8|16|32)_s$/.exec(rest);
  if (m) return `Sign-extends the low ${m[2]} bits to ${t}.`;
  m = /^(\w+?)_(i32|i64|f32|f64)(?:_([su]))?$/.exec(rest);
  if (m) {
    const [, what, from, sx] = m;
    const signed = sx === 's' ? 'signed' : 'unsigned';
    switch (what) {
      case 'wrap': return 'Keeps the low 32 bits of an i64.';
      case 'extend': return `Extends an i32 to i64 (${sx === 's' ? 'sign' : 'zero'}-extension).`;
      case 'trunc': return `Truncates ${from} toward zero to a ${signed} ${t} (traps on NaN or overflow).`;
      case 'trunc_sat': return `Truncates ${from} toward zero to a ${signed} ${t}, saturating (NaN gives 0).`;
      case 'convert': return `Converts a ${signed} ${from} to ${t}, rounding to nearest.`;
      case 'demote': return 'Rounds an f64 to f32.';
      case 'promote': return 'Widens an f32 to f64 exactly.';
      case 'reinterpret': return `Reinterprets the bits of an ${from} as an ${t}.`;
    }
  }
  return name;
}

export interface InstructionInfo {
  name: string;
  signature: string;
  doc: string;
}

export function instructionInfo(name: string): InstructionInfo | undefined {
  const op = OP_BY_NAME.get(name);
  if (!op) return undefined;
  const signature = op.params && op.results ? arrowText(op.params, op.results) : (SPECIAL_SIG[name] ?? '');
  return { name, signature, doc: describeOp(op) };
}

/** Syntax keywords (module fields and their parts) with a short description. */
export const SYNTAX_DOC: Record<string, string> = {
  module: 'A WebAssembly module.',
  func: 'A function: `(func $name (param ...) (result ...) (local ...) body)`.',
  param: 'A function or block parameter.',
  result: 'A result type of a function or block.',
  local: 'A local variable of a function.',
  type: 'A function type definition, or a reference to one.',
  import: 'Imports a function, table, memory or global from the host.',
  export: 'Exports a function, table, memory or global under a name.',
  table: 'A table of references (for call_indirect).',
  memory: 'A linear memory; sizes are in 64 KiB pages.',
  global: 'A global variable.',
  mut: 'Makes a global mutable.',
  elem: 'An element segment: references to initialize a table with.',
  data: 'A data segment: bytes to initialize memory with.',
  start: 'The function run when the module is instantiated.',
  offset: 'The offset of an active segment.',
  item: 'One element of an element segment.',
  declare: 'A declarative element segment.',
  then: 'The arm of an `if` run when the condition is non-zero.',
  i32: '32-bit integer.',
  i64: '64-bit integer.',
  f32: '32-bit IEEE 754 float.',
  f64: '64-bit IEEE 754 float.',
  funcref: 'A reference to a function.',
  externref: 'A reference to a host object.',
};

export { valTypeName };
