// Semantic tokens: what the TextMate grammar cannot know. `$names` (definitions and references,
// numeric ones too) are classified by what they name: function, parameter, local, global
// (readonly when immutable), type, label...; syntax keywords and value types, numbers, strings
// and comments are included so the token stream is complete. Instruction mnemonics are left to
// the grammar, which already colours them by group.

import type { SemanticTokens, SemanticTokensLegend } from 'vscode-languageserver';
import { SymbolDef } from '../wat';
import { WatDocument } from './document';
import { funcLocals } from './describe';
import { SYNTAX_DOC } from './instructions';
import { T, tokenText } from './scan';

export const TOKEN_TYPES = ['keyword', 'type', 'function', 'parameter', 'variable', 'label', 'number', 'string', 'comment', 'struct', 'interface'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'readonly', 'static'] as const;
export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const TYPE = Object.fromEntries(TOKEN_TYPES.map((t, i) => [t, i])) as Record<(typeof TOKEN_TYPES)[number], number>;
const DECLARATION = 1;
const READONLY = 2;
const STATIC = 4;
const VALUE_TYPES = new Set(['i32', 'i64', 'f32', 'f64', 'v128', 'funcref', 'externref']);

export function semanticTokens(doc: WatDocument): SemanticTokens {
  const s = doc.tokens;
  const text = doc.text;
  const mod = doc.isScript ? undefined : doc.module;
  // Offset -> classification of every definition and reference.
  const names = new Map<number, number>(); // offset -> type << 8 | modifiers
  if (mod) {
    const classify = (d: SymbolDef): [number, number] => {
      switch (d.kind) {
        case 'func': return [TYPE.function, 0];
        case 'local': {
          const f = d.funcIndex !== undefined ? mod.funcs[d.funcIndex] : undefined;
          const params = f ? funcLocals(mod, f).filter((l) => l.param).length : 0;
          return [d.index < params ? TYPE.parameter : TYPE.variable, 0];
        }
        case 'global': return [TYPE.variable, STATIC | (mod.globals[d.index]?.mutable ? 0 : READONLY)];
        case 'type': return [TYPE.type, 0];
        case 'label': return [TYPE.label, 0];
        case 'table': case 'memory': return [TYPE.struct, 0];
        case 'data': case 'elem': return [TYPE.interface, 0];
      }
    };
    const cache = new Map<SymbolDef, [number, number]>();
    const cls = (d: SymbolDef): [number, number] => {
      let c = cache.get(d);
      if (!c) cache.set(d, (c = classify(d)));
      return c;
    };
    const sym = doc.symbols;
    for (const d of sym.defs) {
      const [t, m] = cls(d);
      names.set(d.start, (t << 8) | m | DECLARATION);
    }
    for (const r of sym.refs) {
      if (!r.def) continue;
      const [t, m] = cls(r.def);
      names.set(r.start, (t << 8) | m);
    }
  }
  const data: number[] = [];
  let line = 0;
  let col = 0;
  const lines = doc.lines;
  const starts = lines.lineStarts;
  let cursor = 0;
  const emit = (start: number, end: number, type: number, mods: number): void => {
    // Tokens come in order: the line cursor only moves forward (no search per token).
    while (cursor + 1 < starts.length && starts[cursor + 1] <= start) cursor++;
    // Tokens may not span lines: a multi-line block comment is emitted line by line.
    let p = { line: cursor, character: start - starts[cursor] };
    let s0 = start;
    while (s0 < end) {
      const lineEnd = p.line + 1 < lines.lineCount ? lines.lineStarts[p.line + 1] : text.length;
      let e = Math.min(end, lineEnd);
      while (e > s0 && (text.charCodeAt(e - 1) === 0x0a || text.charCodeAt(e - 1) === 0x0d)) e--;
      if (e > s0) {
        data.push(p.line - line, p.line === line ? p.character - col : p.character, e - s0, type, mods);
        line = p.line;
        col = p.character;
      }
      if (lineEnd >= end) break;
      s0 = lineEnd;
      p = { line: p.line + 1, character: 0 };
    }
  };
  for (let i = 0; i < s.count; i++) {
    const k = s.kind[i];
    const st = s.start[i];
    const en = s.end[i];
    switch (k) {
      case T.LineComment: case T.BlockComment: emit(st, en, TYPE.comment, 0); break;
      case T.String: emit(st, en, TYPE.string, 0); break;
      case T.Atom: {
        const c = text.charCodeAt(st);
        const n = names.get(st);
        if (n !== undefined) emit(st, en, n >> 8, n & 0xff);
        else if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d) emit(st, en, TYPE.number, 0);
        else if (c >= 0x61 && c <= 0x7a) {
          const w = tokenText(s, i);
          if (VALUE_TYPES.has(w)) emit(st, en, TYPE.type, 0);
          else if (SYNTAX_DOC[w] !== undefined || w === 'start' || w === 'offset') emit(st, en, TYPE.keyword, 0);
        }
        break;
      }
    }
  }
  return { data };
}
