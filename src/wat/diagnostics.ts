// Diagnostics, LSP-shaped (0-based line/character), plus the offset-based form used internally.

import type { LineIndex, Range } from './lines';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  message: string;
  range: Range;
  severity: Severity;
  /** 'syntax' (malformed text), 'resolve' (unknown/duplicate names), 'validation' (type errors). */
  code?: string;
}

/** Offset-based diagnostic; converted to `Diagnostic` with a LineIndex once per result. */
export interface RawDiagnostic {
  message: string;
  start: number;
  end: number;
  severity: Severity;
  code: string;
}

export function toDiagnostics(lines: LineIndex, raws: RawDiagnostic[]): Diagnostic[] {
  return raws.map((r) => ({ message: r.message, range: lines.rangeOf(r.start, r.end), severity: r.severity, code: r.code }));
}

/** Thrown inside the parser to abandon the current construct; caught at a recovery point. */
export class SyntaxErr extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
    /** Token index where the error was detected (for skipping). */
    readonly tok: number,
  ) {
    super(message);
  }
}
