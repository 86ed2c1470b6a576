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

// Build the trie as nodes first, then pack it as a double-array trie: a node at slot s has its
// child for class c at slot base[s] + c, valid iff check[that slot] === s. The packed arrays are
// a few KB, so the per-character walk stays in L1 cache.
interface Node {
  children: Map<number, Node>;
  id: number;
  slot: number;
}
const root: Node = { children: new Map(), id: 0, slot: 1 };
for (const [name, id] of ALL) {
  let n = root;
  for (let i = 0; i < name.length; i++) {
    const c = KW_CLASS[name.charCodeAt(i)];
    let child = n.children.get(c);
    if (!child) n.children.set(c, (child = { children: new Map(), id: 0, slot: 0 }));
    n = child;
  }
  n.id = id;
}

let size = 1024;
let base = new Int32Array(size);
let check = new Int32Array(size).fill(-1); // -1 = free; slot 0 is the dead state, slot 1 the root
let accept = new Int16Array(size);
const grow = (need: number): void => {
  if (need < size) return;
  while (size <= need) size *= 2;
  const b = new Int32Array(size);
  b.set(base);
  base = b;
  const c = new Int32Array(size).fill(-1);
  c.set(check);
  check = c;
  const a = new Int16Array(size);
  a.set(accept);
  accept = a;
};
check[0] = -2;
check[1] = -2;
let used = 2;
const queue: Node[] = [root];
while (queue.length) {
  const n = queue.shift()!;
  accept[n.slot] = n.id;
  const cs = [...n.children.keys()];
  if (cs.length === 0) continue;
  let b = 1;
  for (;;) {
    grow(b + KW_WIDTH);
    if (cs.every((c) => check[b + c] === -1)) break;
    b++;
  }
  base[n.slot] = b;
  for (const c of cs) {
    const child = n.children.get(c)!;
    child.slot = b + c;
    check[b + c] = n.slot;
    used = Math.max(used, b + c + 1);
    queue.push(child);
  }
}
// The dead state (0) has base 0: its "children" are slots 1..W, whose check is never 0.
base[0] = 0;
/** Double-array trie: next = base[s] + class, valid iff check[next] === s; otherwise dead (0). */
export const KW_BASE = base.slice(0, used + KW_WIDTH);
export const KW_CHECK = check.slice(0, used + KW_WIDTH);
/** Keyword id accepted at a slot (0 = not a keyword). */
export const KW_ACCEPT = accept.slice(0, used + KW_WIDTH);
