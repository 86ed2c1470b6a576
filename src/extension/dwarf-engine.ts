/**
 * C/C++/Rust source debugging needs the DWARF engine (@vscode/dwarf-debugging, 58 MB: not in our
 * .vsix). Like js-debug, we take it from the "WebAssembly DWARF Debugging" extension when it is
 * installed (its folder goes to the adapter as `dwarfEngine`), else the adapter uses the optional
 * dependency if present. When neither is there the adapter debugs in disassembly and tells us:
 * we offer to install the extension.
 */
import * as vscode from 'vscode';
import { ENGINE_EXTENSION } from '../debug-adapter/dwarf/engine';
import { dwarfEngineOffer } from './dwarf-engine-offer';

/** The installed engine extension's folder, if any (the adapter finds the package inside it). */
export function dwarfEngineFolder(): string | undefined {
  return vscode.extensions.getExtension(ENGINE_EXTENSION)?.extensionPath;
}

export function registerDwarfEngineOffer(): vscode.Disposable {
  const offer = dwarfEngineOffer({
    showInformationMessage: (m, ...actions) => vscode.window.showInformationMessage(m, ...actions),
    executeCommand: (c, ...args) => vscode.commands.executeCommand(c, ...args),
    activeSessionType: () => vscode.debug.activeDebugSession?.type,
  });
  return vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => offer({ sessionType: e.session.type, event: e.event, body: e.body }));
}
