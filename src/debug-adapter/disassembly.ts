/**
 * The Disassembly view: wasm instructions with their module byte offsets (the addresses the
 * device and instruction breakpoints use) and the WAT line each came from.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Instr } from './program/image';
import type { ProgramIndex } from './program/index';

export const hexAddress = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;

/** DAP memory references for code are hex byte offsets into the module. */
export function parseAddress(ref: string): number | undefined {
  const t = ref.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? parseInt(t, 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Before the first and after the last instruction: DAP wants exactly instructionCount entries
 * (so that entry k stays instruction instructionOffset + k), but there is nothing there. VS Code
 * drops an entry whose address is not a number and keeps counting, so these rows take their
 * place in the count and show nothing (an address like 0x00000000 would show as a dozen empty
 * rows above the code).
 */
export const OUTSIDE_CODE: DebugProtocol.DisassembledInstruction = Object.freeze({ address: 'none', instruction: '', presentationHint: 'invalid' as const });

export interface SourceRef {
  source: (i: Instr) => DebugProtocol.Source;
  line: (l: number) => number;
  column: (c: number) => number;
}

export function disassemble(index: ProgramIndex, args: DebugProtocol.DisassembleArguments, src: SourceRef | undefined): DebugProtocol.DisassembledInstruction[] {
  const start = (parseAddress(args.memoryReference) ?? 0) + (args.offset ?? 0);
  const instrs = index.instrs;
  const first = index.indexAtOrAfter(start) + (args.instructionOffset ?? 0);
  const out: DebugProtocol.DisassembledInstruction[] = [];
  let lastFunc = -1;
  for (let k = 0; k < args.instructionCount; k++) {
    const i = first + k;
    const instr: Instr | undefined = instrs[i];
    if (!instr) {
      out.push(OUTSIDE_CODE);
      continue;
    }
    const d: DebugProtocol.DisassembledInstruction = {
      address: hexAddress(instr.offset),
      instructionBytes: Buffer.from(index.image.wasm.subarray(instr.offset, instr.endOffset)).toString('hex').replace(/(..)(?=.)/g, '$1 '),
      instruction: instr.text,
    };
    if (args.resolveSymbols !== false && instr.funcIndex !== lastFunc) d.symbol = index.funcName(instr.funcIndex);
    lastFunc = instr.funcIndex;
    if (src && instr.line >= 0) {
      d.location = src.source(instr);
      d.line = src.line(instr.line);
      d.column = src.column(instr.column);
    }
    out.push(d);
  }
  return out;
}
