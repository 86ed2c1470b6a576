// wabt.js as the reference oracle (never used by src/wat itself).
// `parseWat` + `resolveNames` + `validate` + `toBinary({ log: false, write_debug_names: true })`
// reproduces `wat2wasm --debug-names`: wabt.js defaults canonicalize_lebs to true like the CLI,
// and the default feature set of wabt.js equals wat2wasm's (2.0 + SIMD).
// The source is passed as UTF-8 bytes: given a JS string, wabt.js keeps only the low byte of each
// UTF-16 unit, which corrupts non-ASCII string literals.

// eslint-disable-next-line @typescript-eslint/no-require-imports
import wabtInit = require('wabt');

export type Wabt = Awaited<ReturnType<typeof wabtInit>>;

let instance: Promise<Wabt> | undefined;

export function loadWabt(): Promise<Wabt> {
  instance ??= wabtInit();
  return instance;
}

const utf8 = new TextEncoder();

/** wat2wasm --debug-names output, or undefined if wabt rejects the module. */
export function wabtAssemble(wabt: Wabt, src: string): Uint8Array | undefined {
  let m: ReturnType<Wabt['parseWat']> | undefined;
  try {
    m = wabt.parseWat('input.wat', utf8.encode(src));
    m.resolveNames();
    m.validate();
    return m.toBinary({ log: false, write_debug_names: true }).buffer;
  } catch {
    return undefined;
  } finally {
    m?.destroy();
  }
}

/** wabt's error text for a module (for diagnostics in tests). */
export function wabtError(wabt: Wabt, src: string): string | undefined {
  let m: ReturnType<Wabt['parseWat']> | undefined;
  try {
    m = wabt.parseWat('input.wat', utf8.encode(src));
    m.resolveNames();
    m.validate();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    m?.destroy();
  }
}
