// Hover: an instruction's stack signature (made concrete where its immediate says, e.g. the
// callee's type for `call $f`) and description; a `$name`'s definition, type and import/export.

import type { Hover } from 'vscode-languageserver';
import { Module, Position, SymbolDef } from '../wat';
import { Imm, OPS } from '../wat/opcodes';
import { arrowText, defText, exportNames, funcLocals, funcParams, funcResults, importText } from './describe';
import { WatDocument } from './document';
import { SYNTAX_DOC, instructionInfo } from './instructions';
import { T, tokenAt, tokenText } from './scan';

export function hover(doc: WatDocument, pos: Position): Hover | null {
  const offset = doc.offsetAt(pos);
  const s = doc.tokens;
  const i = tokenAt(s, offset);
  if (i < 0 || s.kind[i] !== T.Atom) return null;
  const text = tokenText(s, i);
  const range = doc.range(s.start[i], s.end[i]);
  if (!doc.isScript) {
    const hit = doc.symbols.at(s.start[i]);
    if (hit && (hit.ref ? hit.ref.start === s.start[i] : hit.def.start === s.start[i])) {
      return { contents: { kind: 'markdown', value: nameHover(doc.module, hit.def) }, range };
    }
  }
  const info = instructionInfo(text);
  if (info) {
    const sig = doc.isScript ? undefined : concreteSignature(doc.module, s.start[i]);
    const lines = ['```wat', `${text}  ${sig ?? info.signature}`.trimEnd(), '```', info.doc];
    if (sig && info.signature && sig !== info.signature) lines.push('', `Generic: \`${info.signature}\``);
    return { contents: { kind: 'markdown', value: lines.join('\n') }, range };
  }
  if (SYNTAX_DOC[text]) return { contents: { kind: 'markdown', value: `\`${text}\`: ${SYNTAX_DOC[text]}` }, range };
  return null;
}

function nameHover(mod: Module, d: SymbolDef): string {
  const lines = ['```wat', defText(mod, d), '```'];
  const notes: string[] = [];
  if (d.kind === 'local' && d.funcIndex !== undefined) {
    const f = mod.funcs[d.funcIndex];
    const l = f ? funcLocals(mod, f)[d.index] : undefined;
    notes.push(`${l?.param ? 'parameter' : 'local'} ${d.index} of ${f?.id?.name ?? `function ${d.funcIndex}`}`);
  } else if (d.kind === 'label') {
    notes.push('label');
  } else {
    notes.push(`${d.kind} ${d.index}`);
  }
  if (d.kind === 'func' || d.kind === 'table' || d.kind === 'memory' || d.kind === 'global') {
    const imp = importText(mod, d.kind, d.index);
    if (imp) notes.push(imp);
    const ex = exportNames(mod, d.kind, d.index);
    if (ex.length) notes.push(`exported as ${ex.map((e) => `"${e}"`).join(', ')}`);
    if (d.kind === 'global') notes.push(mod.globals[d.index]?.mutable ? 'mutable' : 'immutable');
  }
  lines.push(notes.join(' · '));
  return lines.join('\n');
}

/** Signature of the instruction whose keyword starts at `start`, with its immediate's types filled in. */
function concreteSignature(mod: Module, start: number): string | undefined {
  const code = mod.code;
  let k = -1;
  for (let i = 0; i < code.count; i++) {
    if (code.start[i] === start && !code.implicit(i)) {
      k = i;
      break;
    }
  }
  if (k < 0) return undefined;
  const op = OPS[code.op[k]];
  const ref = code.ref[k];
  switch (op.imm) {
    case Imm.Func: {
      const f = ref >= 0 ? mod.funcs[ref] : undefined;
      if (!f) return undefined;
      return op.name === 'call' ? arrowText(funcParams(mod, f).map((p) => p.type), funcResults(mod, f)) : undefined;
    }
    case Imm.CallIndirect: {
      const bt = code.bt(k);
      const ft = bt ? (bt.inline || bt.params.length || bt.results.length ? { params: bt.params.map((p) => p.type), results: bt.results } : mod.funcTypes[bt.typeIndex]) : undefined;
      return ft ? arrowText([...ft.params, 0x7f], ft.results) : undefined;
    }
    case Imm.Local: {
      const f = mod.funcs.find((fn) => start > fn.start && start < fn.end);
      const l = f && ref >= 0 ? funcLocals(mod, f)[ref] : undefined;
      if (!l) return undefined;
      return op.name === 'local.get' ? arrowText([], [l.type]) : op.name === 'local.set' ? arrowText([l.type], []) : arrowText([l.type], [l.type]);
    }
    case Imm.Global: {
      const g = ref >= 0 ? mod.globals[ref] : undefined;
      if (!g) return undefined;
      return op.name === 'global.get' ? arrowText([], [g.type]) : arrowText([g.type], []);
    }
  }
  return undefined;
}
