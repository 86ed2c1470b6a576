/**
 * nRF WASM extension host: wires the language server, the debug adapter, the device commands and
 * the status bar into VS Code. Thin on purpose: the logic lives in vscode-free modules (tested
 * with node:test in test/extension/). Each part is set up on its own, so a missing piece (a
 * native module, an entry point not built) turns off one feature with a message, never the rest.
 */
import * as vscode from 'vscode';
import { buildCommand } from './commands/build';
import { deployCommand } from './commands/deploy';
import { resetDeviceCommand, selectDeviceCommand, showDeviceLogCommand, startSimulatorCommand, stopSimulatorCommand } from './commands/device';
import { runCommand } from './commands/run';
import { COMMANDS, DEBUG_TYPE, LANGUAGE_ID } from './constants';
import { evaluatableRange } from './evaluatable';
import { NrfWasmAdapterFactory } from './debug-adapter';
import { registerDebugProviders } from './debug-provider';
import { Ext } from './ext';
import { registerLaunchFailures } from './launch-failures';
import { registerDwarfEngineOffer } from './dwarf-engine';
import { registerMemoryView } from './memory-view';
import { startLanguageClient } from './language-client';
import { createStatusBar } from './status-bar';

let current: Ext | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ ext: Ext }> {
  const ext = new Ext(context);
  current = ext;
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  ext.log.info(`nRF WASM ${version} activating (VS Code ${vscode.version}, ${process.platform}-${process.arch}, Node ${process.versions.node})`);
  const problems: string[] = [];
  const step = (name: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      problems.push(name);
      ext.log.error(`${name} failed to set up: ${(e as Error).stack ?? e}`);
    }
  };

  const cmd = (id: string, fn: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  step('commands', () => {
    cmd(COMMANDS.build, (arg) => buildCommand(ext, arg));
    cmd(COMMANDS.deploy, (arg) => deployCommand(ext, arg));
    cmd(COMMANDS.run, (arg) => runCommand(ext, arg));
    cmd(COMMANDS.selectDevice, () => selectDeviceCommand(ext));
    cmd(COMMANDS.resetDevice, () => resetDeviceCommand(ext));
    cmd(COMMANDS.startSimulator, () => startSimulatorCommand(ext));
    cmd(COMMANDS.stopSimulator, () => stopSimulatorCommand(ext));
    cmd(COMMANDS.showDeviceLog, () => showDeviceLogCommand(ext));
  });
  step('debugger', () => {
    context.subscriptions.push(vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new NrfWasmAdapterFactory(ext)), ...registerDebugProviders(ext), registerLaunchFailures(ext), registerDwarfEngineOffer());
  });
  step('debug hovers', () => {
    context.subscriptions.push(
      vscode.languages.registerEvaluatableExpressionProvider(LANGUAGE_ID, {
        provideEvaluatableExpression(doc, pos) {
          const r = evaluatableRange(doc.lineAt(pos.line).text, pos.character);
          return r && new vscode.EvaluatableExpression(new vscode.Range(pos.line, r[0], pos.line, r[1]));
        },
      }),
    );
  });
  step('memory view', () => context.subscriptions.push(...registerMemoryView(ext)));
  step('status bar', () => context.subscriptions.push(createStatusBar(ext)));

  // The language server starts in the background: activation does not wait for it.
  void startLanguageClient(ext).catch((e: Error) => ext.log.error(`language client: ${e.message}`));

  if (problems.length) ext.log.warn(`nRF WASM activated without: ${problems.join(', ')}`);
  else ext.log.info('nRF WASM activated');
  return { ext };
}

export async function deactivate(): Promise<void> {
  await current?.shutdown();
  current = undefined;
}
