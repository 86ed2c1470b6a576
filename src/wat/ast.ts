// Syntax tree of a WAT module / WAST script.
// Every node stores source *offsets* (UTF-16 code units into the parsed text); turn them into 0-based
// line/column with the `LineIndex` returned by the parser (`result.lines.positionAt(offset)`). Storing
// offsets only keeps parsing of large files cheap; conversion is a binary search.
// Function bodies are a flat instruction list: folded expressions are unfolded at parse time into
// the order in which they execute, each instruction keeping the span of its own keyword.

import type { ValType } from './opcodes';
import type { Body, Code } from './code';

export { Body, Code, Instr } from './code';
export type { BlockInfo, Payload } from './code';

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

export interface Func extends Span {
  kind: 'func';
  id: Ident | undefined;
  /** Span of the `func` keyword. */
  keyword: Span;
  import: ImportName | undefined;
  exports: InlineExport[];
  type: TypeUse;
  locals: Local[];
  body: Body;
  /**
   * @internal Set by the parser when it resolved the body's `$local` references itself (inline
   * signature, no duplicate names), so the resolver skips them and the duplicate check.
   */
  localRefsResolved: boolean;
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
  init: Body;
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
  offset: Body | undefined;
  refType: ValType;
  /** One constant expression per element (a `func $f` list becomes `ref.func $f` items). */
  items: Body[];
}

export interface Data extends Span {
  kind: 'data';
  /** Made up by a `(memory (data ...))` abbreviation: its memory ref is not in the source. */
  inline: boolean;
  id: Ident | undefined;
  keyword: Span;
  mode: 'active' | 'passive';
  memory: Ref | undefined;
  offset: Body | undefined;
  bytes: Uint8Array;
}

export type Field = TypeDef | Func | Table | Memory | Global | Export | Start | Elem | Data;

/** An imported entity, in import-section order. */
export type Imported = Func | Table | Memory | Global;

export interface Module extends Span {
  kind: 'module';
  /** All instructions of the module; bodies and constant expressions are ranges of it. */
  code: Code;
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
