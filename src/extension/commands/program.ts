/** The file a command acts on, built if it is WAT: the shared first step of Build, Deploy and Run. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildError, buildWat, summarizeDiagnostics } from '../build';
import type { Ext } from '../ext';
import type { Diagnostic } from '../../wat';

/** The .wat/.wasm a command was invoked on: explorer/editor menu argument, else the active editor. */
export function programUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && /\.(wat|wast|wasm)$/i.test(doc.uri.fsPath)) return doc.uri;
  return undefined;
}

function toVscode(d: Diagnostic): vscode.Diagnostic {
  const r = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
  const v = new vscode.Diagnostic(r, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  v.source = 'nrf-wasm build';
  if (d.code) v.code = d.code;
  return v;
}

export interface BuiltProgram {
  /** The .wasm that was built or picked. */
  wasmPath: string;
  bytes: Uint8Array;
  /** The source, for messages. */
  sourcePath: string;
}

/** Builds a .wat (errors go to the Problems panel) or reads a .wasm. Undefined: the user was told why. */
export async function buildProgram(ext: Ext, uri: vscode.Uri | undefined): Promise<BuiltProgram | undefined> {
  if (!uri) {
    void vscode.window.showErrorMessage('Open a .wat or .wasm file first (or run the command from its context menu).');
    return undefined;
  }
  const file = uri.fsPath;
  if (/\.wasm$/i.test(file)) {
    return { wasmPath: file, bytes: new Uint8Array(await fs.readFile(file)), sourcePath: file };
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  try {
    const r = await buildWat(file, doc?.getText(), { outputFolder: ext.settings().outputFolder, baseDir: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath });
    ext.diagnostics.set(uri, r.diagnostics.map(toVscode));
    if (!r.ok || !r.wasm) {
      const msg = `Build failed: ${summarizeDiagnostics(file, r.diagnostics)}`;
      ext.log.error(msg);
      void vscode.window.showErrorMessage(msg, 'Show Problems').then((a) => a && vscode.commands.executeCommand('workbench.actions.view.problems'));
      return undefined;
    }
    ext.log.info(`built ${path.basename(r.wasmPath)} (${r.wasm.length} bytes) and ${path.basename(r.mapPath)} from ${path.basename(file)}`);
    return { wasmPath: r.wasmPath, bytes: r.wasm, sourcePath: file };
  } catch (e) {
    const msg = e instanceof BuildError ? e.message : `Build failed: ${(e as Error).message}`;
    ext.log.error(msg);
    void vscode.window.showErrorMessage(msg);
    return undefined;
  }
}
