/**
 * The WAT language client: vscode-languageclient over stdio to dist/language-server.js (a node
 * module, run with VS Code's own Node). Missing server: the editor still works (grammar,
 * brackets), and the log says why there is no completion or hover.
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { LANGUAGE_ID } from './constants';
import type { Ext } from './ext';
import { missingEntryMessage } from './paths';

export async function startLanguageClient(ext: Ext): Promise<LanguageClient | undefined> {
  const module = ext.paths.languageServer;
  const missing = missingEntryMessage('The WAT language server (diagnostics, completion, hover)', module);
  if (missing) {
    ext.log.warn(missing);
    return undefined;
  }
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    outputChannel: ext.log,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{wat,wast}') },
  };
  const client = new LanguageClient('nrfWasmLanguageServer', 'WAT Language Server', serverOptions, clientOptions);
  ext.context.subscriptions.push({ dispose: () => void client.stop().catch(() => undefined) });
  try {
    await client.start();
    ext.log.info(`language server started: ${module}`);
    return client;
  } catch (e) {
    ext.log.error(`the WAT language server failed to start: ${(e as Error).message}`);
    return undefined;
  }
}
