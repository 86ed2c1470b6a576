// The WAT language server: the pure service (service.ts) over LSP on stdio. Bundled by
// `npm run build:server` to dist/language-server.js, which the extension starts
// (src/extension/language-client.ts).

import { CompletionTriggerKind, ProposedFeatures, ResponseError, ErrorCodes, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RenameError, SEMANTIC_TOKENS_LEGEND, WatLanguageService } from './service';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = new WatLanguageService();
/** Generation of the latest scheduled diagnostics run per URI; an older run finds it changed and quits. */
const pending = new Map<string, number>();
let generation = 0;

/** Makes the service's copy current and returns the URI (every request goes through here). */
function sync(uri: string): boolean {
  const d = documents.get(uri);
  if (!d) return false;
  service.update(uri, d.version, d.getText());
  return true;
}

function publish(uri: string): void {
  pending.delete(uri);
  const d = documents.get(uri);
  if (!d || !sync(uri)) return;
  void connection.sendDiagnostics({ uri, version: d.version, diagnostics: service.diagnostics(uri) });
}

/**
 * Diagnostics without a fixed debounce: they are computed two macrotasks after the last change.
 * vscode-jsonrpc dispatches one queued message per setImmediate, so the second hop runs after
 * every message that had already arrived (a burst of changes, a hover); a change among them
 * re-schedules and the stale run is dropped, so a burst costs one analysis, of its last version.
 */
function schedule(uri: string): void {
  const g = ++generation;
  pending.set(uri, g);
  setImmediate(() =>
    setImmediate(() => {
      if (pending.get(uri) === g) publish(uri);
    }),
  );
}

/** Runs a handler on a synced document; feature errors become LSP errors instead of crashes. */
function guard<R>(uri: string, empty: R, f: () => R): R | ResponseError<void> {
  if (!sync(uri)) return empty;
  try {
    return f();
  } catch (e) {
    if (e instanceof RenameError) return new ResponseError(ErrorCodes.InvalidRequest, e.message);
    connection.console.error(`internal error: ${(e as Error).stack ?? e}`);
    return empty;
  }
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    // A space opens the list only after an instruction that takes a name (`local.get `): completion.ts.
    completionProvider: { triggerCharacters: ['$', '(', ' '] },
    signatureHelpProvider: { triggerCharacters: [' ', '('], retriggerCharacters: [')'] },
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
    foldingRangeProvider: true,
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    inlayHintProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix'] },
  },
  serverInfo: { name: 'nrf-wasm WAT language server' },
}));

documents.onDidOpen((e) => schedule(e.document.uri));
documents.onDidChangeContent((e) => schedule(e.document.uri));
documents.onDidClose((e) => {
  pending.delete(e.document.uri);
  service.close(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover((p) => guard(p.textDocument.uri, null, () => service.hover(p.textDocument.uri, p.position)));
connection.onDefinition((p) => guard(p.textDocument.uri, null, () => service.definition(p.textDocument.uri, p.position)));
connection.onReferences((p) => guard(p.textDocument.uri, [], () => service.references(p.textDocument.uri, p.position, p.context.includeDeclaration)));
connection.onDocumentHighlight((p) => guard(p.textDocument.uri, [], () => service.documentHighlights(p.textDocument.uri, p.position)));
connection.onPrepareRename((p) => guard(p.textDocument.uri, null, () => service.prepareRename(p.textDocument.uri, p.position)));
connection.onRenameRequest((p) => guard(p.textDocument.uri, null, () => service.rename(p.textDocument.uri, p.position, p.newName)));
connection.onDocumentSymbol((p) => guard(p.textDocument.uri, [], () => service.documentSymbols(p.textDocument.uri)));
connection.onCompletion((p) => guard(p.textDocument.uri, [], () => service.completion(p.textDocument.uri, p.position, p.context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? p.context.triggerCharacter : undefined)));
connection.onSignatureHelp((p) => guard(p.textDocument.uri, null, () => service.signatureHelp(p.textDocument.uri, p.position)));
connection.languages.semanticTokens.on((p) => guard(p.textDocument.uri, { data: [] }, () => service.semanticTokens(p.textDocument.uri)));
connection.onFoldingRanges((p) => guard(p.textDocument.uri, [], () => service.foldingRanges(p.textDocument.uri)));
connection.onDocumentFormatting((p) => guard(p.textDocument.uri, [], () => service.formatting(p.textDocument.uri, p.options)));
connection.onDocumentRangeFormatting((p) => guard(p.textDocument.uri, [], () => service.formatting(p.textDocument.uri, p.options, p.range)));
connection.languages.inlayHint.on((p) => guard(p.textDocument.uri, [], () => service.inlayHints(p.textDocument.uri, p.range)));
connection.onCodeAction((p) => guard(p.textDocument.uri, [], () => service.codeActions(p.textDocument.uri, p.range)));

documents.listen(connection);
connection.listen();
