/**
 * WAT grammar speed: tokenising a generated 10,000-line module with vscode-textmate + oniguruma
 * (VS Code's engine), cold (first run, as when a file is opened) and warm (median of 7), in
 * lines/s of CPU time (steadier than wall time on a shared machine); then the pathological inputs
 * of test/grammar. `GRAMMAR_BASE=path` also measures another copy of the grammar (e.g. the one on
 * main), interleaved with ours in this process, and prints the ratio: before/after figures.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import * as vsctm from 'vscode-textmate';
import { PATHOLOGICAL, generateWat } from '../test/grammar/generate';
import { ROOT_SCOPE, grammarPath, loadOnigLib, root, tokenizeWith } from '../test/grammar/tokenize';

const LINES = 10_000;
const REPS = 7;

async function load(path: string): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: loadOnigLib(),
    loadGrammar: async (s) => (s === ROOT_SCOPE ? vsctm.parseRawGrammar(readFileSync(path, 'utf8'), path) : null),
  });
  const g = await registry.loadGrammar(ROOT_SCOPE);
  if (!g) throw new Error(`cannot load ${path}`);
  return g;
}

/** CPU milliseconds of `f`. */
function cpu(f: () => void): number {
  const c = process.cpuUsage();
  f();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

const rate = (ms: number) => `${Math.round(LINES / (ms / 1000)).toLocaleString('en-US')} lines/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main(): Promise<void> {
  const text = generateWat(LINES);
  const paths = [grammarPath, ...(process.env.GRAMMAR_BASE ? [process.env.GRAMMAR_BASE] : [])];
  const grammars = await Promise.all(paths.map(load));
  const cold = grammars.map((g) => cpu(() => tokenizeWith(g, text)));
  const warm: number[][] = grammars.map(() => []);
  for (let i = 0; i < REPS; i++) grammars.forEach((g, k) => warm[k].push(cpu(() => tokenizeWith(g, text))));
  const tokens = tokenizeWith(grammars[0], text).length;
  console.log(`${LINES} generated lines (${text.length} chars, ${tokens} tokens), CPU time:`);
  paths.forEach((p, k) => {
    console.log(`  ${relative(root, p) || p}: cold ${cold[k].toFixed(0)} ms (${rate(cold[k])}), warm median ${median(warm[k]).toFixed(0)} ms (${rate(median(warm[k]))})`);
  });
  if (paths.length > 1) console.log(`  ours / base, warm median: ${(median(warm[0]) / median(warm[1])).toFixed(2)}x the time`);
  console.log('pathological inputs:');
  for (const [name, src] of Object.entries(PATHOLOGICAL)) {
    console.log(`  ${name}: ${src.length} chars in ${cpu(() => tokenizeWith(grammars[0], src)).toFixed(0)} ms`);
  }
}
