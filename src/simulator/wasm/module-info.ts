/**
 * What the simulator needs to know about a module without running it: imports, exports, function
 * signatures, globals, the code section's function bodies with their instruction offsets (module
 * byte offsets, the protocol's code locations) and the name section's function names.
 */
import { ByteReader, sections, WasmFormatError } from './bytes';
import { isBreakable, skipInstruction } from './instructions';

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

const VALTYPES: Record<number, ValType> = {
  0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref',
};

export interface FuncType { params: ValType[]; results: ValType[] }
export type ExternKind = 'func' | 'table' | 'memory' | 'global';
export interface Import { module: string; name: string; kind: ExternKind; typeIndex?: number }
export interface Export { name: string; kind: ExternKind; index: number }
export interface GlobalInfo { type: ValType; mutable: boolean; imported: boolean; exportName?: string }

export interface FunctionBody {
  /** Function index (imports first). */
  index: number;
  typeIndex: number;
  /** Module byte offset of the local declarations (first byte after the body size). */
  start: number;
  /** Module byte offset just past the function's final `end`. */
  end: number;
  /** Declared locals, expanded (parameters not included). */
  locals: ValType[];
  /** Module byte offsets of every instruction, in order. */
  instructions: number[];
  /** Opcode (first byte) of each instruction, parallel to `instructions`. */
  opcodes: number[];
}

export interface ModuleInfo {
  size: number;
  types: FuncType[];
  imports: Import[];
  funcImportCount: number;
  /** Type index of every function (imports first). */
  funcTypes: number[];
  exports: Export[];
  globals: GlobalInfo[];
  memoryCount: number;
  start: number | null;
  bodies: FunctionBody[];
  names: Map<number, string>;
}

const KINDS: ExternKind[] = ['func', 'table', 'memory', 'global'];

function valType(r: ByteReader): ValType {
  const at = r.pos;
  const t = VALTYPES[r.u8()];
  if (!t) r.fail('unknown value type', at);
  return t;
}

function limits(r: ByteReader): void {
  const flags = r.u8();
  r.u32();
  if (flags & 1) r.u32();
}

function constExpr(r: ByteReader): void {
  for (;;) {
    const op = skipInstruction(r);
    if (op === 0x0b) return;
  }
}

export function parseModule(bytes: Uint8Array): ModuleInfo {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new WasmFormatError('not a WebAssembly module (bad magic)', 0);
  }
  const version = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24);
  if (version !== 1) throw new WasmFormatError(`unsupported wasm version ${version}`, 4);
  const m: ModuleInfo = {
    size: bytes.length, types: [], imports: [], funcImportCount: 0, funcTypes: [], exports: [], globals: [],
    memoryCount: 0, start: null, bodies: [], names: new Map(),
  };
  for (const sec of sections(bytes)) {
    const s = new ByteReader(bytes, sec.start, sec.end);
    switch (sec.id) {
      case 0:
        customSection(s, m);
        break;
      case 1:
        for (let n = s.u32(); n > 0; n--) {
          if (s.u8() !== 0x60) s.fail('bad function type');
          const params: ValType[] = [];
          const results: ValType[] = [];
          for (let k = s.u32(); k > 0; k--) params.push(valType(s));
          for (let k = s.u32(); k > 0; k--) results.push(valType(s));
          m.types.push({ params, results });
        }
        break;
      case 2:
        for (let n = s.u32(); n > 0; n--) {
          const module = s.name();
          const name = s.name();
          const kind = KINDS[s.u8()];
          if (!kind) s.fail('bad import kind');
          const imp: Import = { module, name, kind };
          if (kind === 'func') {
            imp.typeIndex = s.u32();
            m.funcTypes.push(imp.typeIndex);
            m.funcImportCount++;
          } else if (kind === 'table') {
            s.u8();
            limits(s);
          } else if (kind === 'memory') {
            limits(s);
            m.memoryCount++;
          } else {
            m.globals.push({ type: valType(s), mutable: s.u8() === 1, imported: true });
          }
          m.imports.push(imp);
        }
        break;
      case 3:
        for (let n = s.u32(); n > 0; n--) m.funcTypes.push(s.u32());
        break;
      case 5:
        for (let n = s.u32(); n > 0; n--) {
          limits(s);
          m.memoryCount++;
        }
        break;
      case 6:
        for (let n = s.u32(); n > 0; n--) {
          m.globals.push({ type: valType(s), mutable: s.u8() === 1, imported: false });
          constExpr(s);
        }
        break;
      case 7:
        for (let n = s.u32(); n > 0; n--) {
          const name = s.name();
          const kind = KINDS[s.u8()];
          if (!kind) s.fail('bad export kind');
          const index = s.u32();
          m.exports.push({ name, kind, index });
          if (kind === 'global' && m.globals[index] && m.globals[index].exportName === undefined) m.globals[index].exportName = name;
        }
        break;
      case 8:
        m.start = s.u32();
        break;
      case 10:
        codeSection(s, m);
        break;
      default:
        break; // table, element, data, datacount: nothing the debugger needs
    }
  }
  return m;
}

function codeSection(s: ByteReader, m: ModuleInfo): void {
  const n = s.u32();
  for (let i = 0; i < n; i++) {
    const size = s.u32();
    const start = s.pos;
    const end = start + size;
    if (end > s.end) s.fail('function body runs past the code section');
    const b = new ByteReader(s.buf, start, end);
    const locals: ValType[] = [];
    for (let k = b.u32(); k > 0; k--) {
      const count = b.u32();
      const t = valType(b);
      if (locals.length + count > 50000) b.fail('too many locals');
      for (let c = 0; c < count; c++) locals.push(t);
    }
    const instructions: number[] = [];
    const opcodes: number[] = [];
    while (b.pos < end) {
      instructions.push(b.pos);
      opcodes.push(skipInstruction(b));
    }
    if (b.pos !== end) b.fail('instruction runs past the end of the function body');
    const index = m.funcImportCount + i;
    m.bodies.push({ index, typeIndex: m.funcTypes[index] ?? 0, start, end, locals, instructions, opcodes });
    s.pos = end;
  }
}

function customSection(s: ByteReader, m: ModuleInfo): void {
  try {
    if (s.name() !== 'name') return;
    while (!s.eof()) {
      const sub = s.u8();
      const size = s.u32();
      const subEnd = s.pos + size;
      if (sub === 1) {
        const t = new ByteReader(s.buf, s.pos, subEnd);
        for (let n = t.u32(); n > 0; n--) {
          const idx = t.u32();
          m.names.set(idx, t.name());
        }
      }
      s.pos = subEnd;
    }
  } catch {
    // A broken name section only costs names.
  }
}

/** The function body containing module byte offset `offset`, or undefined. */
export function bodyAt(m: ModuleInfo, offset: number): FunctionBody | undefined {
  const bodies = m.bodies;
  let lo = 0;
  let hi = bodies.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = bodies[mid];
    if (offset < b.start) hi = mid - 1;
    else if (offset >= b.end) lo = mid + 1;
    else return b;
  }
  return undefined;
}

/**
 * Snaps `offset` forward to the next instruction V8 can break on, in the same function; null if
 * the offset is not inside a function body (local declarations count as inside).
 */
export function snapToInstruction(m: ModuleInfo, offset: number): number | null {
  const b = bodyAt(m, offset);
  if (!b) return null;
  for (let i = 0; i < b.instructions.length; i++) {
    if (b.instructions[i] >= offset && isBreakable(b.opcodes[i])) return b.instructions[i];
  }
  return null;
}

/** First breakable instruction of function `index` (the stop-on-entry location). */
export function firstInstruction(m: ModuleInfo, funcIndex: number): number | null {
  const b = m.bodies[funcIndex - m.funcImportCount];
  return b ? snapToInstruction(m, b.start) : null;
}

export function funcTypeOf(m: ModuleInfo, funcIndex: number): FuncType | undefined {
  return m.types[m.funcTypes[funcIndex]];
}
