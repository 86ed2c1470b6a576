/** The status bar item's text and tooltip, vscode-free. */
import type { LinkState } from './device-manager';
import { type DeviceTarget, targetLabel } from './targets';

export function statusText(target: DeviceTarget | undefined, state: LinkState, simulatorRunning: boolean, debugging = false): { text: string; tooltip: string; warning: boolean } {
  const name = target ? targetLabel(target) : 'Simulator';
  if (debugging) return { text: `$(debug-alt) ${name}`, tooltip: `nRF WASM device: ${name} — in use by a debug session.`, warning: false };
  const icon = state === 'connected' ? '$(plug)' : state === 'connecting' ? '$(sync~spin)' : state === 'error' ? '$(warning)' : target?.transport === 'ble' ? '$(radio-tower)' : '$(circuit-board)';
  const stateText = state === 'connected' ? 'connected' : state === 'connecting' ? 'connecting…' : state === 'error' ? 'link failed' : 'not connected';
  const sim = (target?.transport ?? 'simulator') === 'simulator' ? (simulatorRunning ? ' (simulator running)' : ' (simulator stopped)') : '';
  return {
    text: `${icon} ${name}`,
    tooltip: `nRF WASM device: ${name}${target ? '' : ' (default)'} — ${stateText}${sim}. Click to select another device.`,
    warning: state === 'error',
  };
}
