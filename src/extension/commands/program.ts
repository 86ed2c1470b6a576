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

/**
 * Puts the assembler's diagnostics in the Problems view; on errors, opens the Problems view,
 * reveals the first error in the editor and says so in one notification. True: no error.
 */
export async function reportBuild(ext: Ext, uri: vscode.Uri, diagnostics: Diagnostic[], what: string): Promise<boolean> {
  // The language server already reports most of these as the user types: list each problem once.
  ext.diagnostics.delete(uri);
  const shown = new Set(vscode.languages.getDiagnostics(uri).map(diagnosticKey));
  ext.diagnostics.set(uri, diagnostics.map(toVscode).filter((d) => !shown.has(diagnosticKey(d))));
  const first = diagnostics.find((d) => d.severity === 'error');
  if (!first) return true;
  const msg = `${what}: ${summarizeDiagnostics(uri.fsPath, diagnostics)}`;
  ext.log.error(msg);
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const r = first.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  // Reveal after the Problems view took the focus: the editor keeps it, the cursor on the error.
  await vscode.window.showTextDocument(uri, { selection: range, preserveFocus: false, preview: false });
  vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  void vscode.window.showErrorMessage(msg);
  return false;
}

function diagnosticKey(d: vscode.Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.message}`;
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
    if (!(await reportBuild(ext, uri, r.diagnostics, 'Build failed')) || !r.wasm) return undefined;
    ext.log.info(`built ${path.basename(r.wasmPath)} (${r.wasm.length} bytes) and ${path.basename(r.mapPath)} from ${path.basename(file)}`);
    return { wasmPath: r.wasmPath, bytes: r.wasm, sourcePath: file };
  } catch (e) {
    const msg = e instanceof BuildError ? e.message : `Build failed: ${(e as Error).message}`;
    ext.log.error(msg);
    void vscode.window.showErrorMessage(msg);
    return undefined;
  }
}
