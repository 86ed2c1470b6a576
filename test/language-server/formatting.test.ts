/**
 * Formatting changes only whitespace between tokens: on every .wat in the repo (examples,
 * fixtures) and the spec suite's scripts it must be idempotent, keep the token sequence, keep the
 * assembled bytes, and give the same result however the input was indented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WatDocument } from '../../src/language-server/document';
import { formatText } from '../../src/language-server/formatting';
import { T, scan } from '../../src/language-server/scan';
import { assemble, parseWast } from '../../src/wat';
import { URI, service } from './helpers';

const root = join(__dirname, '..', '..');
const fmt = (text: string, uri = 'file:///x.wat'): string => formatText(new WatDocument(uri, 1, text));

function files(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    if (n === 'node_modules' || n.startsWith('.')) continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (n.endsWith(ext)) out.push(p);
  }
  return out;
}

/** Tokens other than whitespace, with line comments' trailing blanks dropped (the formatter trims them). */
function tokens(text: string): string[] {
  const s = scan(text);
  const out: string[] = [];
  for (let i = 0; i < s.count; i++) {
    const t = text.slice(s.start[i], s.end[i]);
    out.push(s.kind[i] === T.LineComment ? t.trimEnd() : t);
  }
  return out;
}

/** Deterministically messes up the whitespace: random indentation and spacing, extra blank lines. */
function mess(text: string, seed: number): string {
  let x = seed;
  const rnd = (n: number): number => ((x = (x * 1103515245 + 12345) & 0x7fffffff), x % n);
  const s = scan(text);
  let out = '';
  let p = 0;
  for (let i = 0; i < s.count; i++) {
    const gap = text.slice(p, s.start[i]);
    if (gap.includes('\n')) out += '\n'.repeat(1 + (gap.split('\n').length > 2 ? 1 + rnd(2) : 0)) + ' \t'.charAt(rnd(2)).repeat(rnd(9));
    else if (gap.length && s.kind[i] !== T.LineComment) out += ' '.repeat(1 + rnd(3));
    else out += gap;
    out += text.slice(s.start[i], s.end[i]);
    p = s.end[i];
  }
  return out + text.slice(p);
}

const watFiles = [...files(join(root, 'examples'), '.wat'), ...files(join(root, 'test'), '.wat')];

test(`formatting keeps tokens and assembled bytes, is idempotent and indentation-independent (${watFiles.length} .wat files)`, () => {
  assert.ok(watFiles.length >= 30);
  let assembled = 0;
  for (const f of watFiles) {
    const name = relative(root, f);
    const text = readFileSync(f, 'utf8');
    const once = fmt(text);
    assert.equal(fmt(once), once, `${name}: idempotent`);
    assert.deepEqual(tokens(once), tokens(text), `${name}: same tokens`);
    const before = assemble(text);
    if (before.wasm) {
      const after = assemble(once);
      assert.deepEqual(after.wasm, before.wasm, `${name}: same bytes`);
      assembled++;
    }
    assert.equal(fmt(mess(text, f.length)), once, `${name}: same result from messed-up whitespace`);
  }
  assert.ok(assembled >= 15, `assembled ${assembled}`);
});

const suite = join(root, '..', 'shared', 'wasm-testsuite');
test('formatting the spec test suite keeps every module byte-identical', { skip: !existsSync(suite) && 'no ../shared/wasm-testsuite' }, () => {
  let modules = 0;
  for (const n of readdirSync(suite).filter((x) => x.endsWith('.wast'))) {
    const text = readFileSync(join(suite, n), 'utf8');
    const once = fmt(text, `file:///${n}`);
    assert.equal(fmt(once, `file:///${n}`), once, `${n}: idempotent`);
    assert.deepEqual(tokens(once), tokens(text), `${n}: same tokens`);
    const a = parseWast(text).script.commands;
    const b = parseWast(once).script.commands;
    assert.equal(a.length, b.length, n);
    for (let i = 0; i < a.length; i++) {
      const ca = a[i];
      const cb = b[i];
      if (ca.command !== 'module' || cb.command !== 'module' || !ca.module || !cb.module) continue;
      const wa = assemble(text.slice(ca.start, ca.end)).wasm;
      if (!wa) continue;
      assert.deepEqual(assemble(once.slice(cb.start, cb.end)).wasm, wa, `${n}: module ${i}`);
      modules++;
    }
  }
  assert.ok(modules > 500, `modules compared: ${modules}`);
});

test('formatting: indentation of folded forms, flat blocks, else/end, comments', () => {
  const src = [
    '(module',
    '(func $f (param $x i32) (result i32)',
    '      ;; a comment',
    'block $b',
    '(br_if $b',
    '    (local.get $x))',
    'loop',
    'br 0',
    'end',
    'end',
    '   local.get $x',
    'if (result i32)',
    'i32.const 1',
    '       else',
    'i32.const 2',
    'end',
    '  (;',
    '     kept as is',
    '  ;)',
    '))',
  ].join('\n');
  const want = [
    '(module',
    '  (func $f (param $x i32) (result i32)',
    '    ;; a comment',
    '    block $b',
    '      (br_if $b',
    '        (local.get $x))',
    '      loop',
    '        br 0',
    '      end',
    '    end',
    '    local.get $x',
    '    if (result i32)',
    '      i32.const 1',
    '    else',
    '      i32.const 2',
    '    end',
    '    (;',
    '     kept as is',
    '  ;)',
    '  ))',
    '',
  ].join('\n');
  assert.equal(fmt(src), want);
});

test('formatting: spacing inside lines, blank lines, trailing blanks, CRLF, closers on their own line', () => {
  assert.equal(fmt('( module   ( func  $f )  )'), '(module (func $f))\n');
  // Trailing comments keep their alignment; `( ;;` must not become `(;;` (a block comment).
  assert.equal(fmt('(module\n  (func)    ;; one\n  (memory 1) ;; two\n)'), '(module\n  (func)    ;; one\n  (memory 1) ;; two\n)\n');
  assert.equal(fmt('( ;; c\n)'), '( ;; c\n)\n');
  assert.equal(fmt('(module\n\n\n\n  (func)   \n\n)\n\n\n'), '(module\n\n  (func)\n\n)\n');
  assert.equal(fmt('(module\r\n(func)\r\n)'), '(module\r\n  (func)\r\n)\r\n');
  assert.equal(fmt('(module\n  (func\n    nop\n    )\n  )'), '(module\n  (func\n    nop\n  )\n)\n');
  assert.equal(fmt('(module (func $f)) ;; trailing   '), '(module (func $f)) ;; trailing\n');
  assert.equal(fmt(''), '');
});

test('formatting edits are minimal and range formatting stays in its range', () => {
  const text = '(module\n(func)\n    (memory 1))\n';
  const s = service(text);
  const all = s.formatting(URI, { tabSize: 2, insertSpaces: true });
  assert.deepEqual(all.map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]), [
    [0, 7, 1, 0, '\n  '],
    [1, 6, 2, 4, '\n  '],
  ]);
  const some = s.formatting(URI, { tabSize: 2, insertSpaces: true }, { start: { line: 1, character: 6 }, end: { line: 2, character: 11 } });
  assert.equal(some.length, 1);
  assert.equal(some[0].range.start.line, 1);
});
