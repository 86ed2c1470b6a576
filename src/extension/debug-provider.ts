/**
 * DebugConfigurationProvider: F5 on an open .wat with no launch.json just works (the empty
 * configuration is filled in by resolveDebugConfig), a serial configuration without a port asks
 * for one, and "Run and Debug > nRF WASM..." lists one configuration per known device.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REPORTS_LAUNCH_FAILURES } from '../debug-adapter/custom-requests';
import { buildWat } from './build';
import { dwarfEngineFolder } from './dwarf-engine';
import { reportBuild } from './commands/program';
import { DEBUG_TYPE } from './constants';
import { type DebugConfig, dynamicConfigurations, initialConfigurations, resolveDebugConfig, targetOfConfig } from './debug-config';
import { pickDevice } from './device-picker';
import type { Ext } from './ext';
import { listSerialPorts } from './serial-ports';
import { type DeviceTarget, targetToDebugFields } from './targets';

export class NrfWasmConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly ext: Ext) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return initialConfigurations() as vscode.DebugConfiguration[];
  }

  async resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined | null> {
    // The emulated board runs in the extension host (like the simulator): start it first.
    const wantsQemu = config.transport === 'qemu' || (config.transport === undefined && this.ext.target?.transport === 'qemu');
    let qemuPort: string | undefined;
    if (wantsQemu) {
      try {
        qemuPort = await this.ext.ensureQemuBoard();
      } catch (e) {
        void vscode.window.showErrorMessage((e as Error).message);
        return undefined;
      }
    }
    const r = resolveDebugConfig(config as DebugConfig, {
      qemuPort,
      activeFile: vscode.window.activeTextEditor?.document.uri.scheme === 'file' ? vscode.window.activeTextEditor.document.uri.fsPath : undefined,
      lastTarget: this.ext.target,
      settings: this.ext.settings(),
      simulatorAddress: this.ext.simulator.running ? this.ext.simulator.address : undefined,
      fileExists: existsSync,
    });
    if (r.kind === 'error') {
      void vscode.window.showErrorMessage(r.message);
      return undefined; // abort the launch
    }
    let c = r.config;
    if (r.kind === 'pickDevice') {
      const t = await pickDevice(this.ext, { only: r.transport, title: `nRF WASM: which board should "${c.name}" use?` });
      if (!t) return undefined;
      c = { ...c, ...targetToDebugFields(t, this.ext.settings()) };
    }
    const target = targetOfConfig(c);
    if (target) await this.ext.setTarget(target);
    return c as vscode.DebugConfiguration;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    // The debug session opens its own link: a serial port opens only once, so let ours go.
    await this.ext.devices.release();
    // An unsaved .wat: the adapter builds from the file on disk.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === config.program);
    if (doc?.isDirty) await doc.save();
    // A .wat that does not build: its errors in Problems and the editor, no session started.
    if (typeof config.program === 'string' && /\.wat$/i.test(config.program)) {
      const check = await buildWat(config.program, doc?.getText(), { write: false }).catch(() => undefined);
      if (check && !(await reportBuild(this.ext, vscode.Uri.file(config.program), check.diagnostics, `Cannot debug ${path.basename(config.program)}`))) return undefined;
    }
    // C/C++/Rust: the DWARF engine from the "WebAssembly DWARF Debugging" extension, if installed.
    const dwarfEngine = config.dwarfEngine ?? dwarfEngineFolder();
    // We show launch failures ourselves, with actions that fix them (launch-failures.ts).
    return { ...config, ...(dwarfEngine ? { dwarfEngine } : {}), [REPORTS_LAUNCH_FAILURES]: true };
  }
}

export class NrfWasmDynamicConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly ext: Ext) {}

  async provideDebugConfigurations(): Promise<vscode.DebugConfiguration[]> {
    const targets: DeviceTarget[] = [];
    if (this.ext.target) targets.push(this.ext.target);
    const serial = await listSerialPorts().catch(() => ({ ports: [] }));
    for (const p of serial.ports) targets.push({ transport: 'serial', serialPort: p.path });
    return dynamicConfigurations(targets) as vscode.DebugConfiguration[];
  }
}

export function registerDebugProviders(ext: Ext): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new NrfWasmConfigurationProvider(ext), vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new NrfWasmDynamicConfigurationProvider(ext), vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  ];
}
