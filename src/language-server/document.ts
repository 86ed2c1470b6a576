// One open document, analysed lazily and at most once per version: the parse, the diagnostics,
// the symbol table and the token scan are computed on first use and shared by every feature.

import { Func, LineIndex, Module, ParsedWat, Position, Range, SymbolTable, collectSymbols, parseWast, parseWat, validate } from '../wat';
import type { Diagnostic as WatDiagnostic } from '../wat';
import { Scan, scan } from './scan';

export class WatDocument {
  private _parsed: ParsedWat | undefined;
  private _lines: LineIndex | undefined;
  private _diagnostics: WatDiagnostic[] | undefined;
  private _symbols: SymbolTable | undefined;
  private _scan: Scan | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
  ) {}

  /** `.wast` scripts: syntax diagnostics, folding, formatting; no module semantics. */
  get isScript(): boolean {
    return /\.wast$/i.test(this.uri);
  }

  get parsed(): ParsedWat {
    return (this._parsed ??= parseWat(this.text, this.uri));
  }

  get module(): Module {
    return this.parsed.module;
  }

  get lines(): LineIndex {
    if (!this._lines) this._lines = this.isScript ? new LineIndex(this.text) : this.parsed.lines;
    return this._lines;
  }

  /** Syntax, name resolution and validation diagnostics (validation only once the first two are clean). */
  get diagnostics(): WatDiagnostic[] {
    if (!this._diagnostics) this._diagnostics = this.isScript ? parseWast(this.text, this.uri).diagnostics : validate(this.parsed);
    return this._diagnostics;
  }

  /** Definitions and references; needs resolved names, which validate() provides. */
  get symbols(): SymbolTable {
    if (!this._symbols) {
      if (this.isScript) this._symbols = { defs: [], refs: [], at: () => undefined, referencesTo: () => [] };
      else {
        void this.diagnostics;
        this._symbols = collectSymbols(this.parsed.module);
      }
    }
    return this._symbols;
  }

  get tokens(): Scan {
    return (this._scan ??= scan(this.text));
  }

  offsetAt(p: Position): number {
    return this.lines.offsetAt(p);
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  range(start: number, end: number): Range {
    return this.lines.rangeOf(start, end);
  }

  /** The function whose source span contains `offset` (its `(func` ... `)`). */
  funcAt(offset: number): { func: Func; index: number } | undefined {
    if (this.isScript) return undefined;
    const funcs = this.module.funcs;
    for (let i = 0; i < funcs.length; i++) {
      const f = funcs[i];
      if (offset > f.start && offset <= f.end) return { func: f, index: i };
    }
    return undefined;
  }
}

/** Latest analysed version per URI: a feature request for an unchanged version reuses everything. */
export class DocumentCache {
  private docs = new Map<string, WatDocument>();

  update(uri: string, version: number, text: string): WatDocument {
    const d = this.docs.get(uri);
    if (d && d.version === version && d.text.length === text.length && d.text === text) return d;
    const nd = new WatDocument(uri, version, text);
    this.docs.set(uri, nd);
    return nd;
  }

  get(uri: string): WatDocument | undefined {
    return this.docs.get(uri);
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }
}
