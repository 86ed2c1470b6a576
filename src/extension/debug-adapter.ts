/**
 * Debug adapter descriptor: the adapter runs as its own process, `node dist/debug-adapter.js`,
 * speaking DAP over stdio, with VS Code's own Node (ELECTRON_RUN_AS_NODE) so the user needs no
 * Node install.
 *
 * Why a process and not DebugAdapterInlineImplementation: the adapter is the same program the
 * tests drive over stdio (@vscode/debugadapter-testsupport) and that other editors can run; a
 * crash or a stuck native call (serial, BLE) cannot take the extension host (and the language
 * client) down with it; and it keeps its own copy of the native modules' state. The cost (a
 * process start, ~100 ms) is paid once per session.
 */
import * as vscode from 'vscode';
import type { Ext } from './ext';
import { missingEntryMessage } from './paths';

export class NrfWasmAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly ext: Ext) {}

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    const script = this.ext.paths.debugAdapter;
    const missing = missingEntryMessage('Debugging', script);
    if (missing) {
      this.ext.log.error(missing);
      throw new Error(missing);
    }
    this.ext.log.info(`debug session "${session.name}": starting ${script}`);
    return new vscode.DebugAdapterExecutable(process.execPath, [script], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
      cwd: session.workspaceFolder?.uri.fsPath,
    });
  }
}
