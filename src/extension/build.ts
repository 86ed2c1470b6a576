/**
 * Build: WAT -> .wasm + .wasm.map (Source Map v3) beside the source or in the output folder
 * (setting nrfWasm.build.outputFolder), with the assembler's diagnostics for the Problems panel.
 * No vscode import.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { assemble, toSourceMapV3, type Diagnostic } from '../wat';

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** Set when the assembler produced a binary (it does despite validation errors). */
  wasm?: Uint8Array;
  wasmPath: string;
  mapPath: string;
  /** True when the files were written. */
  written: boolean;
}

export interface OutputOptions {
  /** Folder for the outputs: absolute, or relative to `baseDir`. Empty: beside the source. */
  outputFolder?: string;
  /** What a relative outputFolder is relative to (the workspace folder); default: the source's folder. */
  baseDir?: string;
  /** False: only check (diagnostics), write nothing. */
  write?: boolean;
}

export function outputPaths(watPath: string, opts: OutputOptions = {}): { wasmPath: string; mapPath: string } {
  const name = path.basename(watPath).replace(/\.(wat|wast)$/i, '') + '.wasm';
  const folder = opts.outputFolder?.trim();
  const dir = folder ? path.resolve(opts.baseDir ?? path.dirname(watPath), folder) : path.dirname(watPath);
  const wasmPath = path.join(dir, name);
  return { wasmPath, mapPath: `${wasmPath}.map` };
}

export class BuildError extends Error {}

/** Assembles `text` (the editor's content of `watPath`); writes the outputs only when there is no error. */
export async function buildWat(watPath: string, text?: string, out: OutputOptions = {}): Promise<BuildResult> {
  if (/\.wast$/i.test(watPath)) {
    throw new BuildError(`${path.basename(watPath)} is a .wast script (spec tests), not a module: Build and Deploy work on .wat files.`);
  }
  const source = text ?? (await fs.readFile(watPath, 'utf8'));
  const { wasmPath, mapPath } = outputPaths(watPath, out);
  const r = assemble(source);
  const result: BuildResult = { ok: r.ok && !!r.wasm, diagnostics: r.diagnostics, wasm: r.wasm, wasmPath, mapPath, written: false };
  if (!result.ok || !r.wasm || !r.sourceMap || out.write === false) return result;
  // The map names its source relative to itself (the debugger finds the .wat from the .wasm).
  const sourceName = path.relative(path.dirname(mapPath), watPath).split(path.sep).join('/');
  const map = toSourceMapV3(r.sourceMap, sourceName, path.basename(wasmPath));
  await fs.mkdir(path.dirname(wasmPath), { recursive: true });
  await fs.writeFile(wasmPath, r.wasm);
  await fs.writeFile(mapPath, JSON.stringify(map));
  result.written = true;
  return result;
}

/** One line per error, for a notification or the log. */
export function summarizeDiagnostics(file: string, diags: Diagnostic[], max = 3): string {
  const errors = diags.filter((d) => d.severity === 'error');
  const shown = errors.slice(0, max).map((d) => `${path.basename(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
  const more = errors.length > max ? ` (+${errors.length - max} more)` : '';
  return `${errors.length} error${errors.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}
