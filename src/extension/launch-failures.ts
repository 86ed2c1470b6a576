/**
 * F5 failures, shown with what fixes them instead of VS Code's modal whose only action is
 * "Open launch.json" (the adapter answers with showUser: false when the configuration carries
 * REPORTS_LAUNCH_FAILURES, and sends LAUNCH_FAILED_EVENT first):
 *   - the program does not build: the error in the editor, the Problems view open;
 *   - the device cannot be reached or used: Select Device, Show Device Log, Retry.
 */
import * as vscode from 'vscode';
import { LAUNCH_FAILED_EVENT, type LaunchFailure } from '../debug-adapter/custom-requests';
import { DEBUG_TYPE } from './constants';
import { pickDevice } from './device-picker';
import type { Ext } from './ext';
import { retryConfiguration } from './launch-retry';

export function registerLaunchFailures(ext: Ext): vscode.Disposable {
  return vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => {
    if (e.session.type !== DEBUG_TYPE || e.event !== LAUNCH_FAILED_EVENT) return;
    void showLaunchFailure(ext, e.session, e.body as LaunchFailure);
  });
}

async function showLaunchFailure(ext: Ext, session: vscode.DebugSession, f: LaunchFailure): Promise<void> {
  const cfg = session.configuration;
  ext.log.error(`debug session "${session.name}" could not start: ${f.message}`);
  if (f.kind === 'program') {
    if (f.path && f.line) {
      const pos = new vscode.Position(f.line - 1, Math.max(0, (f.column ?? 1) - 1));
      await vscode.window.showTextDocument(vscode.Uri.file(f.path), { selection: new vscode.Range(pos, pos), preview: false }).then(undefined, () => undefined);
      void vscode.window.showErrorMessage(f.message);
      return;
    }
    // No program, or one that cannot be read: the configuration names it.
    const a = await vscode.window.showErrorMessage(f.message, 'Open launch.json');
    if (a) await vscode.commands.executeCommand('workbench.action.debug.configure');
    return;
  }
  ext.deviceLog.error(`debugging "${session.name}" failed: ${f.message}`);
  const a = await vscode.window.showErrorMessage(f.message, 'Select Device', 'Show Device Log', 'Retry');
  if (a === 'Show Device Log') ext.deviceLog.show(false);
  else if (a === 'Retry') await vscode.debug.startDebugging(session.workspaceFolder, retryConfiguration(cfg));
  else if (a === 'Select Device') {
    const t = await pickDevice(ext);
    if (!t) return;
    await ext.devices.release();
    await ext.setTarget(t);
    await vscode.debug.startDebugging(session.workspaceFolder, retryConfiguration(cfg, t));
  }
}
