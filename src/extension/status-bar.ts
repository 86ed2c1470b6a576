/** Status bar: the selected device and the state of the extension's link to it; click to change. */
import * as vscode from 'vscode';
import { COMMANDS } from './constants';
import type { LinkState } from './device-manager';
import type { Ext } from './ext';
import { type DeviceTarget, targetLabel } from './targets';

export function statusText(target: DeviceTarget | undefined, state: LinkState, simulatorRunning: boolean): { text: string; tooltip: string; warning: boolean } {
  const name = target ? targetLabel(target) : 'Simulator';
  const icon = state === 'connected' ? '$(plug)' : state === 'connecting' ? '$(sync~spin)' : state === 'error' ? '$(warning)' : target?.transport === 'ble' ? '$(radio-tower)' : '$(circuit-board)';
  const stateText = state === 'connected' ? 'connected' : state === 'connecting' ? 'connecting…' : state === 'error' ? 'link failed' : 'not connected';
  const sim = (target?.transport ?? 'simulator') === 'simulator' ? (simulatorRunning ? ' (simulator running)' : ' (simulator stopped)') : '';
  return {
    text: `${icon} ${name}`,
    tooltip: `nRF WASM device: ${name}${target ? '' : ' (default)'} — ${stateText}${sim}. Click to select another device.`,
    warning: state === 'error',
  };
}

export function createStatusBar(ext: Ext): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('nrfWasm.device', vscode.StatusBarAlignment.Left, 50);
  item.name = 'nRF WASM Device';
  item.command = COMMANDS.selectDevice;
  const update = () => {
    const s = statusText(ext.target, ext.devices.state, ext.simulator.running);
    item.text = s.text;
    item.tooltip = ext.devices.lastError ? `${s.tooltip}\n${ext.devices.lastError}` : s.tooltip;
    item.backgroundColor = s.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  update();
  ext.devices.onState(update);
  const sub = ext.onTargetChanged(update);
  item.show();
  return vscode.Disposable.from(item, sub);
}
