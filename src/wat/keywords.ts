// Keyword ids, assigned by the lexer so the parser compares small integers instead of strings.
// Syntax keywords have fixed ids below OP_BASE; an instruction mnemonic has id OP_BASE + op id.
// Recognition hashes the atom while the lexer scans it, then compares against one candidate (see
// KW_TABLE), so a keyword is identified exactly without slicing or building strings.

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
 * Keyword lookup: the lexer hashes an atom while scanning it (h = h * 31 + c per character), then
 * probes this open-addressed table and compares the candidate's characters. A trie walk was
 * tried before: its per-character chain of dependent loads cost more than hashing plus one
 * (independent, pipelined) comparison pass.
 */
export const KW_HASH_BITS = 11;
const MASK = (1 << KW_HASH_BITS) - 1;
/** Mixes the running hash into a table slot. */
export function kwSlot(h: number): number {
  return (h ^ (h >>> KW_HASH_BITS) ^ (h >>> 22)) & MASK;
}
/** slot -> entry + 1 (0 = empty); the table is ~8x larger than the keyword set, so probes are short. */
export const KW_TABLE = new Int16Array(MASK + 1);
/** Per entry: offset of its characters in KW_CHARS, length and keyword id. */
export const KW_OFF = new Int32Array(ALL.length + 1);
export const KW_LEN = new Int32Array(ALL.length + 1);
export const KW_ID = new Int16Array(ALL.length + 1);
export const KW_CHARS = new Uint16Array(ALL.reduce((a, [name]) => a + name.length, 0));
/** Longest keyword: longer atoms skip the lookup. */
export let KW_MAX_LEN = 0;
{
  let off = 0;
  ALL.forEach(([name, id], i) => {
    const e = i + 1;
    let h = 0;
    for (let j = 0; j < name.length; j++) {
      const c = name.charCodeAt(j);
      KW_CHARS[off + j] = c;
      h = (Math.imul(h, 31) + c) | 0; // must match the lexer's per-character step
    }
    KW_OFF[e] = off;
    KW_LEN[e] = name.length;
    KW_ID[e] = id;
    off += name.length;
    KW_MAX_LEN = Math.max(KW_MAX_LEN, name.length);
    let slot = kwSlot(h);
    while (KW_TABLE[slot] !== 0) slot = (slot + 1) & MASK;
    KW_TABLE[slot] = e;
  });
}
