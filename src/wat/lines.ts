// Offset <-> line/column conversion. Positions are 0-based; columns count UTF-16 code units
// (what JS strings, LSP and VS Code use).

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export class LineIndex {
  private starts: Int32Array | undefined;

  constructor(readonly text: string) {}

  /**
   * Offset of the first character of each line, computed on first use: assembling a clean module
   * converts no offset, so it need not scan the text for line breaks.
   */
  get lineStarts(): Int32Array {
    return (this.starts ??= lineStartsOf(this.text));
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Line containing `offset` (binary search). */
  lineAt(offset: number): number {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const line = this.lineAt(offset);
    return { line, character: offset - this.lineStarts[line] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const next = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

function lineStartsOf(text: string): Int32Array {
  // Line breaks are LF, CR LF and lone CR (as in LSP / VS Code).
  if (text.indexOf('\r') === -1) {
    // Common case: one indexOf pass into a typed array (estimated 1 line per 32 chars, grown on demand).
    let starts = new Int32Array((text.length >> 5) + 16);
    let k = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (k === starts.length) {
        const g = new Int32Array(k * 2);
        g.set(starts);
        starts = g;
      }
      starts[k++] = i + 1;
    }
    return starts.subarray(0, k);
  } else {
    const starts: number[] = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) starts.push(i + 1);
      else if (c === 0x0d) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        starts.push(i + 1);
      }
    }
    return Int32Array.from(starts);
  }
}
