// Shared helpers for the WAT grammar tests: load syntaxes/wat.tmLanguage.json with vscode-textmate +
// vscode-oniguruma (the same engine VS Code uses) and turn text into (line, column, text, scopes) tokens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const root = join(__dirname, '..', '..');
export const grammarPath = join(root, 'syntaxes', 'wat.tmLanguage.json');
export const languageConfigurationPath = join(root, 'syntaxes', 'wat.language-configuration.json');
export const fixturesDir = join(__dirname, 'fixtures');
export const ROOT_SCOPE = 'source.wat';

export interface Token {
  /** 1-based line number. */
  line: number;
  /** 1-based column (UTF-16 code units, as VS Code counts). */
  col: number;
  text: string;
  /** Scopes from outermost to innermost, without the root scope `source.wat`. */
  scopes: string[];
}

let onigLib: Promise<vsctm.IOnigLib> | undefined;

/** vscode-oniguruma's WASM can be loaded only once per process. */
export function loadOnigLib(): Promise<vsctm.IOnigLib> {
  onigLib ??= oniguruma
    .loadWASM(readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm')))
    .then(() => ({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }));
  return onigLib;
}

let grammar: Promise<vsctm.IGrammar> | undefined;

export function loadGrammar(): Promise<vsctm.IGrammar> {
  grammar ??= (async () => {
    const registry = new vsctm.Registry({
      onigLib: loadOnigLib(),
      loadGrammar: async (scopeName) =>
        scopeName === ROOT_SCOPE ? vsctm.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath) : null,
    });
    const g = await registry.loadGrammar(ROOT_SCOPE);
    if (!g) throw new Error(`cannot load ${grammarPath}`);
    return g;
  })();
  return grammar;
}

/** Tokenises a whole document (lines separated by \n or \r\n), carrying the rule stack across lines. */
export function tokenizeWith(g: vsctm.IGrammar, text: string): Token[] {
  const out: Token[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((lineText, i) => {
    const r = g.tokenizeLine(lineText, stack);
    for (const t of r.tokens) {
      const s = lineText.slice(t.startIndex, t.endIndex);
      if (s === '') continue;
      out.push({ line: i + 1, col: t.startIndex + 1, text: s, scopes: t.scopes.filter((x) => x !== ROOT_SCOPE) });
    }
    stack = r.ruleStack;
  });
  return out;
}

export async function tokenize(text: string): Promise<Token[]> {
  return tokenizeWith(await loadGrammar(), text);
}

/**
 * The snapshot format: every source line is echoed after "> ", followed by one line per token that
 * is not bare whitespace: `line:col "text" => scope scope …` (outermost first, root scope omitted,
 * "-" when the token has no scope but the root one).
 */
export function renderSnapshot(header: string, text: string, tokens: Token[]): string {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [header];
  lines.forEach((src, i) => {
    out.push(`> ${src}`.trimEnd());
    for (const t of tokens) {
      if (t.line !== i + 1) continue;
      if (t.scopes.length === 0 && /^\s*$/.test(t.text)) continue;
      out.push(`${t.line}:${t.col} ${JSON.stringify(t.text)} => ${t.scopes.length ? t.scopes.join(' ') : '-'}`);
    }
  });
  return out.join('\n') + '\n';
}
