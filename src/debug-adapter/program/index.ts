/** Lookups over a ProgramImage: offset → instruction, line → instructions, names → functions. */
import type { FuncInfo, Instr, ProgramImage } from './image';

export class ProgramIndex {
  private readonly byLine = new Map<number, Instr[]>();
  private readonly funcByIndex = new Map<number, FuncInfo>();
  private readonly funcByName = new Map<string, FuncInfo>();

  constructor(readonly image: ProgramImage) {
    for (const i of image.instrs) {
      let l = this.byLine.get(i.line);
      if (!l) this.byLine.set(i.line, (l = []));
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

  /** Instructions whose opcode is on `line` (0-based), by column. */
  onLine(line: number): readonly Instr[] {
    return this.byLine.get(line) ?? [];
  }

  lines(): number[] {
    return [...this.byLine.keys()].sort((a, b) => a - b);
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
