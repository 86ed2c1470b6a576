/** nRF WASM: Build — WAT -> .wasm + .wasm.map beside the source; errors in the Problems panel. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ext } from '../ext';
import { formatBytes } from '../progress';
import { buildProgram, programUri } from './program';

export async function buildCommand(ext: Ext, arg?: unknown): Promise<string | undefined> {
  const uri = programUri(arg);
  if (uri && /\.wasm$/i.test(uri.fsPath)) {
    void vscode.window.showInformationMessage(`${path.basename(uri.fsPath)} is already a binary; open its .wat to build it.`);
    return uri.fsPath;
  }
  const built = await buildProgram(ext, uri);
  if (!built) return undefined;
  vscode.window.setStatusBarMessage(`$(check) Built ${path.basename(built.wasmPath)} (${formatBytes(built.bytes.length)}) + source map`, 5000);
  return built.wasmPath;
}
