// Syntax tree of a WAT module / WAST script.
// Every node stores source *offsets* (UTF-16 code units into the parsed text); turn them into 0-based
// line/column with the `LineIndex` returned by the parser (`result.lines.positionAt(offset)`). Storing
// offsets only keeps parsing of large files cheap; conversion is a binary search.
// Function bodies are a flat instruction list: folded expressions are unfolded at parse time into
// the order in which they execute, each instruction keeping the span of its own keyword.

import { Imm, OPS, ValType } from './opcodes';

// Immediate kind per op, for the Instr accessors (a typed array read, no cross-module getters).
const IMM_KIND = Uint8Array.from(OPS.map((o) => o.imm));
const IMM_BLOCK = Imm.Block;
const IMM_CALL_INDIRECT = Imm.CallIndirect;
const IMM_BR_TABLE = Imm.BrTable;
const IMM_SELECT = Imm.Select;
const IMM_TABLE_INIT = Imm.TableInit;
const IMM_TABLE_COPY = Imm.TableCopy;
const IMM_I64 = Imm.I64;
const IMM_END = Imm.End;
const IMM_ELSE = Imm.Else;

export interface Span {
  start: number;
  end: number;
}

/** A `$name` definition. `name` includes the `$`. */
export interface Ident extends Span {
  name: string;
}

/** A use of an index: `$name` or a number. `index` is -1 until resolved (numbers are resolved at parse time). */
export interface Ref extends Span {
  name: string | undefined;
  index: number;
}


export interface Param extends Span {
  id: Ident | undefined;
  type: ValType;
}

/** `(type $t)? (param ...)* (result ...)*` as written, plus the resolved type index. */
export interface TypeUse extends Span {
  ref: Ref | undefined;
  params: Param[];
  results: ValType[];
  /** Spans of the `(param ...)`/`(result ...)` value type tokens, in order params then results. */
  typeIndex: number;
  /** True if params/results were written inline (as opposed to only `(type x)` or nothing). */
  inline: boolean;
}

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface TypeDef extends Span {
  kind: 'type';
  id: Ident | undefined;
  params: Param[];
  results: ValType[];
}

export interface ImportName extends Span {
  module: Uint8Array;
  name: Uint8Array;
  moduleText: string;
  nameText: string;
}

export interface InlineExport extends Span {
  name: Uint8Array;
  text: string;
}

export interface Local extends Span {
  id: Ident | undefined;
  type: ValType;
}

/**
 * One instruction. Kept small (a 20k-line file has ~40k of them): kind-specific immediates share
 * the `x` slot and are read through the accessors below.
 */
export class Instr {
  /** Op id: index into OPS. */
  op: number;
  /** Span of the instruction's keyword (for an implicit `end`/`else` of a folded form: its paren). */
  start: number;
  end: number;
  /** Numeric immediate: i32 value, f32 bits, f64 low word, memarg offset, ref.null heap type. */
  a = 0;
  /** Second numeric immediate: f64 high word, memarg alignment (log2, -1 = natural); 1 marks an implicit end/else. */
  b = 0;
  /** Index immediate (function, local, global, label, table, segment...). */
  ref: Ref | null = null;
  /** Kind-specific payload: TypeUse (block types, call_indirect), Ref[] (br_table), ValType[] (select), Ref (2nd index), bigint (i64). */
  x: TypeUse | Ref[] | ValType[] | Ref | bigint | null = null;
  /** Label defined by block/loop/if, or the label repeated after else/end. */
  label: Ident | null = null;

  constructor(op: number, start: number, end: number) {
    this.op = op;
    this.start = start;
    this.end = end;
  }

  /** Block type (block/loop/if) or type use (call_indirect); null when absent. */
  get bt(): TypeUse | null {
    const k = IMM_KIND[this.op];
    return k === IMM_BLOCK || k === IMM_CALL_INDIRECT ? (this.x as TypeUse | null) : null;
  }
  set bt(v: TypeUse | null) {
    this.x = v;
  }

  /** br_table targets (last = default). */
  get refs(): Ref[] | null {
    return IMM_KIND[this.op] === IMM_BR_TABLE ? (this.x as Ref[]) : null;
  }
  set refs(v: Ref[] | null) {
    this.x = v;
  }

  /** Result types of a typed select. */
  get types(): ValType[] | null {
    return IMM_KIND[this.op] === IMM_SELECT ? (this.x as ValType[] | null) : null;
  }
  set types(v: ValType[] | null) {
    this.x = v;
  }

  /** Second index (table.init: elem segment; table.copy: source table). */
  get ref2(): Ref | null {
    const k = IMM_KIND[this.op];
    return k === IMM_TABLE_INIT || k === IMM_TABLE_COPY ? (this.x as Ref | null) : null;
  }
  set ref2(v: Ref | null) {
    this.x = v;
  }

  /** i64.const value. */
  get i64(): bigint {
    return IMM_KIND[this.op] === IMM_I64 ? (this.x as bigint) : 0n;
  }
  set i64(v: bigint) {
    this.x = v;
  }

  /** True for the `end`/`else` synthesized from a folded form. */
  get implicit(): boolean {
    return this.b === 1 && (IMM_KIND[this.op] === IMM_END || IMM_KIND[this.op] === IMM_ELSE);
  }
  set implicit(v: boolean) {
    this.b = v ? 1 : 0;
  }
}

export interface Func extends Span {
  kind: 'func';
  id: Ident | undefined;
  /** Span of the `func` keyword. */
  keyword: Span;
  import: ImportName | undefined;
  exports: InlineExport[];
  type: TypeUse;
  locals: Local[];
  body: Instr[];
}

export interface Limits {
  min: number;
  max: number | undefined;
}

export interface Table extends Span {
  kind: 'table';
  id: Ident | undefined;
  keyword: Span;
  import: ImportName | undefined;
  exports: InlineExport[];
  limits: Limits;
  refType: ValType;
}

export interface Memory extends Span {
  kind: 'memory';
  id: Ident | undefined;
  keyword: Span;
  import: ImportName | undefined;
  exports: InlineExport[];
  limits: Limits;
}

export interface Global extends Span {
  kind: 'global';
  id: Ident | undefined;
  keyword: Span;
  import: ImportName | undefined;
  exports: InlineExport[];
  type: ValType;
  mutable: boolean;
  init: Instr[];
}

export enum ExternKind {
  Func = 0,
  Table = 1,
  Memory = 2,
  Global = 3,
}

export interface Export extends Span {
  kind: 'export';
  name: Uint8Array;
  text: string;
  externKind: ExternKind;
  ref: Ref;
  /** Written as `(func (export "x") ...)`. */
  inline: boolean;
}

export interface Start extends Span {
  kind: 'start';
  ref: Ref;
}

export interface Elem extends Span {
  kind: 'elem';
  /** Made up by a `(table reftype (elem ...))` abbreviation: its table ref is not in the source. */
  inline: boolean;
  id: Ident | undefined;
  keyword: Span;
  mode: 'active' | 'passive' | 'declare';
  table: Ref | undefined;
  offset: Instr[] | undefined;
  refType: ValType;
  /** One constant expression per element (a `func $f` list becomes `ref.func $f` items). */
  items: Instr[][];
}

export interface Data extends Span {
  kind: 'data';
  /** Made up by a `(memory (data ...))` abbreviation: its memory ref is not in the source. */
  inline: boolean;
  id: Ident | undefined;
  keyword: Span;
  mode: 'active' | 'passive';
  memory: Ref | undefined;
  offset: Instr[] | undefined;
  bytes: Uint8Array;
}

export type Field = TypeDef | Func | Table | Memory | Global | Export | Start | Elem | Data;

/** An imported entity, in import-section order. */
export type Imported = Func | Table | Memory | Global;

export interface Module extends Span {
  kind: 'module';
  id: Ident | undefined;
  /** All fields in source order (inline exports/elem/data are *not* duplicated here). */
  fields: Field[];
  types: TypeDef[];
  /** Index spaces, imports first (the parser enforces that imports precede definitions). */
  funcs: Func[];
  tables: Table[];
  memories: Memory[];
  globals: Global[];
  imports: Imported[];
  /** Exports in wabt order: explicit ones and inline ones at their definition's position. */
  exports: Export[];
  elems: Elem[];
  datas: Data[];
  startFunc: Start | undefined;
  /** Number of imported entities per space. */
  numImportedFuncs: number;
  numImportedTables: number;
  numImportedMemories: number;
  numImportedGlobals: number;
  /** Function types after resolution: explicit `(type)` definitions then implicit ones. */
  funcTypes: FuncType[];
  /** Set by resolution: the code uses memory.init/data.drop, so a DataCount section is written. */
  needsDataCount?: boolean;
}

// ---- scripts (.wast) -------------------------------------------------------------------------

export interface ScriptModule extends Span {
  kind: 'module';
  id: Ident | undefined;
  form: 'text' | 'binary' | 'quote';
  /** Parsed text module (form 'text'). */
  module: Module | undefined;
  /** Bytes of `(module binary ...)`. */
  bytes: Uint8Array | undefined;
  /** Source of `(module quote ...)`: the concatenated strings, to be parsed separately. */
  quote: string | undefined;
  /** Syntax errors of a text module inside assert_malformed/assert_invalid (kept apart from the script's). */
  diagnostics?: import('./diagnostics').RawDiagnostic[];
}

export interface ScriptValue extends Span {
  /** 'i32' | 'i64' | 'f32' | 'f64' | 'ref.null' | 'ref.extern' | 'ref.func' | 'either' ... */
  type: string;
  /** Literal text of the operand(s) (e.g. '0x10', 'nan:canonical', 'func'). */
  text: string;
  /** Alternatives of `(either ...)`. */
  alternatives?: ScriptValue[];
}

export interface Action extends Span {
  kind: 'invoke' | 'get';
  module: Ident | undefined;
  name: string;
  args: ScriptValue[];
}

export type Command =
  | (ScriptModule & { command: 'module' })
  | { command: 'register'; start: number; end: number; name: string; module: Ident | undefined }
  | { command: 'action'; start: number; end: number; action: Action }
  | { command: 'assert_return'; start: number; end: number; action: Action; expected: ScriptValue[] }
  | { command: 'assert_trap' | 'assert_exhaustion'; start: number; end: number; action: Action | undefined; module: ScriptModule | undefined; message: string }
  | {
      command: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable' | 'assert_uninstantiable';
      start: number;
      end: number;
      module: ScriptModule;
      message: string;
    };

export interface Script {
  kind: 'script';
  commands: Command[];
}
