// Diagnostics: syntax, name resolution and validation errors of the toolchain, as LSP diagnostics
// (ranges are already LSP-shaped: 0-based, UTF-16 columns).

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { WatDocument } from './document';

export const SOURCE = 'wat';

export function diagnostics(doc: WatDocument): Diagnostic[] {
  return doc.diagnostics.map((d) => ({
    range: d.range,
    message: d.message,
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: SOURCE,
  }));
}
