/**
 * A .wasm with DWARF (clang -g, rustc -g): the DWARF engine maps every instruction to its source
 * file, line and column (inlined code: the innermost function's), so breakpoints, line steps and
 * the Disassembly view work on the C/C++/Rust sources like on WAT.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sections, type Section } from '../../simulator/wasm/bytes';
import type { DwarfEngine } from '../dwarf/engine';
import type { ProgramImage } from './image';

/** Where the code section's contents start (DWARF addresses count from there) and whether DWARF is present. */
export function dwarfInfo(wasm: Uint8Array): { codeStart: number; hasDwarf: boolean } {
  let secs: Section[];
  try {
    secs = sections(wasm);
  } catch {
    return { codeStart: -1, hasDwarf: false }; // not a module: the module reader says why
  }
  return { codeStart: secs.find((s) => s.id === 10)?.start ?? -1, hasDwarf: secs.some((s) => s.name === '.debug_info' || s.name === '.debug_line') };
}

let moduleSeq = 0;

/**
 * The module without its debug sections (custom sections named `.debug_*`, after the code section
 * so no code offset moves): what goes to the device. A board's flash need not hold DWARF; Rust's
 * core alone brings megabytes of it.
 */
export function stripDebugSections(wasm: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let codeSeen = false;
  for (const s of sections(wasm)) {
    if (s.id === 10) codeSeen = true;
    if (!(s.id === 0 && codeSeen && s.name?.startsWith('.debug_'))) parts.push(wasm.subarray(s.at, s.end));
  }
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * Which inlined call each instruction belongs to (Instr.inlineBlock), so a line breakpoint in an
 * inlined function stops at every call site. Asked only where a run of one line starts (the rest
 * of the run is in the same block), all at once.
 */
async function markInlineBlocks(base: ProgramImage, engine: DwarfEngine, rawModuleId: string, codeStart: number): Promise<void> {
  const starts = base.instrs.filter((i, k) => {
    const p = base.instrs[k - 1];
    return i.line >= 0 && (!p || p.line !== i.line || p.file !== i.file || p.funcIndex !== i.funcIndex);
  });
  const ranges = await Promise.all(starts.map((i) =>
    engine.call('getInlinedFunctionRanges', { rawModuleId, codeOffset: i.offset - codeStart, inlineFrameIndex: 0 }).catch(() => [])));
  const blockOf = new Map(starts.map((i, k) => [i, ranges[k].length ? Math.min(...ranges[k].map((r) => r.startOffset)) + codeStart : undefined]));
  let block: number | undefined;
  for (const i of base.instrs) {
    if (blockOf.has(i)) block = blockOf.get(i);
    if (i.line >= 0 && block !== undefined) i.inlineBlock = block;
  }
}

/** A source URL of the DWARF line table as a local path (non-file URLs kept as they are). */
export function urlToPath(url: string): string {
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : url;
  } catch {
    return url;
  }
}

/**
 * Adds line information to an image built without source (`base`: every instruction, no lines).
 * Returns the source files the engine listed (absolute paths or URLs).
 */
export async function addDwarfLines(base: ProgramImage, engine: DwarfEngine, codeStart: number, withDebug: Uint8Array): Promise<{ sources: string[]; missing: string[] }> {
  const wasm = withDebug;
  const code = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
  // The engine is shared by the sessions of the process: each program gets its own id.
  const rawModuleId = `program-${++moduleSeq}`;
  const listed = await engine.call('addRawModule', rawModuleId, undefined, { url: pathToFileURL(base.path).href, code });
  if (!Array.isArray(listed)) throw new Error(`the DWARF info refers to missing files: ${listed.missingSymbolFiles.join(', ')}`);
  const sources: string[] = [];
  const fileIndex = new Map<string, number>();
  const indexOf = (url: string): number => {
    let i = fileIndex.get(url);
    if (i === undefined) {
      i = sources.length;
      fileIndex.set(url, i);
      sources.push(urlToPath(url));
    }
    return i;
  };
  // All at once: the worker answers in order, without a round trip between them.
  const locs = await Promise.all(base.instrs.map((i) =>
    engine.call('rawLocationToSourceLocation', { rawModuleId, codeOffset: i.offset - codeStart, inlineFrameIndex: 0 }).catch(() => [])));
  base.instrs.forEach((instr, k) => {
    const l = locs[k][0];
    if (!l || l.lineNumber < 0) return;
    instr.file = indexOf(l.sourceFileURL);
    instr.line = l.lineNumber;
    instr.column = Math.max(0, l.columnNumber);
  });
  await markInlineBlocks(base, engine, rawModuleId, codeStart);
  base.sources = sources;
  base.sourcePath = sources[0];
  base.dwarf = { codeStart, rawModuleId };
  const missing = sources.filter((s) => path.isAbsolute(s) && !existsSync(s));
  return { sources, missing };
}
