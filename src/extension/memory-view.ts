/**
 * "Show Memory": the debuggee's linear memory as a read-only hex dump document, read with the
 * session's DAP readMemory and refreshed at every stop and memory change. It needs no other
 * extension and no network (VS Code's own "View Binary Data" needs the Hex Editor extension from
 * the marketplace, and fails offline). Opened from the Variables view (the memory scope's
 * "linear memory", or any value with a memory reference) or the command palette.
 */
import * as vscode from 'vscode';
import { COMMANDS, DEBUG_TYPE } from './constants';
import type { Ext } from './ext';
import { hexDump, type HexDump } from './hex-dump';

export const MEMORY_SCHEME = 'nrf-wasm-memory';
/** Bytes read per readMemory request, and the most the view shows. */
const CHUNK = 16 * 1024;
const MAX_BYTES = 1024 * 1024;

interface VariablesContext {
  sessionId?: string;
  variable?: { name?: string; memoryReference?: string };
}

export function registerMemoryView(ext: Ext): vscode.Disposable[] {
  const sessions = new Map<string, vscode.DebugSession>();
  const dumps = new Map<string, HexDump>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const open = new Set<string>();

  const refresh = (sessionId: string) => {
    for (const u of open) if (new URLSearchParams(vscode.Uri.parse(u).query).get('session') === sessionId) changed.fire(vscode.Uri.parse(u));
  };

  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    async provideTextDocumentContent(uri) {
      open.add(uri.toString());
      const q = new URLSearchParams(uri.query);
      const session = sessions.get(q.get('session') ?? '');
      if (!session) return 'The debug session of this memory view has ended.\n';
      const text = await readAll(session);
      if (typeof text === 'string') return text;
      dumps.set(uri.toString(), text);
      return text.text;
    },
  };

  const show = async (arg?: unknown) => {
    const ctx = (arg ?? {}) as VariablesContext;
    const session = (ctx.sessionId && sessions.get(ctx.sessionId)) || (vscode.debug.activeDebugSession?.type === DEBUG_TYPE ? vscode.debug.activeDebugSession : undefined);
    if (!session) {
      void vscode.window.showInformationMessage('Show Memory works while an nRF WASM debug session is stopped.');
      return;
    }
    const address = parseAddress(ctx.variable?.memoryReference) ?? 0;
    const uri = vscode.Uri.from({ scheme: MEMORY_SCHEME, path: `/${session.name} memory.hexdump`, query: new URLSearchParams({ session: session.id }).toString() });
    if (open.has(uri.toString())) changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    const line = dumps.get(uri.toString())?.lineOf(address) ?? 0;
    const pos = new vscode.Position(Math.min(line, doc.lineCount - 1), 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
    ext.log.info(`memory view of "${session.name}" at 0x${address.toString(16)}`);
  };

  return [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(MEMORY_SCHEME, provider),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme !== MEMORY_SCHEME) return;
      open.delete(d.uri.toString());
      dumps.delete(d.uri.toString());
    }),
    vscode.debug.onDidStartDebugSession((s) => s.type === DEBUG_TYPE && sessions.set(s.id, s)),
    vscode.debug.onDidTerminateDebugSession((s) => {
      if (!sessions.delete(s.id)) return;
      refresh(s.id);
    }),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: (s) => ({
        onDidSendMessage: (m: { type?: string; event?: string }) => {
          if (m.type === 'event' && (m.event === 'stopped' || m.event === 'memory')) refresh(s.id);
        },
      }),
    }),
    vscode.commands.registerCommand(COMMANDS.showMemory, show),
  ];
}

function parseAddress(ref: string | undefined): number | undefined {
  if (!ref) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(ref.trim()) ? parseInt(ref, 16) : Number(ref);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The whole linear memory (up to MAX_BYTES), read in chunks until the device has no more. */
async function readAll(session: vscode.DebugSession): Promise<HexDump | string> {
  const parts: Buffer[] = [];
  let total = 0;
  try {
    while (total < MAX_BYTES) {
      const r = (await session.customRequest('readMemory', { memoryReference: '0x0', offset: total, count: CHUNK })) as { data?: string; unreadableBytes?: number };
      const b = Buffer.from(r.data ?? '', 'base64');
      parts.push(b);
      total += b.length;
      if (b.length < CHUNK) break;
    }
  } catch (e) {
    return `Cannot read the memory: ${(e as Error).message}\n`;
  }
  const data = Buffer.concat(parts);
  const kib = data.length / 1024;
  const header = [
    `Linear memory of "${session.name}": ${data.length === 0 ? 'none (the module has no memory)' : `${kib} KiB`}${total >= MAX_BYTES ? ` (the first ${MAX_BYTES / 1024 / 1024} MiB)` : ''}. Read-only; refreshed at every stop. In the Debug Console, i32[0x100] reads a value.`,
    '',
  ];
  return hexDump(data, 0, header);
}
