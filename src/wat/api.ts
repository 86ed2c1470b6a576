// The core entry points (re-exported by index.ts).

import { Module, Script } from './ast';
import { Diagnostic, RawDiagnostic, toDiagnostics } from './diagnostics';
import { encodeModule } from './encoder';
import { LineIndex } from './lines';
import { parseModuleText, parseScriptText } from './parser';
import { resolveModule } from './resolve';
import { SourceMapIndex } from './sourcemap';
import { validateModule } from './validate';


export interface ParsedWat {
  uri: string | undefined;
  text: string;
  module: Module;
  lines: LineIndex;
  /** Syntax errors only (see validate() for the rest). */
  diagnostics: Diagnostic[];
  /** @internal offset-based syntax diagnostics */
  raw: RawDiagnostic[];
  /** @internal set once names were resolved */
  resolved?: RawDiagnostic[];
}

export interface ParsedWast {
  uri: string | undefined;
  text: string;
  script: Script;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

/** Parses a .wat module (either `(module ...)` or bare fields). Never throws on bad input. */
export function parseWat(text: string, uri?: string): ParsedWat {
  const { module, diagnostics } = parseModuleText(text);
  const lines = new LineIndex(text);
  return { uri, text, module, lines, diagnostics: toDiagnostics(lines, diagnostics), raw: diagnostics };
}

/** Parses a .wast script. Modules inside assert_malformed/assert_invalid keep their own diagnostics. */
export function parseWast(text: string, uri?: string): ParsedWast {
  const { script, diagnostics } = parseScriptText(text);
  const lines = new LineIndex(text);
  return { uri, text, script, lines, diagnostics: toDiagnostics(lines, diagnostics) };
}

function ensureResolved(p: ParsedWat): RawDiagnostic[] {
  if (!p.resolved) {
    p.resolved = [];
    resolveModule(p.module, p.resolved);
  }
  return p.resolved;
}

/** All diagnostics of a module: syntax, name resolution and validation (type checking). */
export function validate(parsed: ParsedWat): Diagnostic[] {
  const resolveDiags = ensureResolved(parsed);
  const raws = [...parsed.raw, ...resolveDiags];
  if (parsed.raw.length === 0 && resolveDiags.length === 0) raws.push(...validateModule(parsed.module));
  return toDiagnostics(parsed.lines, raws);
}

export interface AssembleOptions {
  /** Run the validator (default true). Validation errors do not prevent encoding. */
  validate?: boolean;
}

export interface AssembleResult {
  /** The binary, or undefined if syntax or name errors prevent encoding. */
  wasm: Uint8Array | undefined;
  sourceMap: SourceMapIndex | undefined;
  diagnostics: Diagnostic[];
  /** True when there are no error diagnostics. */
  ok: boolean;
  parsed: ParsedWat;
}

/** Assembles WAT text (or an already parsed module) to wasm plus a source map. */
export function assemble(input: string | ParsedWat, options: AssembleOptions = {}): AssembleResult {
  const parsed = typeof input === 'string' ? parseWat(input) : input;
  const resolveDiags = ensureResolved(parsed);
  const raws: RawDiagnostic[] = [...parsed.raw, ...resolveDiags];
  let wasm: Uint8Array | undefined;
  let sourceMap: SourceMapIndex | undefined;
  if (raws.length === 0) {
    if (options.validate !== false) raws.push(...validateModule(parsed.module));
    const r = encodeModule(parsed.module);
    wasm = r.wasm;
    sourceMap = new SourceMapIndex(parsed, r);
  }
  const diagnostics = toDiagnostics(parsed.lines, raws);
  return { wasm, sourceMap, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error'), parsed };
}
