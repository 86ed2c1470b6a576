/**
 * C/C++/Rust source debugging needs the DWARF engine (@vscode/dwarf-debugging, 58 MB: not in our
 * .vsix). Like js-debug, we take it from the "WebAssembly DWARF Debugging" extension when it is
 * installed (its folder goes to the adapter as `dwarfEngine`), else the adapter uses the optional
 * dependency if present. When neither is there the adapter debugs in disassembly and tells us:
 * we offer to install the extension.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DWARF_ENGINE_MISSING_EVENT, type DwarfEngineMissing } from '../debug-adapter/custom-requests';
import { ENGINE_EXTENSION } from '../debug-adapter/dwarf/engine';
import { DEBUG_TYPE } from './constants';

/** The installed engine extension's folder, if any (the adapter finds the package inside it). */
export function dwarfEngineFolder(): string | undefined {
  return vscode.extensions.getExtension(ENGINE_EXTENSION)?.extensionPath;
}

export function registerDwarfEngineOffer(): vscode.Disposable {
  let offered = false;
  return vscode.debug.onDidReceiveDebugSessionCustomEvent(async (e) => {
    if (e.session.type !== DEBUG_TYPE || e.event !== DWARF_ENGINE_MISSING_EVENT || offered) return;
    offered = true;
    const b = e.body as DwarfEngineMissing;
    const install = 'Install';
    const a = await vscode.window.showInformationMessage(
      `${path.basename(b.program)} was built from C, C++ or Rust with debug info. To debug its source instead of the disassembly, install the "WebAssembly DWARF Debugging" extension, then start debugging again.`,
      install,
    );
    if (a !== install) return;
    await vscode.commands.executeCommand('workbench.extensions.installExtension', b.extension);
    const again = 'Restart Debugging';
    if ((await vscode.window.showInformationMessage('WebAssembly DWARF Debugging is installed.', again)) === again && vscode.debug.activeDebugSession?.type === DEBUG_TYPE) {
      await vscode.commands.executeCommand('workbench.action.debug.restart');
    }
  });
}
