/**
 * The offer to install the DWARF engine, decided without `vscode` (unit-tested with the event the
 * real adapter sends): dwarf-engine.ts gives it VS Code's message, command and session APIs.
 */
import * as path from 'node:path';
import { DWARF_ENGINE_MISSING_EVENT, type DwarfEngineMissing } from '../debug-adapter/custom-requests';
import { DEBUG_TYPE } from './constants';

export interface OfferUi {
  showInformationMessage(message: string, ...actions: string[]): PromiseLike<string | undefined>;
  executeCommand(command: string, ...args: unknown[]): PromiseLike<unknown>;
  /** The type of the debug session in focus, if any. */
  activeSessionType(): string | undefined;
}

export const INSTALL = 'Install';
export const RESTART = 'Restart Debugging';

export function engineMissingMessage(program: string): string {
  return `${path.basename(program)} was built from C, C++ or Rust with debug info. To debug its source instead of the disassembly, install the "WebAssembly DWARF Debugging" extension, then start debugging again.`;
}

/** Handles the adapter's custom events; offers once per VS Code window. */
export function dwarfEngineOffer(ui: OfferUi): (e: { sessionType: string; event: string; body: unknown }) => Promise<void> {
  let offered = false;
  return async (e) => {
    if (e.sessionType !== DEBUG_TYPE || e.event !== DWARF_ENGINE_MISSING_EVENT || offered) return;
    offered = true;
    const b = e.body as DwarfEngineMissing;
    if ((await ui.showInformationMessage(engineMissingMessage(b.program), INSTALL)) !== INSTALL) return;
    await ui.executeCommand('workbench.extensions.installExtension', b.extension);
    if ((await ui.showInformationMessage('WebAssembly DWARF Debugging is installed.', RESTART)) === RESTART && ui.activeSessionType() === DEBUG_TYPE) {
      await ui.executeCommand('workbench.action.debug.restart');
    }
  };
}
