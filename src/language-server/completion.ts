// Completion. The context comes from the tokens before the cursor (robust while typing): after `(`
// the keywords that may head a form there, after an instruction with an index immediate the
// names of that index space in scope, after param/result/local the value types; elsewhere
// instructions. Names come from the parsed module, which the parser recovers around errors.

import type { CompletionItem } from 'vscode-languageserver';
import { CompletionItemKind, InsertTextFormat } from 'vscode-languageserver';
import { Position, valTypeName } from '../wat';
import { isIdChar } from '../wat/lexer';
import { OPS } from '../wat/opcodes';
import { defText, funcLabel, funcLocals, globalTypeText } from './describe';
import { WatDocument } from './document';
import { SYNTAX_DOC, instructionInfo } from './instructions';
import { T, enclosingParen, headOf, isComment, prevSignificant, tokenBefore, tokenText } from './scan';
import { labelsAt } from './scope';

type Space = 'local' | 'global' | 'func' | 'label' | 'type' | 'table' | 'memory' | 'data' | 'elem';

/** Instructions whose (first) immediate names an entry of a space. */
const IMMEDIATE: Record<string, Space> = {
  'local.get': 'local', 'local.set': 'local', 'local.tee': 'local',
  'global.get': 'global', 'global.set': 'global',
  call: 'func', 'ref.func': 'func', return_call: 'func',
  br: 'label', br_if: 'label', br_table: 'label',
  call_indirect: 'table',
  'table.get': 'table', 'table.set': 'table', 'table.size': 'table', 'table.grow': 'table', 'table.fill': 'table', 'table.copy': 'table', 'table.init': 'table',
  'memory.init': 'data', 'data.drop': 'data', 'elem.drop': 'elem',
};

const VALUE_TYPES = ['i32', 'i64', 'f32', 'f64', 'funcref', 'externref'];

const MODULE_FIELDS = ['func', 'memory', 'global', 'table', 'type', 'import', 'export', 'data', 'elem', 'start'];
/** Form heads allowed inside a form, by the form's head. Instructions are added where code may go. */
const FORM_HEADS: Record<string, { heads: string[]; code: boolean }> = {
  '': { heads: ['module', ...MODULE_FIELDS], code: false },
  module: { heads: MODULE_FIELDS, code: false },
  func: { heads: ['param', 'result', 'local', 'export', 'import', 'type'], code: true },
  block: { heads: ['param', 'result', 'type'], code: true },
  loop: { heads: ['param', 'result', 'type'], code: true },
  if: { heads: ['then', 'else', 'param', 'result', 'type'], code: true },
  then: { heads: [], code: true },
  else: { heads: [], code: true },
  import: { heads: ['func', 'memory', 'global', 'table'], code: false },
  export: { heads: ['func', 'memory', 'global', 'table'], code: false },
  global: { heads: ['mut', 'export', 'import'], code: true },
  memory: { heads: ['export', 'import', 'data'], code: false },
  table: { heads: ['export', 'import', 'elem'], code: false },
  data: { heads: ['memory', 'offset'], code: true },
  elem: { heads: ['table', 'offset', 'item'], code: true },
  type: { heads: ['func'], code: false },
  call_indirect: { heads: ['type', 'param', 'result'], code: true },
};

/** Snippet bodies without the surrounding parens (added as needed). `\\$` is a literal `$`. */
const SNIPPETS: Record<string, string> = {
  module: 'module\n\t$0\n',
  func: 'func \\$${1:name} (param \\$${2:x} ${3:i32}) (result ${4:i32})\n\t$0',
  block: 'block \\$${1:label}\n\t$0',
  loop: 'loop \\$${1:label}\n\t$0',
  if: 'if (result ${1:i32}) ${2:(i32.const 1)}\n\t(then\n\t\t$3)\n\t(else\n\t\t$0)',
  local: 'local \\$${1:name} ${2:i32}',
  param: 'param \\$${1:name} ${2:i32}',
  global: 'global \\$${1:name} (mut ${2:i32}) (${2:i32}.const ${3:0})',
  memory: 'memory (export "${1:memory}") ${2:1}',
  import: 'import "${1:env}" "${2:name}" (func \\$${3:name} (param ${4:i32}))',
  export: 'export "${1:name}" (func \\$${2:name})',
  data: 'data (i32.const ${1:0}) "${2}"',
};

/** Flat (unfolded) forms of the block instructions, for plain code positions. */
const FLAT_SNIPPETS: Record<string, string> = {
  block: 'block \\$${1:label}\n\t$0\nend',
  loop: 'loop \\$${1:label}\n\t$0\nend',
  if: 'if (result ${1:i32})\n\t$2\nelse\n\t$0\nend',
};

/**
 * `trigger`: the character that opened completion by itself. A space opens it only where a name
 * or a type is expected (`local.get |`, `call |`, `(param $x |`): elsewhere a space is just a space.
 */
export function completion(doc: WatDocument, pos: Position, trigger?: string): CompletionItem[] {
  const onSpace = trigger === ' ';
  const offset = doc.offsetAt(pos);
  const text = doc.text;
  const s = doc.tokens;
  const at = tokenBefore(s, offset - 1);
  // Nothing inside comments and strings.
  if (at >= 0 && (isComment(s, at) || s.kind[at] === T.String) && offset > s.start[at] && (offset < s.end[at] || s.kind[at] === T.LineComment || (s.kind[at] === T.String && !text.endsWith('"', s.end[at])))) return [];
  let ws = offset;
  while (ws > 0 && isIdChar(text.charCodeAt(ws - 1))) ws--;
  let we = offset;
  while (we < text.length && isIdChar(text.charCodeAt(we))) we++;
  const prefix = text.slice(ws, offset);
  const range = doc.range(ws, offset);
  let prev = tokenBefore(s, ws - 1);
  if (prev >= 0 && isComment(s, prev)) prev = prevSignificant(s, prev);
  const prevText = prev >= 0 && s.kind[prev] === T.Atom ? tokenText(s, prev) : '';
  const b = new Builder(doc, offset, range);

  if (prev >= 0 && s.kind[prev] === T.LParen) {
    if (onSpace) return [];
    const parent = enclosingParen(s, prev);
    const head = parent < 0 ? '' : headOf(s, parent);
    const ctx = FORM_HEADS[head] ?? { heads: [], code: true };
    const closed = text.charCodeAt(we) === 0x29 || (parent < 0 && s.match[prev] >= 0);
    for (const h of ctx.heads) b.keyword(h, !closed);
    if (ctx.code) b.instructions(true, !closed);
    return b.items;
  }
  // Index immediates: `call $|`, `br_table $a $|`, `(export "x" (func $|`, `(start $|`, `(type $|`.
  let space: Space | undefined = IMMEDIATE[prevText];
  if (!space && prev >= 0 && s.kind[prev] === T.Atom) {
    const before = prevSignificant(s, prev);
    const afterParen = before >= 0 && s.kind[before] === T.LParen;
    if (afterParen && (prevText === 'start')) space = 'func';
    else if (afterParen && prevText === 'type') space = 'type';
    else if (afterParen && (prevText === 'func' || prevText === 'global' || prevText === 'table' || prevText === 'memory')) {
      const gp = enclosingParen(s, before);
      if (gp >= 0 && headOf(s, gp) === 'export') space = prevText as Space;
    } else if (prevText.startsWith('$') || /^\d/.test(prevText)) {
      // A list of labels after br_table, of functions after `elem ... func`.
      let j = prev;
      while (j >= 0 && s.kind[j] === T.Atom && /^[$\d]/.test(tokenText(s, j))) j = prevSignificant(s, j);
      const w = j >= 0 && s.kind[j] === T.Atom ? tokenText(s, j) : '';
      if (w === 'br_table') space = 'label';
      else if (w === 'func' && enclosingParen(s, j) >= 0 && headOf(s, enclosingParen(s, j)) === 'elem') space = 'func';
      else if (['local', 'param', 'global'].includes(w) && j === prevSignificant(s, prev)) return b.valueTypes();
      else if (w === 'table.init' || w === 'table.copy') space = w === 'table.init' ? 'elem' : 'table';
      else if (w === 'call_indirect') space = 'type';
    } else if (prevText === 'param' || prevText === 'result' || prevText === 'local' || prevText === 'mut') {
      return b.valueTypes();
    }
  }
  if (space) {
    b.names(space);
    if (space === 'table' && prevText === 'call_indirect') b.keyword('type', true);
    return b.items;
  }
  if (onSpace) return [];
  if (prefix.startsWith('$')) {
    for (const sp of ['local', 'global', 'func'] as Space[]) b.names(sp);
    return b.items;
  }
  // Plain code position (flat instructions), or a keyword written without its paren.
  const parent = enclosingParen(s, prev + 1);
  const head = parent < 0 ? '' : headOf(s, parent);
  const ctx = FORM_HEADS[head] ?? { heads: [], code: true };
  if (ctx.code) b.instructions(false, false);
  else for (const h of ctx.heads) b.keyword(h, false, true);
  return b.items;
}

class Builder {
  items: CompletionItem[] = [];
  constructor(
    private doc: WatDocument,
    private offset: number,
    private range: ReturnType<WatDocument['range']>,
  ) {}

  private add(label: string, kind: CompletionItemKind, detail?: string, documentation?: string, sort = '5'): void {
    this.items.push({
      label,
      kind,
      detail,
      documentation: documentation ? { kind: 'markdown', value: documentation } : undefined,
      sortText: `${sort}${label}`,
      textEdit: { range: this.range, newText: label },
    });
  }

  private snippet(name: string, body: string, close: boolean, paren: boolean): void {
    this.items.push({
      label: paren ? `(${name} …)` : `${name} …`,
      kind: CompletionItemKind.Snippet,
      detail: SYNTAX_DOC[name] ?? instructionInfo(name)?.doc,
      filterText: name,
      sortText: `4${name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: this.range, newText: `${paren ? '(' : ''}${body}${close || paren ? ')' : ''}` },
    });
  }

  private flatSnippet(name: string): void {
    this.items.push({
      label: `${name} … end`,
      kind: CompletionItemKind.Snippet,
      detail: instructionInfo(name)?.doc,
      filterText: name,
      sortText: `4${name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: this.range, newText: FLAT_SNIPPETS[name] },
    });
  }

  /** A form head: the keyword, plus a snippet of the whole form when there is one. */
  keyword(name: string, close: boolean, withParen = false): void {
    if (!withParen) this.add(name, CompletionItemKind.Keyword, undefined, SYNTAX_DOC[name], '3');
    if (SNIPPETS[name]) this.snippet(name, SNIPPETS[name], close, withParen);
  }

  instructions(folded: boolean, close: boolean): void {
    for (const op of OPS) {
      const info = instructionInfo(op.name)!;
      if (folded && (op.name === 'else' || op.name === 'end')) continue;
      this.add(op.name, CompletionItemKind.Operator, info.signature || undefined, info.doc);
    }
    for (const name of ['block', 'loop', 'if']) {
      if (folded) this.snippet(name, SNIPPETS[name], close, false);
      else this.flatSnippet(name);
    }
  }

  valueTypes(): CompletionItem[] {
    for (const t of VALUE_TYPES) this.add(t, CompletionItemKind.TypeParameter, SYNTAX_DOC[t]);
    return this.items;
  }

  names(space: Space): void {
    const doc = this.doc;
    if (space === 'label') {
      for (const l of labelsAt(doc.tokens, this.offset)) {
        if (l.name) this.add(l.name, CompletionItemKind.Reference, `${l.kind} label, depth ${l.depth}`, undefined, '1');
      }
      return;
    }
    if (doc.isScript) return;
    const mod = doc.module;
    if (space === 'local') {
      const f = doc.funcAt(this.offset);
      if (!f) return;
      funcLocals(mod, f.func).forEach((l, i) => {
        if (l.name) this.add(l.name, CompletionItemKind.Variable, `${l.param ? 'param' : 'local'} ${valTypeName(l.type)}`, `${l.param ? 'parameter' : 'local'} ${i}`, '0');
      });
      return;
    }
    for (const d of doc.symbols.defs) {
      if (d.kind !== space || !d.name) continue;
      switch (space) {
        case 'func': this.add(d.name, CompletionItemKind.Function, funcLabel(mod, mod.funcs[d.index]), undefined, '2'); break;
        case 'global': this.add(d.name, mod.globals[d.index]?.mutable ? CompletionItemKind.Variable : CompletionItemKind.Constant, `global ${globalTypeText(mod.globals[d.index])}`, undefined, '1'); break;
        default: this.add(d.name, space === 'type' ? CompletionItemKind.Interface : CompletionItemKind.Struct, defText(mod, d), undefined, '2');
      }
    }
  }
}
