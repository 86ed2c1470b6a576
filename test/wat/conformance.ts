// Conformance of src/wat against the official spec test scripts (../shared/wasm-testsuite):
//  - every module wabt accepts (outside assert_malformed/assert_invalid) must assemble byte-identically;
//  - every text `assert_malformed` module must be rejected with a positioned error;
//  - every text `assert_invalid` module must get a diagnostic (validation, or resolution/syntax).
// Shared by test/wat/conformance.test.ts and bench/wat-conformance.ts.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, parseWast, parseWat, validate, ScriptModule, Diagnostic } from '../../src/wat';
import { loadWabt, wabtAssemble } from './wabt-oracle';

export const repoRoot = join(__dirname, '..', '..');
export const suiteDir = join(repoRoot, '..', 'shared', 'wasm-testsuite');

export function suiteAvailable(): boolean {
  return existsSync(suiteDir);
}

export interface Counts {
  /** Modules wabt accepts (outside assert_malformed/invalid) and how many we assemble identically. */
  accepted: number;
  identical: number;
  /** Text/quote modules of assert_malformed, and how many we reject with a positioned error. */
  malformed: number;
  malformedRejected: number;
  /** Text/quote modules of assert_invalid, how many we flag, and how many of those by the validator. */
  invalid: number;
  invalidFlagged: number;
  invalidByValidator: number;
  /** Binary modules (we do not decode binaries): skipped. */
  binarySkipped: number;
  failures: string[];
}

interface Item {
  file: string;
  command: string;
  line: number;
  src: string;
}

function moduleSource(text: string, m: ScriptModule): string | undefined {
  if (m.form === 'binary') return undefined;
  return m.form === 'quote' ? m.quote! : text.slice(m.start, m.end);
}

export function suiteFiles(): string[] {
  return readdirSync(suiteDir).filter((f) => f.endsWith('.wast')).sort();
}

function hasPositionedError(ds: Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error' && d.range && d.range.start.line >= 0 && d.message.length > 0);
}

export async function runConformance(filter?: (file: string) => boolean): Promise<Counts> {
  const wabt = await loadWabt();
  const c: Counts = {
    accepted: 0, identical: 0, malformed: 0, malformedRejected: 0, invalid: 0, invalidFlagged: 0, invalidByValidator: 0, binarySkipped: 0,
    failures: [],
  };
  for (const file of suiteFiles()) {
    if (filter && !filter(file)) continue;
    const text = readFileSync(join(suiteDir, file), 'utf8');
    const wast = parseWast(text, file);
    const items: Item[] = [];
    for (const cmd of wast.script.commands) {
      const m: ScriptModule | undefined = cmd.command === 'module' ? cmd : 'module' in cmd && cmd.module && 'form' in cmd.module ? cmd.module : undefined;
      if (!m) continue;
      const src = moduleSource(text, m);
      if (src === undefined) {
        c.binarySkipped++;
        continue;
      }
      items.push({ file, command: cmd.command, line: wast.lines.positionAt(cmd.start).line + 1, src });
    }
    for (const it of items) {
      const where = `${it.file}:${it.line}`;
      if (it.command === 'assert_malformed') {
        c.malformed++;
        const r = assemble(it.src, { validate: false });
        if (hasPositionedError(r.diagnostics)) c.malformedRejected++;
        else c.failures.push(`${where}: malformed module accepted`);
      } else if (it.command === 'assert_invalid') {
        c.invalid++;
        const p = parseWat(it.src);
        const ds = validate(p);
        if (hasPositionedError(ds)) {
          c.invalidFlagged++;
          if (ds.some((d) => d.code === 'validation')) c.invalidByValidator++;
        } else c.failures.push(`${where}: invalid module not flagged`);
      } else {
        const ref = wabtAssemble(wabt, it.src);
        if (!ref) continue;
        c.accepted++;
        const r = assemble(it.src);
        if (!r.wasm) {
          c.failures.push(`${where}: rejected (${r.diagnostics[0]?.message})`);
        } else if (Buffer.compare(Buffer.from(r.wasm), Buffer.from(ref)) !== 0) {
          c.failures.push(`${where}: bytes differ from wabt`);
        } else if (!r.ok) {
          c.failures.push(`${where}: identical bytes but diagnostics: ${r.diagnostics[0].message}`);
          c.identical++;
        } else c.identical++;
      }
    }
  }
  return c;
}

export function formatCounts(c: Counts): string[] {
  const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : '100.0') + '%';
  return [
    `byte-identical with wabt: ${c.identical} / ${c.accepted} (${pct(c.identical, c.accepted)})`,
    `assert_malformed rejected: ${c.malformedRejected} / ${c.malformed} (${pct(c.malformedRejected, c.malformed)})`,
    `assert_invalid flagged: ${c.invalidFlagged} / ${c.invalid} (${pct(c.invalidFlagged, c.invalid)}; by the validator: ${c.invalidByValidator})`,
    `binary modules skipped: ${c.binarySkipped}`,
  ];
}
