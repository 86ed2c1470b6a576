/**
 * nRF WASM: Deploy to Device — builds if needed, connects to the selected device and uploads with
 * a cancellable progress notification (percent and KB/s); reports the stored module's SHA-256 and
 * the time taken.
 */
import * as vscode from 'vscode';
import type { Connected } from '../device-manager';
import { deployBytes } from '../deploy';
import { isCancellation, userMessage } from '../errors';
import type { Ext } from '../ext';
import { deploySummary, type DeployReport } from '../progress';
import { targetLabel, type DeviceTarget } from '../targets';
import { buildProgram, programUri } from './program';
import { currentTarget } from './target';

export interface DeployOutcome {
  conn: Connected;
  report: DeployReport;
  target: DeviceTarget;
}

export async function deployCommand(ext: Ext, arg?: unknown, opts: { quiet?: boolean } = {}): Promise<DeployOutcome | undefined> {
  const built = await buildProgram(ext, programUri(arg));
  if (!built) return undefined;
  const target = await currentTarget(ext);
  if (!target) return undefined;
  const label = targetLabel(target);
  const file = built.wasmPath.split(/[\\/]/).pop()!;
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Deploying ${file} to ${label}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        progress.report({ message: target.transport === 'ble' ? 'scanning and connecting…' : 'connecting…' });
        const conn = await ext.devices.connect(target, abort.signal);
        if (abort.signal.aborted) throw Object.assign(new Error('Deploy cancelled. The previous module is still active on the device.'), { name: 'UploadCancelled' });
        const report = await deployBytes(conn, built.bytes, { file: built.wasmPath, target: conn.client.label, signal: abort.signal, report: (p) => progress.report(p) });
        return { conn, report, target };
      },
    );
    const summary = deploySummary(outcome.report);
    ext.log.info(`${summary} (full SHA-256 ${outcome.report.sha256})`);
    ext.deviceLog.info(summary);
    if (!opts.quiet) void vscode.window.showInformationMessage(summary);
    return outcome;
  } catch (e) {
    if (isCancellation(e)) {
      ext.log.info('deploy cancelled');
      void vscode.window.showInformationMessage('Deploy cancelled. The previous module is still active on the device.');
      return undefined;
    }
    const msg = userMessage(e, { transport: target.transport, label, address: target.transport === 'ble' ? target.bleDevice : undefined });
    ext.log.error(`deploy to ${label} failed: ${msg}`);
    void vscode.window.showErrorMessage(`Deploy to ${label} failed: ${msg}`, 'Select Device').then((a) => a && vscode.commands.executeCommand('nrfWasm.selectDevice'));
    return undefined;
  }
}
