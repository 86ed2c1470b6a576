/**
 * Builds the ProgramImage the adapter debugs: a .wat is assembled by our own assembler (so every
 * instruction has its exact line and column); a .wasm uses the .wat its .wasm.map names when
 * that source still assembles to the same bytes, else it is debugged without source
 * (disassembly only).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ValueType } from '../../protocol';
import { parseModule } from '../../simulator/wasm/module-info';
import { assemble, disassembleAt, parseWat, valTypeName, type Diagnostic, type DisasmNames, type SourceMapV3 } from '../../wat';
import { AdapterError } from '../errors';
import { dwarfInfo, stripDebugSections } from './from-dwarf';
import type { FuncInfo, GlobalInfo, Instr, ProgramImage } from './image';

export interface BuildResult {
  image: ProgramImage;
  /** Warnings worth showing in the Debug Console (errors throw). */
  warnings: string[];
  /** A .wasm with DWARF: its code section's start and its bytes with DWARF; lines come from the DWARF engine (from-dwarf.ts). */
  dwarf?: { codeStart: number; bytes: Uint8Array };
}

const VALUE_TYPES = new Set<string>(['i32', 'i64', 'f32', 'f64', 'funcref', 'externref']);
const asValueType = (t: string): ValueType => (VALUE_TYPES.has(t) ? (t as ValueType) : 'i32');

export function loadProgram(program: string | undefined): BuildResult {
  if (!program) throw new AdapterError('noProgram');
  const file = path.resolve(program);
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.wat' && ext !== '.wasm') throw new AdapterError('unsupportedProgram', { path: file });
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new AdapterError('programNotFound', { path: file, reason: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message });
  }
  return ext === '.wat' ? fromWat(file, bytes.toString('utf8')) : fromWasm(file, new Uint8Array(bytes));
}

/** Assembles WAT text; throws buildFailed with the first error's position (1-based). */
export function fromWat(file: string, text: string): BuildResult {
  const r = assemble(parseWat(text, file));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.ok || !r.wasm || !r.sourceMap) {
    const d: Diagnostic | undefined = errors[0] ?? r.diagnostics[0];
    throw new AdapterError('buildFailed', {
      path: file, line: (d?.range.start.line ?? 0) + 1, column: (d?.range.start.character ?? 0) + 1,
      message: (d?.message ?? 'the assembler produced no module') + (errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : ''),
    });
  }
  const wasm = r.wasm;
  const map = r.sourceMap;
  const mod = r.parsed.module;
  const exportNames = (kind: number, index: number) => mod.exports.filter((x) => x.externKind === kind && x.ref.index === index).map((x) => x.text);
  const funcs: FuncInfo[] = [];
  for (let i = 0; i < mod.numImportedFuncs; i++) {
    const f = mod.funcs[i];
    funcs.push({ index: i, name: f.id?.name ?? `${f.import?.moduleText ?? ''}.${f.import?.nameText ?? i}`, exportNames: exportNames(0, i), start: 0, end: 0, paramCount: 0, locals: [] });
  }
  for (const fi of map.functions) {
    const exps = exportNames(0, fi.funcIndex);
    funcs.push({
      index: fi.funcIndex, name: fi.name ?? exps[0] ?? `func[${fi.funcIndex}]`, exportNames: exps,
      start: fi.codeOffset, end: fi.endOffset, paramCount: fi.params.length,
      locals: fi.locals.map((l) => ({ name: l.name, type: asValueType(l.type) })), line: fi.start.line,
    });
  }
  const globals: GlobalInfo[] = mod.globals.map((g, index) => ({
    index, name: g.id?.name, type: asValueType(valTypeName(g.type)), mutable: g.mutable, exportName: exportNames(3, index)[0],
  }));
  const names = namer(funcs, globals);
  const instrs: Instr[] = map.entries.map((e) => ({
    offset: e.offset, endOffset: e.endOffset, line: e.line, column: e.column, funcIndex: e.funcIndex,
    text: safeDisasm(wasm, e.offset, names(e.funcIndex)),
  }));
  const warnings = r.diagnostics.filter((d) => d.severity !== 'error').map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
  return { image: { path: file, sourcePath: file, wasm, sha256: sha256Hex(wasm), instrs, funcs, globals, importedFuncs: mod.numImportedFuncs }, warnings };
}

/** A .wasm: with its map's .wat if that source still builds these exact bytes, else without source. */
export function fromWasm(file: string, wasm: Uint8Array): BuildResult {
  const warnings: string[] = [];
  const source = mappedSource(file);
  const dwarf = dwarfInfo(wasm);
  if (source && existsSync(source)) {
    try {
      const built = fromWat(source, readFileSync(source, 'utf8'));
      if (Buffer.compare(Buffer.from(built.image.wasm), Buffer.from(wasm)) === 0) {
        built.image.path = file;
        return built;
      }
      warnings.push(`${path.basename(source)} has changed since ${path.basename(file)} was built: debugging without source. Rebuild the .wasm, or debug the .wat.`);
    } catch (e) {
      warnings.push(`${path.basename(source)} does not build (${(e as Error).message}): debugging ${path.basename(file)} without source.`);
    }
  } else if (dwarf.hasDwarf) {
    // The device gets the module without DWARF; the DWARF engine reads the whole file.
    return { image: withoutSource(file, stripDebugSections(wasm)), warnings, dwarf: { codeStart: dwarf.codeStart, bytes: wasm } };
  } else {
    warnings.push(`No source map beside ${path.basename(file)} (${path.basename(file)}.map): debugging without source, in the Disassembly view.`);
  }
  return { image: withoutSource(file, wasm), warnings };
}

function mappedSource(wasmFile: string): string | undefined {
  const mapFile = `${wasmFile}.map`;
  if (!existsSync(mapFile)) return undefined;
  try {
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapV3;
    const s = map.sources?.[0];
    return s ? path.resolve(path.dirname(mapFile), s) : undefined;
  } catch {
    return undefined;
  }
}

function withoutSource(file: string, wasm: Uint8Array): ProgramImage {
  let info;
  try {
    info = parseModule(wasm);
  } catch (e) {
    throw new AdapterError('buildFailed', { path: file, line: 1, column: 1, message: `not a valid WebAssembly module: ${(e as Error).message}` });
  }
  // The name section stores names without the `$` the WAT source (and our Variables view) uses.
  const nameOf = (i: number) => (info.names.has(i) ? `$${info.names.get(i)}` : undefined);
  const exportsOf = (kind: string, index: number) => info.exports.filter((x) => x.kind === kind && x.index === index).map((x) => x.name);
  const funcs: FuncInfo[] = [];
  for (let i = 0; i < info.funcImportCount; i++) {
    const imp = info.imports.filter((x) => x.kind === 'func')[i];
    funcs.push({ index: i, name: nameOf(i) ?? `${imp.module}.${imp.name}`, exportNames: exportsOf('func', i), start: 0, end: 0, paramCount: 0, locals: [] });
  }
  const code: { index: number; offsets: number[]; end: number }[] = [];
  for (const b of info.bodies) {
    const type = info.types[b.typeIndex];
    const exps = exportsOf('func', b.index);
    funcs.push({
      index: b.index, name: nameOf(b.index) ?? exps[0] ?? `func[${b.index}]`, exportNames: exps,
      start: b.instructions[0] ?? b.end, end: b.end, paramCount: type.params.length,
      locals: [...type.params, ...b.locals].map((t) => ({ type: asValueType(t) })),
    });
    code.push({ index: b.index, offsets: b.instructions, end: b.end });
  }
  const globals: GlobalInfo[] = info.globals.map((g, index) => ({ index, type: asValueType(g.type), mutable: g.mutable, exportName: g.exportName }));
  const names = namer(funcs, globals);
  const instrs: Instr[] = [];
  for (const b of code) {
    b.offsets.forEach((off, k) => {
      instrs.push({ offset: off, endOffset: b.offsets[k + 1] ?? b.end, line: -1, column: -1, funcIndex: b.index, text: safeDisasm(wasm, off, names(b.index)) });
    });
  }
  return { path: file, wasm, sha256: sha256Hex(wasm), instrs, funcs, globals, importedFuncs: info.funcImportCount };
}


/**
 * The Disassembly view's names: `$name`s of functions, globals and the function's locals, as the
 * WAT source (or the name section) spells them. Export names and `func[N]` stay numeric: they
 * are not names an instruction can use.
 */
function namer(funcs: FuncInfo[], globals: GlobalInfo[]): (funcIndex: number) => DisasmNames {
  const dollar = (n: string | undefined) => (n?.startsWith('$') ? n : undefined);
  const byIndex = new Map(funcs.map((f) => [f.index, f]));
  const func = (i: number) => dollar(byIndex.get(i)?.name);
  const global = (i: number) => dollar(globals[i]?.name);
  return (funcIndex) => ({ func, global, local: (i) => dollar(byIndex.get(funcIndex)?.locals[i]?.name) });
}

function safeDisasm(wasm: Uint8Array, offset: number, names?: DisasmNames): string {
  try {
    return disassembleAt(wasm, offset, names).text;
  } catch {
    return '<unknown>';
  }
}

export function sha256Hex(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
