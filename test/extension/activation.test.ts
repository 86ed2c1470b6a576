/**
 * Activation of the bundled extension (dist/extension.js as esbuild makes it) in a folder with no
 * node_modules — as if serialport, noble and the other entry points were missing — against a
 * minimal fake of the `vscode` API. Activation must succeed and say what is missing; the real VS
 * Code run is test/e2e.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Module from 'node:module';
import { buildSync } from 'esbuild';
import { COMMANDS } from '../../src/extension/constants';

const root = join(__dirname, '..', '..');

function fakeVscode() {
  const logs: string[] = [];
  const commands = new Map<string, (...a: unknown[]) => unknown>();
  const factories = new Map<string, { createDebugAdapterDescriptor(s: unknown): unknown }>();
  const providers: string[] = [];
  const hoverProviders: string[] = [];
  const statusItems: { text: string; show(): void; shown: boolean }[] = [];
  const disposable = { dispose() {} };
  // Anything not listed is a harmless constructor/function (vscode-languageclient extends some classes at load).
  const dummy = function Dummy() {} as unknown as new () => object;
  const channel = (name: string) => {
    const w = (level: string) => (msg: string) => logs.push(`${name} [${level}] ${msg}`);
    return { name, info: w('info'), warn: w('warn'), error: w('error'), debug: w('debug'), trace: w('trace'), appendLine: w('line'), append: w('text'), show() {}, dispose() {} };
  };
  class EventEmitter<T> {
    private ls: ((e: T) => void)[] = [];
    event = (l: (e: T) => void) => {
      this.ls.push(l);
      return disposable;
    };
    fire(e: T) {
      for (const l of this.ls) l(e);
    }
    dispose() {}
  }
  const known: Record<string, unknown> = {
    version: '1.100.0',
    EventEmitter,
    Disposable: Object.assign(function Disposable() {}, { from: () => disposable }),
    ThemeColor: function ThemeColor() {},
    StatusBarAlignment: { Left: 1, Right: 2 },
    DebugConfigurationProviderTriggerKind: { Initial: 1, Dynamic: 2 },
    ProgressLocation: { Notification: 15 },
    DebugAdapterExecutable: function DebugAdapterExecutable(this: object, command: string, args: string[]) { Object.assign(this, { command, args }); },
    window: {
      createOutputChannel: (name: string) => channel(name),
      createStatusBarItem: () => {
        const item = { text: '', shown: false, show() { item.shown = true; }, dispose() {} };
        statusItems.push(item);
        return item;
      },
      showErrorMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      setStatusBarMessage: () => disposable,
      activeTextEditor: undefined,
    },
    languages: { createDiagnosticCollection: () => ({ set() {}, dispose() {} }), registerEvaluatableExpressionProvider: (lang: string) => (hoverProviders.push(lang), disposable) },
    workspace: { getConfiguration: () => ({ get: () => undefined }), workspaceFolders: undefined, textDocuments: [], createFileSystemWatcher: () => disposable, registerTextDocumentContentProvider: () => disposable, onDidCloseTextDocument: () => disposable },
    commands: { registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => (commands.set(id, fn), disposable), executeCommand: async () => undefined },
    debug: {
      registerDebugAdapterDescriptorFactory: (type: string, f: { createDebugAdapterDescriptor(s: unknown): unknown }) => (factories.set(type, f), disposable),
      registerDebugConfigurationProvider: (type: string) => (providers.push(type), disposable),
      onDidStartDebugSession: () => disposable,
      onDidTerminateDebugSession: () => disposable,
      onDidReceiveDebugSessionCustomEvent: () => disposable,
      registerDebugAdapterTrackerFactory: () => disposable,
    },
  };
  const api = new Proxy(known, { get: (t, k: string) => (k in t ? t[k] : (t[k] = dummy)) });
  return { api, logs, commands, factories, providers, hoverProviders, statusItems };
}

test('the bundled extension activates without native modules or the other entry points, and says what is missing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nrfw-activate-'));
  const outfile = join(dir, 'dist', 'extension.js');
  buildSync({
    entryPoints: [join(root, 'src/extension/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error',
    external: ['vscode', 'serialport', '@stoprocent/noble'], outfile,
  });
  const fake = fakeVscode();
  const M = Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string };
  const orig = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : orig.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fake.api } as unknown as NodeJS.Module;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ext = require(outfile) as { activate(ctx: unknown): Promise<unknown>; deactivate(): Promise<void> };
    const state = new Map<string, unknown>();
    const ctx = {
      subscriptions: [] as unknown[], extensionPath: dir, extension: { packageJSON: { version: '0.1.0' } },
      workspaceState: { get: (k: string) => state.get(k), update: async (k: string, v: unknown) => void state.set(k, v) },
    };
    await ext.activate(ctx);
    await new Promise((r) => setTimeout(r, 50)); // the language client starts in the background
    const log = fake.logs.join('\n');
    assert.match(log, /nRF WASM \[info\] nRF WASM activated$/m);
    assert.doesNotMatch(log, /activated without/);
    assert.match(log, /\[warn\] The WAT language server .* is not available: language-server\.js is missing/);
    for (const id of Object.values(COMMANDS)) assert.ok(fake.commands.has(id), `command ${id} registered`);
    assert.deepEqual(fake.providers, ['nrf-wasm', 'nrf-wasm']);
    assert.deepEqual(fake.hoverProviders, ['wat'], 'debug hovers evaluate WAT $names');
    assert.ok(fake.statusItems[0]?.shown);
    assert.equal(fake.statusItems[0].text, '$(circuit-board) Simulator');
    // Debugging without dist/debug-adapter.js: a clear message, not a crash.
    assert.throws(() => fake.factories.get('nrf-wasm')!.createDebugAdapterDescriptor({ name: 's' }), /Debugging is not available: debug-adapter\.js is missing/);
    // Starting the simulator without dist/simulator.js: the command reports it.
    await fake.commands.get(COMMANDS.startSimulator)!();
    assert.match(fake.logs.join('\n'), /\[error\] The simulator is not part of this build/);
    await ext.deactivate();
  } finally {
    M._resolveFilename = orig;
    delete require.cache.vscode;
  }
});
