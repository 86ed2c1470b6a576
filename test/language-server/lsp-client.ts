/**
 * Starts the real WAT language server as a child process speaking LSP over stdio, the way the
 * extension does: the esbuild bundle of src/language-server/main.ts (built into a temporary
 * folder, so dist/ is left alone) run with `--stdio`. Shared by the tests and the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type InitializeResult,
  type Range,
} from 'vscode-languageserver-protocol/node';

const root = join(__dirname, '..', '..');
let bundle: string | undefined;

/** Builds the server bundle once per process (~0.1 s). */
export function serverBundle(): string {
  if (!bundle) {
    const out = join(mkdtempSync(join(tmpdir(), 'wat-ls-')), 'language-server.js');
    buildSync({ entryPoints: [join(root, 'src/language-server/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: out, logLevel: 'error' });
    bundle = out;
  }
  return bundle;
}

export interface Server {
  conn: ProtocolConnection;
  child: ChildProcess;
  init: InitializeResult;
  /** Resolves with the next diagnostics published for `uri` (optionally for a given version). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, version?: number): Promise<PublishDiagnosticsParams>;
  change(uri: string, version: number, text: string): void;
  /** An incremental change, as an editor sends a keystroke (the server syncs incrementally). */
  edit(uri: string, version: number, range: Range, text: string): void;
  stop(): Promise<number | null>;
  stderr: string[];
  /** publishDiagnostics notifications received so far (all URIs). */
  published: number;
}

export async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, [serverBundle(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    server.published++;
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  conn.listen();
  const init = await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { rename: { prepareSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
    workspaceFolders: null,
  });
  await conn.sendNotification(InitializedNotification.type, {});
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const server: Server = {
    conn,
    child,
    init,
    stderr,
    published: 0,
    diagnostics: (uri, version) => new Promise((resolve) => waiters.push({ uri, version, resolve })),
    async open(uri, text, version = 1) {
      const d = server.diagnostics(uri, version);
      await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'wat', version, text } });
      return d;
    },
    change(uri, version, text) {
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    edit(uri, version, range, text) {
      void conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    },
    async stop() {
      await conn.sendRequest(ShutdownRequest.type);
      await conn.sendNotification(ExitNotification.type);
      const code = await exited;
      conn.dispose();
      return code;
    },
  };
  return server;
}
