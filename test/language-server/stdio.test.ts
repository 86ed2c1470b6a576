/**
 * The real server (the esbuild bundle the extension starts) over stdio, spoken to with real LSP
 * messages: every feature once, diagnostics on open and on change, errors, shutdown and exit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeActionRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SemanticTokensRequest,
  SignatureHelpRequest,
  type CompletionItem,
  type DocumentSymbol,
  type Hover,
} from 'vscode-languageserver-protocol/node';
import { FIB, posOf } from './helpers';
import { startServer, type Server } from './lsp-client';

const uri = 'file:///work/fib.wat';
let server: Server;
const td = { uri };

before(async () => {
  server = await startServer();
});
after(async () => {
  if (server?.child.exitCode === null) server.child.kill();
});

test('initialize announces the features', () => {
  const c = server.init.capabilities;
  for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'documentSymbolProvider', 'completionProvider', 'semanticTokensProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'signatureHelpProvider', 'inlayHintProvider', 'codeActionProvider'] as const) {
    assert.ok(c[k], k);
  }
  assert.deepEqual(c.renameProvider, { prepareProvider: true });
});

test('diagnostics are published on open and after a change', async () => {
  const bad = FIB.replace('(local.get $i)))', '(local.get $j)))');
  const d1 = await server.open(uri, bad, 1);
  assert.equal(d1.diagnostics.length, 1);
  assert.equal(d1.diagnostics[0].message, 'unknown local $j');
  assert.deepEqual(d1.diagnostics[0].range.start, posOf(bad, '$j'));
  const d2p = server.diagnostics(uri, 2);
  server.change(uri, 2, FIB);
  assert.deepEqual((await d2p).diagnostics, []);
});

test('a burst of incremental edits: the last version is analysed, without a typing delay', async () => {
  // Version 2 (clean) is open from the previous test; rename a use of $i to $j and back, then to $j.
  const at = posOf(FIB, '$i)))');
  const range = { start: { line: at.line, character: at.character + 1 }, end: { line: at.line, character: at.character + 2 } };
  const before = server.published;
  const last = server.diagnostics(uri, 5);
  server.edit(uri, 3, range, 'j');
  server.edit(uri, 4, range, 'i');
  server.edit(uri, 5, range, 'j');
  const d = await last;
  assert.deepEqual(d.diagnostics.map((x) => x.message), ['unknown local $j']);
  // Earlier versions may or may not have been published (messages can arrive apart), never more.
  assert.ok(server.published - before <= 3);
  const clean = server.diagnostics(uri, 6);
  server.edit(uri, 6, range, 'i');
  assert.deepEqual((await clean).diagnostics, []);
});

test('hover, definition, references', async () => {
  const h = (await server.conn.sendRequest(HoverRequest.type, { textDocument: td, position: posOf(FIB, '$n i32', 1) })) as Hover;
  assert.match((h.contents as { value: string }).value, /\(param \$n i32\)/);
  const def = await server.conn.sendRequest(DefinitionRequest.type, { textDocument: td, position: posOf(FIB, '$fib (i32.sub', 1) });
  assert.deepEqual(def, { uri, range: { start: posOf(FIB, '$fib (param'), end: posOf(FIB, '$fib (param', 4) } });
  const refs = await server.conn.sendRequest(ReferencesRequest.type, { textDocument: td, position: posOf(FIB, '$result', 1), context: { includeDeclaration: true } });
  assert.equal(refs!.length, 3);
});

test('prepareRename, rename, and a rejected name', async () => {
  const p = posOf(FIB, '$i i32', 1);
  const prep = await server.conn.sendRequest(PrepareRenameRequest.type, { textDocument: td, position: p });
  assert.deepEqual(prep, { range: { start: posOf(FIB, '$i i32'), end: posOf(FIB, '$i i32', 2) }, placeholder: '$i' });
  const edit = await server.conn.sendRequest(RenameRequest.type, { textDocument: td, position: p, newName: '$k' });
  assert.equal(edit!.changes![uri].length, 5);
  await assert.rejects(server.conn.sendRequest(RenameRequest.type, { textDocument: td, position: p, newName: '$a b' }), /not a valid WebAssembly identifier/);
});

test('documentSymbol, completion, signature help', async () => {
  const syms = (await server.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: td })) as DocumentSymbol[];
  assert.deepEqual(syms.map((s) => s.name).slice(-2), ['$fib', '$main']);
  const items = (await server.conn.sendRequest(CompletionRequest.type, { textDocument: td, position: posOf(FIB, '(local.get $i)))', 11) })) as CompletionItem[];
  assert.deepEqual(items.map((i) => i.label), ['$i', '$result']);
  // Typing the space after `local.get` opens the list by itself (space is a trigger character).
  const onSpace = (await server.conn.sendRequest(CompletionRequest.type, { textDocument: td, position: posOf(FIB, '(local.get $i)))', 11), context: { triggerKind: 2, triggerCharacter: ' ' } })) as CompletionItem[];
  assert.deepEqual(onSpace.map((i) => i.label), ['$i', '$result']);
  const sh = await server.conn.sendRequest(SignatureHelpRequest.type, { textDocument: td, position: posOf(FIB, '(i32.const 4)') });
  assert.equal(sh!.signatures[0].label, '$log($ptr i32, $len i32) -> []');
  assert.equal(sh!.activeParameter, 1);
});

test('semantic tokens, folding ranges, inlay hints', async () => {
  const st = await server.conn.sendRequest(SemanticTokensRequest.type, { textDocument: td });
  assert.ok(st!.data.length > 5 * 50 && st!.data.length % 5 === 0);
  const folds = await server.conn.sendRequest(FoldingRangeRequest.type, { textDocument: td });
  assert.ok(folds!.some((f) => f.startLine === 0 && f.endLine === FIB.split('\n').length - 2));
  const hints = await server.conn.sendRequest(InlayHintRequest.type, { textDocument: td, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
  assert.ok(hints!.some((h) => h.label === 'ptr:'));
});

test('formatting and code actions', async () => {
  const messy = FIB.replace(/\n\s+/g, '\n');
  const v = server.diagnostics(uri, 3);
  server.change(uri, 3, messy);
  await v;
  const edits = await server.conn.sendRequest(DocumentFormattingRequest.type, { textDocument: td, options: { tabSize: 4, insertSpaces: true } });
  const lines = messy.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const out = [...edits!].reverse().reduce((t, e) => t.slice(0, off(e.range.start)) + e.newText + t.slice(off(e.range.end)), messy);
  assert.equal(out, FIB);
  const broken = FIB.replace('(local.get $i)))', '(local.get $tmp)))');
  const v4 = server.diagnostics(uri, 4);
  server.change(uri, 4, broken);
  const diags = (await v4).diagnostics;
  const actions = await server.conn.sendRequest(CodeActionRequest.type, { textDocument: td, range: diags[0].range, context: { diagnostics: diags } });
  assert.deepEqual(actions!.map((a) => a.title), ['Declare (local $tmp i32)']);
});

test('shutdown and exit end the process with code 0', async () => {
  assert.equal(await server.stop(), 0);
  assert.equal(server.stderr.join(''), '');
});
