// Benchmark of the WAT language server on a generated 10,000-line module (bench/wat-assemble.ts's
// generator): in process, the cost of each feature on a fresh version of the document; over the
// real stdio server (the esbuild bundle the extension starts), time to first diagnostics, to
// diagnostics after an edit, and hover / completion / definition latency (p50, p95).
// Run: node --import tsx bench/language-server.ts [lines]

import { performance } from 'node:perf_hooks';
import { CompletionRequest, DefinitionRequest, HoverRequest, SemanticTokensRequest } from 'vscode-languageserver-protocol/node';
import { WatLanguageService } from '../src/language-server/service';
import { startServer } from '../test/language-server/lsp-client';
import { generateModule } from './wat-assemble';

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);

/** Position of the k-th occurrence of `needle` (k spread over the file). */
function positions(text: string, needle: string, count: number, delta: number): { line: number; character: number }[] {
  const offs: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) offs.push(i);
  if (offs.length === 0) throw new Error(`bench: ${needle} not in the module`);
  const out: { line: number; character: number }[] = [];
  for (let k = 0; k < count; k++) {
    const off = offs[Math.floor((k * offs.length) / count)] + delta;
    const before = text.slice(0, off);
    out.push({ line: before.split('\n').length - 1, character: off - before.lastIndexOf('\n') - 1 });
  }
  return out;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<string[]> {
  const lines = Number(argv[0] ?? 10000);
  const text = generateModule(lines);
  const lineCount = text.split('\n').length - 1;
  const uri = 'file:///bench.wat';
  const report: string[] = [];
  const say = (s: string): void => {
    report.push(s);
    console.log(s);
  };

  // In process: each feature on a fresh version (so it pays for the parse it needs), median of 7.
  const svc = new WatLanguageService();
  const hoverAt = positions(text, '(local.get $acc)', 1, 12)[0];
  const completeAt = positions(text, '(call $log', 1, 6)[0];
  let version = 0;
  const fresh = (): void => void svc.update(uri, ++version, text + ' '.repeat(version % 2));
  const time = (f: () => unknown, reps = 7): number => {
    const xs: number[] = [];
    for (let i = 0; i < reps; i++) {
      fresh();
      const t = performance.now();
      f();
      xs.push(performance.now() - t);
    }
    return pct(xs, 0.5);
  };
  for (let i = 0; i < 3; i++) (fresh(), svc.diagnostics(uri), svc.semanticTokens(uri), svc.formatting(uri)); // JIT warm-up
  const diag = time(() => svc.diagnostics(uri));
  const feats: [string, () => unknown][] = [
    ['hover (incl. parse)', () => svc.hover(uri, hoverAt)],
    ['completion (incl. parse)', () => svc.completion(uri, completeAt)],
    ['semantic tokens (incl. parse)', () => svc.semanticTokens(uri)],
    ['document symbols (incl. parse)', () => svc.documentSymbols(uri)],
    ['folding ranges (token scan only)', () => svc.foldingRanges(uri)],
    ['formatting (token scan only)', () => svc.formatting(uri)],
  ];
  say(`module: ${lineCount} lines, ${text.length} chars`);
  say(`in process: diagnostics (parse + resolve + validate) ${f1(diag)} ms (median of 7)`);
  for (const [name, f] of feats) say(`in process: ${name} ${f1(time(f))} ms`);
  // Cached: a second request on the same version parses nothing.
  fresh();
  svc.hover(uri, hoverAt);
  const cached: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    svc.hover(uri, hoverAt);
    cached.push(performance.now() - t);
  }
  say(`in process: hover on an already analysed version p50 ${f2(pct(cached, 0.5))} ms (${f1(diag / pct(cached, 0.5))}x cheaper than a re-parse)`);

  // Over stdio.
  const server = await startServer();
  try {
    let t = performance.now();
    const d1 = await server.open(uri, text, 1);
    const open = performance.now() - t;
    say(`stdio: didOpen -> publishDiagnostics ${f1(open)} ms (${d1.diagnostics.length} diagnostics)`);
    // Edit -> diagnostics as an editor does it: one incremental keystroke-sized change per version
    // (the server declares incremental sync), timed from sending it to the publishDiagnostics of
    // that version. No debounce: this is the parse + resolve + validate + send cost, plus the wire.
    const at = positions(text, 'i32.const 0x10', 1, 12)[0]; // the '1' of 0x10
    const digit = { start: at, end: { line: at.line, character: at.character + 1 } };
    let ver = 1;
    const editOnce = async (): Promise<number> => {
      ver++;
      const p = server.diagnostics(uri, ver);
      const s = performance.now();
      server.edit(uri, ver, digit, ver % 2 ? '0' : '1');
      await p;
      return performance.now() - s;
    };
    for (let k = 0; k < 5; k++) await editOnce(); // warm-up
    const waits: number[] = [];
    for (let k = 0; k < 40; k++) waits.push(await editOnce());
    say(`stdio: edit (incremental didChange) -> publishDiagnostics p50 ${f1(pct(waits, 0.5))} ms, p95 ${f1(pct(waits, 0.95))} ms (40 edits, goal <= 50 ms, no debounce)`);
    // A burst of 5 keystrokes sent back to back: one analysis, of the last version.
    const bursts: number[] = [];
    const before = server.published;
    for (let k = 0; k < 10; k++) {
      const last = ver + 5;
      const p = server.diagnostics(uri, last);
      const s = performance.now();
      for (let j = 0; j < 5; j++) server.edit(uri, ++ver, digit, ver % 2 ? '0' : '1');
      await p;
      bursts.push(performance.now() - s);
    }
    const published = server.published - before;
    say(`stdio: burst of 5 edits -> diagnostics of the last p50 ${f1(pct(bursts, 0.5))} ms, p95 ${f1(pct(bursts, 0.95))} ms (${published} publishes for 50 edits)`);
    const td = { uri };
    const measure = async (name: string, req: (k: number) => Promise<unknown>, n = 100): Promise<number> => {
      for (let k = 0; k < 10; k++) await req(k);
      const xs: number[] = [];
      for (let k = 0; k < n; k++) {
        const s = performance.now();
        await req(k);
        xs.push(performance.now() - s);
      }
      say(`stdio: ${name} p50 ${f2(pct(xs, 0.5))} ms, p95 ${f2(pct(xs, 0.95))} ms (${n} requests)`);
      return pct(xs, 0.5);
    };
    const hovers = positions(text, '(local.get $i)', 100, 12);
    const calls = positions(text, '(call $log', 100, 6);
    const locals = positions(text, '(local.get $a)', 100, 11);
    const h = await measure('hover', (k) => server.conn.sendRequest(HoverRequest.type, { textDocument: td, position: hovers[k % 100] }));
    await measure('completion after `call `', (k) => server.conn.sendRequest(CompletionRequest.type, { textDocument: td, position: calls[k % 100] }));
    await measure('completion after `local.get `', (k) => server.conn.sendRequest(CompletionRequest.type, { textDocument: td, position: locals[k % 100] }));
    await measure('definition', (k) => server.conn.sendRequest(DefinitionRequest.type, { textDocument: td, position: hovers[k % 100] }));
    await measure('completion right after an edit (incl. parse)', (k) => {
      server.edit(uri, ++ver, digit, ver % 2 ? '0' : '1');
      return server.conn.sendRequest(CompletionRequest.type, { textDocument: td, position: locals[k % 100] });
    }, 30);
    const st = await measure('semantic tokens (full, cached parse)', () => server.conn.sendRequest(SemanticTokensRequest.type, { textDocument: td }), 10);
    say(`ratio: time to diagnostics on open / hover p50 = ${f1(open / h)}; semantic tokens / hover = ${f1(st / h)}`);
  } finally {
    await server.stop();
  }
  return report;
}

if (require.main === module) void main();
