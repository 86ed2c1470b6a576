/** Lookups over a ProgramImage: offset → instruction, line → instructions, names → functions. */
import type { FuncInfo, Instr, ProgramImage } from './image';

export class ProgramIndex {
  /** Key: file index and line (see lineKey). */
  private readonly byLine = new Map<number, Instr[]>();
  private readonly funcByIndex = new Map<number, FuncInfo>();
  private readonly funcByName = new Map<string, FuncInfo>();

  constructor(readonly image: ProgramImage) {
    for (const i of image.instrs) {
      if (i.line < 0) continue;
      const k = lineKey(i.file ?? 0, i.line);
      let l = this.byLine.get(k);
      if (!l) this.byLine.set(k, (l = []));
      l.push(i);
    }
    for (const l of this.byLine.values()) l.sort((a, b) => a.column - b.column || a.offset - b.offset);
    for (const f of image.funcs) {
      this.funcByIndex.set(f.index, f);
      this.funcByName.set(f.name, f);
      for (const e of f.exportNames) if (!this.funcByName.has(e)) this.funcByName.set(e, f);
    }
  }

  get instrs(): Instr[] {
    return this.image.instrs;
  }

  /** The instruction containing `offset`, if any. */
  instrAt(offset: number): Instr | undefined {
    const a = this.image.instrs;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].endOffset <= offset) lo = mid + 1;
      else if (a[mid].offset > offset) hi = mid - 1;
      else return a[mid];
    }
    return undefined;
  }

  /** Index in `instrs` of the first instruction at or after `offset`. */
  indexAtOrAfter(offset: number): number {
    const a = this.image.instrs;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid].offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Instructions whose opcode is on `line` (0-based) of source `file` (an index in image.sources), by column. */
  onLine(line: number, file = 0): readonly Instr[] {
    return this.byLine.get(lineKey(file, line)) ?? [];
  }

  lines(file = 0): number[] {
    return [...this.byLine.keys()].filter((k) => Math.floor(k / LINES) === file).map((k) => k % LINES).sort((a, b) => a - b);
  }

  /** Source files instructions map to. */
  get sources(): readonly string[] {
    return this.image.sources ?? (this.image.sourcePath ? [this.image.sourcePath] : []);
  }

  /** The index of `file` in sources (paths compared as the platform does), or -1. */
  fileIndex(file: string): number {
    const fold = process.platform === 'win32' || process.platform === 'darwin';
    const want = fold ? file.toLowerCase() : file;
    return this.sources.findIndex((s) => (fold ? s.toLowerCase() : s) === want);
  }

  func(index: number): FuncInfo | undefined {
    return this.funcByIndex.get(index);
  }

  /** By `$name` (with or without `$`), export name, or index. */
  funcNamed(name: string): FuncInfo | undefined {
    const n = name.trim();
    if (/^\d+$/.test(n)) return this.funcByIndex.get(Number(n));
    return this.funcByName.get(n.startsWith('$') ? n : `$${n}`) ?? this.funcByName.get(n);
  }

  funcName(index: number): string {
    return this.funcByIndex.get(index)?.name ?? `func[${index}]`;
  }
}

/** Lines per file in the line key: a file index and a line fit one number. */
const LINES = 2 ** 24;
function lineKey(file: number, line: number): number {
  return file * LINES + line;
}
