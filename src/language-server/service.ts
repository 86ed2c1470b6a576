// The language service: every feature as a pure function of (document, position), behind a
// cache that parses each document version once. No I/O; main.ts wires it to LSP over stdio.

import type { Position, Range, FormattingOptions } from 'vscode-languageserver';
import { codeActions } from './code-actions';
import { completion } from './completion';
import { definition, documentHighlights, references } from './definition';
import { diagnostics } from './diagnostics';
import { DocumentCache, WatDocument } from './document';
import { documentSymbols } from './document-symbols';
import { foldingRanges } from './folding';
import { formatting } from './formatting';
import { hover } from './hover';
import { inlayHints } from './inlay-hints';
import { prepareRename, rename } from './rename';
import { semanticTokens } from './semantic-tokens';
import { signatureHelp } from './signature-help';

export { LEGEND as SEMANTIC_TOKENS_LEGEND } from './semantic-tokens';
export { RenameError } from './rename';

export class WatLanguageService {
  readonly cache = new DocumentCache();

  /** Registers the current text of a document (cheap: analysis happens on first use). */
  update(uri: string, version: number, text: string): WatDocument {
    return this.cache.update(uri, version, text);
  }

  close(uri: string): void {
    this.cache.close(uri);
  }

  private doc(uri: string): WatDocument {
    const d = this.cache.get(uri);
    if (!d) throw new Error(`document not open: ${uri}`);
    return d;
  }

  diagnostics(uri: string) { return diagnostics(this.doc(uri)); }
  hover(uri: string, pos: Position) { return hover(this.doc(uri), pos); }
  definition(uri: string, pos: Position) { return definition(this.doc(uri), pos); }
  references(uri: string, pos: Position, includeDeclaration = true) { return references(this.doc(uri), pos, includeDeclaration); }
  documentHighlights(uri: string, pos: Position) { return documentHighlights(this.doc(uri), pos); }
  prepareRename(uri: string, pos: Position) { return prepareRename(this.doc(uri), pos); }
  rename(uri: string, pos: Position, newName: string) { return rename(this.doc(uri), pos, newName); }
  documentSymbols(uri: string) { return documentSymbols(this.doc(uri)); }
  completion(uri: string, pos: Position, trigger?: string) { return completion(this.doc(uri), pos, trigger); }
  semanticTokens(uri: string) { return semanticTokens(this.doc(uri)); }
  foldingRanges(uri: string) { return foldingRanges(this.doc(uri)); }
  formatting(uri: string, options?: Partial<FormattingOptions>, range?: Range) { return formatting(this.doc(uri), options, range); }
  signatureHelp(uri: string, pos: Position) { return signatureHelp(this.doc(uri), pos); }
  inlayHints(uri: string, range?: Range) { return inlayHints(this.doc(uri), range); }
  codeActions(uri: string, range: Range) { return codeActions(this.doc(uri), range); }
}
