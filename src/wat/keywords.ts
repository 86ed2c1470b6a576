// Keyword ids, assigned by the lexer so the parser compares small integers instead of strings.
// Syntax keywords have fixed ids below OP_BASE; an instruction mnemonic has id OP_BASE + op id.
// Recognition is a trie walked one character at a time while the lexer scans an atom, so a
// keyword is identified exactly without hashing, slicing or comparing strings.

import { OPS } from './opcodes';

export enum Kw {
  none = 0,
  module, func, param, result, type, local, export, import, table, memory, global, elem, data, start, offset,
  item, declare, then, mut, funcref, externref, i32, i64, f32, f64, v128, extern, binary, quote,
}

export const OP_BASE = 64;

const SYNTAX: [string, Kw][] = [
  ['module', Kw.module], ['func', Kw.func], ['param', Kw.param], ['result', Kw.result], ['type', Kw.type], ['local', Kw.local],
  ['export', Kw.export], ['import', Kw.import], ['table', Kw.table], ['memory', Kw.memory], ['global', Kw.global],
  ['elem', Kw.elem], ['data', Kw.data], ['start', Kw.start], ['offset', Kw.offset], ['item', Kw.item], ['declare', Kw.declare],
  ['then', Kw.then], ['mut', Kw.mut], ['funcref', Kw.funcref], ['externref', Kw.externref], ['i32', Kw.i32], ['i64', Kw.i64],
  ['f32', Kw.f32], ['f64', Kw.f64], ['v128', Kw.v128], ['extern', Kw.extern], ['binary', Kw.binary], ['quote', Kw.quote],
];

const ALL: [string, number][] = [...SYNTAX, ...OPS.map((op): [string, number] => [op.name, OP_BASE + op.id])];

/**
 * Character classes: 0 for characters that occur in no keyword (they lead to the dead state),
 * 1..W-1 for keyword characters. Indexed by char code (< 128).
 */
export const KW_CLASS = new Uint8Array(128);
let classes = 1;
for (const [name] of ALL) {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (KW_CLASS[c] === 0) KW_CLASS[c] = classes++;
  }
}
/** Row width of the transition table. */
export const KW_WIDTH = classes;

// States: 0 = dead (absorbing), 1 = root. KW_NEXT[state * W + class] -> next state.
let next = new Int16Array(KW_WIDTH * 1024);
let accept = new Int16Array(1024);
let states = 2;
for (const [name, id] of ALL) {
  let s = 1;
  for (let i = 0; i < name.length; i++) {
    const slot = s * KW_WIDTH + KW_CLASS[name.charCodeAt(i)];
    let t = next[slot];
    if (t === 0) {
      t = states++;
      if (states * KW_WIDTH > next.length) {
        const n2 = new Int16Array(next.length * 2);
        n2.set(next);
        next = n2;
        const a2 = new Int16Array(accept.length * 2);
        a2.set(accept);
        accept = a2;
      }
      next[slot] = t;
    }
    s = t;
  }
  accept[s] = id;
}
export const KW_NEXT = next.slice(0, states * KW_WIDTH);
/** Keyword id accepted in a state (0 = not a keyword). */
export const KW_ACCEPT = accept.slice(0, states);
