/** nRF WASM: Run without Debugging — deploy, run, and show what the module prints in the device log. */
import * as vscode from 'vscode';
import { runModule } from '../deploy';
import { userMessage } from '../errors';
import type { Ext } from '../ext';
import { ExitReason } from '../../protocol';
import { deployCommand } from './deploy';

export async function runCommand(ext: Ext, arg?: unknown): Promise<void> {
  const d = await deployCommand(ext, arg, { quiet: true });
  if (!d) return;
  ext.deviceLog.show(true);
  const off = ext.devices.onEvent((e) => {
    if (e.name !== 'exited') return;
    off();
    const how = e.reason === ExitReason.returned ? `returned ${e.code}` : e.reason === ExitReason.trap ? 'trapped (see the device log)' : e.reason === ExitReason.exit ? `exited with code ${e.code}` : 'was stopped';
    vscode.window.setStatusBarMessage(`nRF WASM: ${d.report.file} ${how}`, 10000);
  });
  try {
    await runModule(d.conn.client);
    ext.deviceLog.info(`running ${d.report.file} on ${d.conn.client.label}`);
  } catch (e) {
    off();
    const msg = userMessage(e, { transport: d.target.transport, label: d.conn.client.label });
    ext.log.error(`run failed: ${msg}`);
    void vscode.window.showErrorMessage(`Run failed: ${msg}`);
  }
}
