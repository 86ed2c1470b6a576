/**
 * The DWARF engine: @vscode/dwarf-debugging (Chrome's C/C++ DevTools symbol backend, the one
 * js-debug uses) run in its worker thread. Loaded like js-debug loads it, from a path the
 * extension passes (the "WebAssembly DWARF Debugging" extension, ms-vscode.wasm-dwarf-debugging),
 * else from our optional dependency. One worker per adapter process: loading it costs ~0.7 s.
 *
 * The worker asks the host for wasm locals, globals, operand stack and linear memory of a stop
 * (identified by the `stopId` we pass to `evaluate`); the session registers who answers.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export type WasmValue = { type: 'i32' | 'f32' | 'f64'; value: number } | { type: 'i64'; value: bigint } | { type: 'v128'; value: string };

export interface RawLocation { rawModuleId: string; codeOffset: number; inlineFrameIndex: number }
export interface RawLocationRange { rawModuleId: string; startOffset: number; endOffset: number }
export interface SourceLocation { rawModuleId: string; sourceFileURL: string; lineNumber: number; columnNumber: number }
export interface EngineVariable { scope: string; name: string; type: string; nestedName?: string[] }
export interface RemoteObject {
  type: 'object' | 'undefined' | 'string' | 'number' | 'boolean' | 'bigint' | 'array' | 'null';
  className?: string;
  value?: unknown;
  description?: string;
  objectId?: string;
  linearMemoryAddress?: number;
  linearMemorySize?: number;
  hasChildren: boolean;
}

/** The part of the worker's interface we use (WorkerInterface in the package's typings). */
export interface EngineApi {
  hello(moduleConfigurations: unknown[], logPluginApiCalls: boolean): void;
  addRawModule(rawModuleId: string, symbolsURL: string | undefined, rawModule: { url: string; code?: ArrayBuffer }): string[] | { missingSymbolFiles: string[] };
  removeRawModule(rawModuleId: string): void;
  sourceLocationToRawLocation(l: SourceLocation): RawLocationRange[];
  rawLocationToSourceLocation(l: RawLocation): SourceLocation[];
  listVariablesInScope(l: RawLocation): EngineVariable[];
  getFunctionInfo(l: RawLocation): { frames: { name: string }[] } | { missingSymbolFiles: string[] };
  getInlinedFunctionRanges(l: RawLocation): RawLocationRange[];
  getInlinedCalleesRanges(l: RawLocation): RawLocationRange[];
  getMappedLines(rawModuleId: string, sourceFileURL: string): number[] | undefined;
  evaluate(expression: string, context: RawLocation, stopId: unknown): RemoteObject | null;
  getProperties(objectId: string): { name: string; value: RemoteObject }[];
  releaseObject(objectId: string): void;
}

/** What the worker asks of a stop. */
export interface StopHost {
  local(index: number): Promise<WasmValue>;
  global(index: number): Promise<WasmValue>;
  operand(index: number): Promise<WasmValue>;
  memory(offset: number, length: number): Promise<ArrayBuffer>;
  /** Set when a value could not be had (the engine got zeros instead). */
  failed?: Error;
}

const HOST_TIMEOUT_MS = 10000;

interface WorkerRpc {
  sendMessage(method: string, ...params: unknown[]): Promise<unknown>;
}
interface EngineModule {
  spawn(host: {
    getWasmLinearMemory(offset: number, length: number, stopId: unknown): Promise<ArrayBuffer>;
    getWasmLocal(local: number, stopId: unknown): Promise<WasmValue>;
    getWasmGlobal(global: number, stopId: unknown): Promise<WasmValue>;
    getWasmOp(op: number, stopId: unknown): Promise<WasmValue>;
  }): { rpc: WorkerRpc; dispose(): Promise<void> };
}

export const ENGINE_PACKAGE = '@vscode/dwarf-debugging';
/** The VS Code extension that ships the engine (js-debug's choice too). */
export const ENGINE_EXTENSION = 'ms-vscode.wasm-dwarf-debugging';
/** Environment variable through which the extension passes the engine's directory. */
export const ENGINE_ENV = 'NRF_WASM_DWARF_ENGINE';

/** Set as the engine's folder (launch setting or env): no engine, disassembly only (as if none were installed). */
export const NO_ENGINE = 'none';

/** Where the engine's package is: an explicit directory (launch setting or env), else our optional dependency. */
export function findEngine(explicit?: string): string | undefined {
  if (explicit === NO_ENGINE || (!explicit && process.env[ENGINE_ENV] === NO_ENGINE)) return undefined;
  for (const dir of [explicit, process.env[ENGINE_ENV]]) {
    if (!dir) continue;
    // The extension's folder holds the package in node_modules; accept the package folder itself too.
    for (const c of [dir, path.join(dir, 'node_modules', ...ENGINE_PACKAGE.split('/'))]) {
      if (existsSync(path.join(c, 'package.json')) && existsSync(path.join(c, 'dist', 'index.js'))) return c;
    }
  }
  try {
    return path.dirname(require.resolve(`${ENGINE_PACKAGE}/package.json`));
  } catch {
    return undefined;
  }
}

export class DwarfEngine {
  private readonly stops = new Map<string, StopHost>();
  private constructor(private readonly worker: { rpc: WorkerRpc; dispose(): Promise<void> }) {}

  static async start(dir: string): Promise<DwarfEngine> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(dir, 'dist', 'index.js')) as EngineModule;
    let engine: DwarfEngine | undefined;
    // The worker waits (Atomics.wait) for every answer, and the package rethrows a failed one
    // as an unhandled rejection: answer always, and soon. A failure is recorded on the stop
    // (its values are then refused) and answered with zeros.
    const answer = async <T>(stopId: unknown, ask: (h: StopHost) => Promise<T>, none: T): Promise<T> => {
      const h = engine?.stops.get(String(stopId));
      if (!h) return none;
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([ask(h), new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('the device did not answer')), HOST_TIMEOUT_MS)))]);
      } catch (e) {
        h.failed ??= e as Error;
        return none;
      } finally {
        clearTimeout(timer);
      }
    };
    const zero: WasmValue = { type: 'i32', value: 0 };
    const worker = mod.spawn({
      getWasmLinearMemory: (offset, length, stopId) => answer(stopId, (h) => h.memory(offset, length), new ArrayBuffer(length)),
      getWasmLocal: (i, stopId) => answer(stopId, (h) => h.local(i), zero),
      getWasmGlobal: (i, stopId) => answer(stopId, (h) => h.global(i), zero),
      getWasmOp: (i, stopId) => answer(stopId, (h) => h.operand(i), zero),
    });
    engine = new DwarfEngine(worker);
    await engine.call('hello', [], false);
    return engine;
  }

  call<K extends keyof EngineApi>(method: K, ...params: Parameters<EngineApi[K]>): Promise<ReturnType<EngineApi[K]>> {
    return this.worker.rpc.sendMessage(method, ...params) as Promise<ReturnType<EngineApi[K]>>;
  }

  /** Makes `stopId` answerable until `release`. */
  register(stopId: string, host: StopHost): void {
    this.stops.set(stopId, host);
  }

  release(stopId: string): void {
    this.stops.delete(stopId);
  }

  dispose(): Promise<void> {
    return this.worker.dispose();
  }
}
