/** Status bar: the selected device and the state of the extension's link to it; click to change. */
import * as vscode from 'vscode';
import { COMMANDS, DEBUG_TYPE } from './constants';
import type { Ext } from './ext';
import { statusText } from './status-text';

export function createStatusBar(ext: Ext): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('nrfWasm.device', vscode.StatusBarAlignment.Left, 50);
  item.name = 'nRF WASM Device';
  item.command = COMMANDS.selectDevice;
  const sessions = new Set<string>();
  const update = () => {
    const s = statusText(ext.target, ext.devices.state, ext.simulator.running, sessions.size > 0);
    item.text = s.text;
    item.tooltip = ext.devices.lastError ? `${s.tooltip}\n${ext.devices.lastError}` : s.tooltip;
    item.backgroundColor = s.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  update();
  ext.devices.onState(update);
  const sub = ext.onTargetChanged(update);
  const started = vscode.debug.onDidStartDebugSession((s) => {
    if (s.type !== DEBUG_TYPE) return;
    sessions.add(s.id);
    update();
  });
  const ended = vscode.debug.onDidTerminateDebugSession((s) => {
    if (sessions.delete(s.id)) update();
  });
  item.show();
  return vscode.Disposable.from(item, sub, started, ended);
}
