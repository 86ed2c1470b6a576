/** Select Device, Reset Device, Show Device Log, Start/Stop Simulator. */
import * as vscode from 'vscode';
import { userMessage } from '../errors';
import type { Ext } from '../ext';
import { pickDevice } from '../device-picker';
import { sameTarget, targetLabel } from '../targets';
import { currentTarget } from './target';
import { DEBUG_TYPE } from '../constants';
import { RESET_REQUEST } from '../../debug-adapter/custom-requests';

export async function selectDeviceCommand(ext: Ext): Promise<void> {
  const t = await pickDevice(ext);
  if (!t) return;
  if (!sameTarget(t, ext.target)) await ext.devices.release();
  await ext.setTarget(t);
  vscode.window.setStatusBarMessage(`nRF WASM: using ${targetLabel(t)}`, 4000);
}

export async function resetDeviceCommand(ext: Ext): Promise<void> {
  // While debugging, the adapter owns the link: it resets the device and resumes the session
  // (breakpoints set again, module run from the start) instead of losing it.
  const session = vscode.debug.activeDebugSession;
  if (session?.type === DEBUG_TYPE) {
    try {
      await session.customRequest(RESET_REQUEST);
      vscode.window.setStatusBarMessage('nRF WASM: the device is resetting; the debug session continues', 4000);
    } catch (e) {
      void vscode.window.showErrorMessage(`Reset failed: ${userMessage(e)}`);
    }
    return;
  }
  const target = await currentTarget(ext);
  if (!target) return;
  try {
    const { client } = await ext.devices.connect(target);
    await client.request('reset', {});
    ext.deviceLog.info(`reset requested on ${client.label}`);
    vscode.window.setStatusBarMessage(`nRF WASM: ${targetLabel(target)} is resetting`, 4000);
    // The device reboots: its link state is gone, so greet it afresh next time.
    await ext.devices.release();
  } catch (e) {
    const msg = userMessage(e, { transport: target.transport, label: targetLabel(target) });
    ext.log.error(`reset failed: ${msg}`);
    void vscode.window.showErrorMessage(`Reset failed: ${msg}`);
  }
}

export function showDeviceLogCommand(ext: Ext): void {
  ext.deviceLog.show(false);
}

export async function startSimulatorCommand(ext: Ext): Promise<void> {
  try {
    const addr = await ext.ensureSimulator();
    void vscode.window.showInformationMessage(`The nRF WASM simulator is running on tcp://${addr}.`);
  } catch (e) {
    ext.log.error((e as Error).message);
    void vscode.window.showErrorMessage((e as Error).message);
  }
}

export async function stopSimulatorCommand(ext: Ext): Promise<void> {
  if (!ext.simulator.running) {
    void vscode.window.showInformationMessage('The simulator is not running.');
    return;
  }
  if (ext.target?.transport === 'simulator' || !ext.target) await ext.devices.release();
  await ext.simulator.stop();
  vscode.window.setStatusBarMessage('nRF WASM: simulator stopped', 4000);
}
