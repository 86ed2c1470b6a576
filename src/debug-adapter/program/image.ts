/**
 * What the adapter knows about the program being debugged: the .wasm bytes and, per
 * instruction, its byte range and source position (0-based line and column), plus names.
 * Built from our assembler's output (program/from-wat.ts) or from DWARF (program/from-dwarf.ts).
 */
import type { ValueType } from '../../protocol';

export interface Instr {
  offset: number;
  endOffset: number;
  line: number;
  column: number;
  funcIndex: number;
  /** Index in ProgramImage.sources of the line's file (0 when absent: the one source). */
  file?: number;
  /** Instruction text for the Disassembly view, e.g. `i32.add` or `local.get $n`. */
  text: string;
  /**
   * DWARF: where the innermost inlined call holding this instruction starts (its first range's
   * offset), absent outside inlined code. A line inlined at two call sites has two instances.
   */
  inlineBlock?: number;
}

export interface FuncInfo {
  index: number;
  /** `$name` from the name section, else an export name, else `func[N]`. */
  name: string;
  exportNames: string[];
  /** Byte range of the function's instructions. */
  start: number;
  end: number;
  paramCount: number;
  /** Params first, then declared locals. */
  locals: { name?: string; type: ValueType }[];
  line?: number;
}

export interface GlobalInfo {
  index: number;
  name?: string;
  type: ValueType;
  mutable: boolean;
  exportName?: string;
}

export interface ProgramImage {
  /** The file the user debugs (.wat, or .wasm without source). */
  path: string;
  /** The first source file, when there is source. */
  sourcePath?: string;
  /** Every source file instructions map to (DWARF: several; WAT: sourcePath alone). */
  sources?: string[];
  /** Set when lines come from DWARF: the code section's start (DWARF addresses count from it). */
  dwarf?: { codeStart: number; rawModuleId: string };
  wasm: Uint8Array;
  sha256: string;
  instrs: Instr[];
  funcs: FuncInfo[];
  globals: GlobalInfo[];
  /** Index of the first function defined in the module (number of imported functions). */
  importedFuncs: number;
}
