// File helpers: assemble a .wat file and write `name.wasm` and `name.wasm.map` (Source Map v3)
// next to it, for the debug adapter's build step and for command-line use.

import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { assemble, AssembleResult, parseWat } from './api';
import { toSourceMapV3 } from './sourcemap';

export interface AssembleFileResult {
  result: AssembleResult;
  /** Paths written (undefined when assembly failed). */
  wasmPath: string | undefined;
  mapPath: string | undefined;
}

export interface AssembleFileOptions {
  /** Where to write the outputs (default: beside the .wat file). */
  outDir?: string;
  /** Embed the source text in the map (`sourcesContent`). */
  includeSource?: boolean;
  /** Write the files even if validation reported errors (default false). */
  writeInvalid?: boolean;
}

export function assembleFile(watPath: string, options: AssembleFileOptions = {}): AssembleFileResult {
  const text = readFileSync(watPath, 'utf8');
  const result = assemble(parseWat(text, watPath));
  if (!result.wasm || !result.sourceMap || (!result.ok && !options.writeInvalid)) {
    return { result, wasmPath: undefined, mapPath: undefined };
  }
  const dir = options.outDir ?? dirname(watPath);
  const stem = basename(watPath, extname(watPath));
  const wasmPath = join(dir, `${stem}.wasm`);
  const mapPath = `${wasmPath}.map`;
  // `sources` is relative to the map's location, as the Source Map spec resolves it.
  const source = relative(dir, watPath).split('\\').join('/');
  const map = toSourceMapV3(result.sourceMap, source, basename(wasmPath), options.includeSource ? text : undefined);
  writeFileSync(wasmPath, result.wasm);
  writeFileSync(mapPath, JSON.stringify(map));
  return { result, wasmPath, mapPath };
}
