/** Custom DAP requests the extension sends to the adapter (no imports: the extension bundles this file). */

/** Reboot the device; the session re-applies its breakpoints and runs the module again. */
export const RESET_REQUEST = 'nrfWasm.resetDevice';

/**
 * Launch/attach argument the nRF WASM extension adds: it shows launch failures itself, with the
 * actions that fix them (LAUNCH_FAILED_EVENT), so the adapter answers the failed request with
 * showUser: false and VS Code shows no modal of its own ("Open launch.json"). Other clients do
 * not set it and get the error text as usual.
 */
export const REPORTS_LAUNCH_FAILURES = '__nrfWasmReportsLaunchFailures';
/** Custom event sent just before a failed launch/attach response; body: LaunchFailure. */
export const LAUNCH_FAILED_EVENT = 'nrfWasm.launchFailed';

export interface LaunchFailure {
  /** `program`: the program cannot be read or built; `device`: the device cannot be reached or used. */
  kind: 'program' | 'device';
  message: string;
  /** For a build error: where (1-based line and column). */
  path?: string;
  line?: number;
  column?: number;
}

/**
 * Custom event: the program has DWARF (C/C++/Rust) but no DWARF engine was found, so it is
 * debugged in disassembly; the extension offers to install the engine's extension. Body:
 * DwarfEngineMissing.
 */
export const DWARF_ENGINE_MISSING_EVENT = 'nrfWasm.dwarfEngineMissing';
export interface DwarfEngineMissing {
  program: string;
  /** The VS Code extension that ships @vscode/dwarf-debugging. */
  extension: string;
}
