// Source map: wasm byte offset <-> .wat line/column, per instruction.
// Offsets are from the start of the .wasm file (what the device debugger reports). Each entry maps
// an instruction to its opcode keyword; in folded code every nested instruction has its own column.
// The `end` implicit in a folded block `(block ...)` maps to the block's closing paren, and a
// function's final `end` maps to the function's closing paren, so stepping shows where the
// construct finishes. An empty `else` is not encoded (wabt drops it) and has no entry.

import type { ParsedWat } from './api';
import type { EncodeResult, InstrLog } from './encoder';
import { valTypeName } from './opcodes';
import { numParams } from './resolve';
import type { Position } from './lines';

export interface SourceMapEntry {
  /** Byte offset of the instruction in the .wasm file. */
  offset: number;
  /** Offset just past the instruction. */
  endOffset: number;
  /** 0-based line and column (UTF-16) of the instruction's keyword. */
  line: number;
  column: number;
  /** Column just past the keyword (same line). */
  endColumn: number;
  funcIndex: number;
}

export interface LocalInfo {
  index: number;
  name: string | undefined;
  type: string;
  isParam: boolean;
}

export interface FunctionInfo {
  funcIndex: number;
  name: string | undefined;
  /** Offset of the body's size LEB in the code section. */
  entryOffset: number;
  /** Offset of the local declarations (body start as seen by the binary format). */
  bodyOffset: number;
  /** Offset of the first instruction. */
  codeOffset: number;
  /** Offset just past the final `end`. */
  endOffset: number;
  /** Source range of the whole `(func ...)`. */
  start: Position;
  end: Position;
  params: string[];
  results: string[];
  /** Parameters then declared locals, with names where given. */
  locals: LocalInfo[];
}

export class SourceMapIndex {
  readonly codeSectionOffset: number;
  readonly codeSectionSize: number;
  /** Byte ranges from the encoder; lines/columns and function infos are computed on first use. */
  private readonly log: InstrLog;
  private readonly parsed: ParsedWat;
  private readonly enc: EncodeResult;
  private line: Int32Array | undefined;
  private column: Int32Array | undefined;
  private endColumn: Int32Array | undefined;
  private funcs: FunctionInfo[] | undefined;
  private list: SourceMapEntry[] | undefined;
  private byLine: Map<number, SourceMapEntry[]> | undefined;

  constructor(parsed: ParsedWat, enc: EncodeResult) {
    this.parsed = parsed;
    this.enc = enc;
    this.log = enc.instrs;
    this.codeSectionOffset = enc.codeSectionOffset;
    this.codeSectionSize = enc.codeSectionSize;
  }

  /** Computes line/column of every instruction (once). */
  private columns(): void {
    if (this.line) return;
    const lines = this.parsed.lines;
    const ls = lines.lineStarts;
    const log = this.log;
    const n = log.count;
    const lineOf = new Int32Array(n);
    const column = new Int32Array(n);
    const endColumn = new Int32Array(n);
    // Instructions come mostly in source order: keep a cursor on the line table.
    let line = 0;
    const nl = ls.length;
    for (let i = 0; i < n; i++) {
      const off = log.srcStart[i];
      // Folded code is emitted operands-first, i.e. a few lines back: step instead of searching.
      while (off < ls[line]) line--;
      while (line + 1 < nl && off >= ls[line + 1]) line++;
      const col = off - ls[line];
      lineOf[i] = line;
      column[i] = col;
      endColumn[i] = col + Math.max(1, log.srcEnd[i] - off);
    }
    this.line = lineOf;
    this.column = column;
    this.endColumn = endColumn;
  }

  /** Defined functions in code-section order. */
  get functions(): FunctionInfo[] {
    if (this.funcs) return this.funcs;
    const lines = this.parsed.lines;
    const mod = this.parsed.module;
    this.funcs = this.enc.funcs.map((ef) => {
      const f = mod.funcs[ef.funcIndex];
      const ti = f.type.typeIndex;
      const ft = ti >= 0 ? mod.funcTypes[ti] : { params: f.type.params.map((p) => p.type), results: f.type.results };
      const np = numParams(f, mod.funcTypes);
      const locals: LocalInfo[] = [];
      for (let i = 0; i < np; i++) {
        locals.push({ index: i, name: f.type.params[i]?.id?.name, type: valTypeName(ft.params[i]), isParam: true });
      }
      f.locals.forEach((l, i) => locals.push({ index: np + i, name: l.id?.name, type: valTypeName(l.type), isParam: false }));
      return {
        funcIndex: ef.funcIndex, name: f.id?.name, entryOffset: ef.entryOffset, bodyOffset: ef.bodyOffset, codeOffset: ef.codeOffset,
        endOffset: ef.endOffset, start: lines.positionAt(f.start), end: lines.positionAt(f.end),
        params: ft.params.map(valTypeName), results: ft.results.map(valTypeName), locals,
      };
    });
    return this.funcs;
  }

  /** Number of mapped instructions. */
  get size(): number {
    return this.log.count;
  }

  /** All instructions, sorted by offset. */
  get entries(): SourceMapEntry[] {
    if (!this.list) {
      this.columns();
      const log = this.log;
      const list: SourceMapEntry[] = new Array(log.count);
      for (let i = 0; i < log.count; i++) {
        list[i] = {
          offset: log.offset[i], endOffset: log.endOffset[i], line: this.line![i], column: this.column![i], endColumn: this.endColumn![i],
          funcIndex: log.funcIndex[i],
        };
      }
      this.list = list;
    }
    return this.list;
  }

  private lineTable(): Map<number, SourceMapEntry[]> {
    if (!this.byLine) {
      const m = new Map<number, SourceMapEntry[]>();
      for (const e of this.entries) {
        let l = m.get(e.line);
        if (!l) m.set(e.line, (l = []));
        l.push(e);
      }
      this.byLine = m;
    }
    return this.byLine;
  }

  /** Instructions whose keyword is on `line`, by increasing offset (first = where a breakpoint goes). */
  instructionsOnLine(line: number): SourceMapEntry[] {
    return this.lineTable().get(line) ?? [];
  }

  /**
   * The instruction at a cursor position: the one whose keyword starts at or before `column`
   * (closest), else the first on the line.
   */
  instructionAt(line: number, column: number): SourceMapEntry | undefined {
    const onLine = this.instructionsOnLine(line);
    let best: SourceMapEntry | undefined;
    for (const e of onLine) {
      if (e.column <= column && (!best || e.column > best.column)) best = e;
    }
    if (best) return best;
    let first: SourceMapEntry | undefined;
    for (const e of onLine) if (!first || e.column < first.column) first = e;
    return first;
  }

  /** The instruction containing byte `offset` (binary search), or undefined outside code. */
  entryAt(offset: number): SourceMapEntry | undefined {
    const es = this.entries;
    let lo = 0;
    let hi = es.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = es[mid];
      if (offset < e.offset) hi = mid - 1;
      else if (offset >= e.endOffset) lo = mid + 1;
      else return e;
    }
    return undefined;
  }

  /** Source position of the instruction containing `offset`. */
  positionAt(offset: number): Position | undefined {
    const e = this.entryAt(offset);
    return e ? { line: e.line, character: e.column } : undefined;
  }

  /** Function whose body contains `offset`. */
  functionAt(offset: number): FunctionInfo | undefined {
    for (const f of this.functions) if (offset >= f.entryOffset && offset < f.endOffset) return f;
    return undefined;
  }

  /** Function whose source range contains `line`. */
  functionAtLine(line: number): FunctionInfo | undefined {
    for (const f of this.functions) if (line >= f.start.line && line <= f.end.line) return f;
    return undefined;
  }

  /** Function info by module function index. */
  function(funcIndex: number): FunctionInfo | undefined {
    return this.functions.find((f) => f.funcIndex === funcIndex);
  }
}

// ---- Source Map v3 ---------------------------------------------------------------------------

export interface SourceMapV3 {
  version: 3;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let s = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    s += B64[digit];
  } while (v);
  return s;
}

/**
 * Source Map v3 in the wasm convention (Emscripten, browsers' DevTools): a single generated line
 * whose "columns" are byte offsets in the .wasm file.
 */
export function toSourceMapV3(map: SourceMapIndex, sourceName: string, wasmName?: string, sourceContent?: string): SourceMapV3 {
  const segs: string[] = [];
  let pOff = 0;
  let pLine = 0;
  let pCol = 0;
  for (const e of map.entries) {
    segs.push(vlq(e.offset - pOff) + 'A' + vlq(e.line - pLine) + vlq(e.column - pCol));
    pOff = e.offset;
    pLine = e.line;
    pCol = e.column;
  }
  const out: SourceMapV3 = { version: 3, sources: [sourceName], names: [], mappings: segs.join(',') };
  if (wasmName !== undefined) out.file = wasmName;
  if (sourceContent !== undefined) out.sourcesContent = [sourceContent];
  return out;
}

/** Decodes the mappings of a wasm Source Map v3 into (offset, source, line, column) tuples. */
export function decodeSourceMapV3(sm: SourceMapV3): { offset: number; source: number; line: number; column: number }[] {
  const out: { offset: number; source: number; line: number; column: number }[] = [];
  const vals = [0, 0, 0, 0];
  for (const seg of sm.mappings.split(',')) {
    if (!seg) continue;
    const fields: number[] = [];
    let v = 0;
    let shift = 0;
    for (const ch of seg) {
      const d = B64.indexOf(ch);
      if (d < 0) throw new Error(`bad base64 digit ${ch}`);
      v |= (d & 31) << shift;
      if (d & 32) shift += 5;
      else {
        fields.push(v & 1 ? -(v >>> 1) : v >>> 1);
        v = 0;
        shift = 0;
      }
    }
    for (let i = 0; i < fields.length && i < 4; i++) vals[i] += fields[i];
    if (fields.length >= 4) out.push({ offset: vals[0], source: vals[1], line: vals[2], column: vals[3] });
  }
  return out;
}
