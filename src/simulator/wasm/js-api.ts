/**
 * The JavaScript WebAssembly API, typed locally: the project's tsconfig has no DOM lib, and a
 * global declaration here could clash with another part of the project.
 */
export interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
export interface WasmGlobal { value: unknown }
export interface WasmModule { readonly __brand?: 'WebAssembly.Module' }
export interface WasmInstance { readonly exports: Record<string, unknown> }

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  RuntimeError: new (message?: string) => Error;
  CompileError: new (message?: string) => Error;
  LinkError: new (message?: string) => Error;
  validate(bytes: Uint8Array): boolean;
}

export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
