/** A stored module prepared for running: parsed, checked, and its debug copy made. */
import { ErrorCode } from '../protocol';
import { checkImports } from './native-api';
import { DeviceError } from './upload';
import { type DebugCopy, makeDebugCopy } from './wasm/debug-exports';
import { WA } from './wasm/js-api';
import { type ModuleInfo, funcTypeOf, parseModule } from './wasm/module-info';

export interface LoadedModule {
  bytes: Uint8Array;
  info: ModuleInfo;
  copy: DebugCopy;
}

/** Why the runtime refuses these bytes, or null if it accepts them (uploadCommit's check). */
export function validateModule(bytes: Uint8Array): string | null {
  try {
    new WA.Module(bytes);
  } catch (e) {
    return (e as Error).message.replace(/^WebAssembly\.Module\(\): /, '');
  }
  try {
    const info = parseModule(bytes);
    return checkImports(info);
  } catch (e) {
    return (e as Error).message;
  }
}

export function loadModule(bytes: Uint8Array): LoadedModule {
  const info = parseModule(bytes);
  return { bytes, info, copy: makeDebugCopy(bytes, info) };
}

export interface Entry {
  /** Export to call after instantiation, '' when only the start function runs. */
  exportName: string;
  /** Function where stop-on-entry stops: the start function if any (it runs first), else the export. */
  firstFunc: number;
  params: string[];
}

/** Resolves `run.entry` (empty: the start function, then `_start`, then `main`). */
export function resolveEntry(m: ModuleInfo, name: string): Entry {
  const fnExport = (n: string) => m.exports.find((e) => e.name === n && e.kind === 'func');
  let exp = name ? fnExport(name) : fnExport('_start') ?? fnExport('main');
  if (name && !exp) throw new DeviceError(ErrorCode.noSuchExport, `the module exports no function "${name}"`);
  if (!exp && m.start === null) {
    throw new DeviceError(ErrorCode.noSuchExport, 'the module has no start function and exports neither _start nor main');
  }
  if (!name && m.start !== null) exp = undefined; // the start function is the entry
  const firstFunc = m.start ?? exp!.index;
  const params = exp ? (funcTypeOf(m, exp.index)?.params ?? []) : [];
  return { exportName: exp?.name ?? '', firstFunc, params };
}
