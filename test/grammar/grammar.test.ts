// Targeted assertions on the tricky parts of the WAT grammar, plus structural checks of the grammar file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as oniguruma from 'vscode-oniguruma';
import { grammarPath, loadOnigLib, tokenize, type Token } from './tokenize';

/** Scopes (joined, root omitted) of the `nth` token whose text is exactly `text`. */
function scopeOf(tokens: Token[], text: string, nth = 0): string {
  const found = tokens.filter((t) => t.text === text);
  assert.ok(found.length > nth, `no token ${JSON.stringify(text)} (#${nth}) in: ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  return found[nth].scopes.join(' ');
}

/** Scopes of the token covering 1-based (line, col). */
function scopeAt(tokens: Token[], line: number, col: number): string {
  const t = tokens.find((x) => x.line === line && x.col <= col && col < x.col + x.text.length);
  return t ? t.scopes.join(' ') : '<no token>';
}

async function only(src: string): Promise<string> {
  const tokens = await tokenize(src);
  assert.equal(tokens.length, 1, `expected one token for ${JSON.stringify(src)}, got ${tokens.map((t) => JSON.stringify(t.text)).join(' ')}`);
  return tokens[0].scopes.join(' ');
}

describe('comments', () => {
  test('block comments nest, on one line', async () => {
    const t = await tokenize('(; a (; b ;) c ;) i32.add');
    assert.equal(scopeOf(t, ' a '), 'comment.block.wat');
    assert.equal(scopeOf(t, ' b '), 'comment.block.wat', 'nested levels add no extra scope');
    assert.equal(scopeOf(t, '(;', 1), 'comment.block.wat punctuation.definition.comment.begin.wat');
    assert.equal(scopeOf(t, ' c '), 'comment.block.wat', 'the inner ;) must not close the outer comment');
    assert.equal(scopeOf(t, 'i32.add'), 'support.function.numeric.wat');
  });

  test('block comments nest across lines and carry state from line to line', async () => {
    const t = await tokenize('(; outer\n (; inner\n ;) still outer\n;) i32.const 1\nnop');
    assert.equal(scopeAt(t, 2, 5), 'comment.block.wat');
    assert.equal(scopeAt(t, 3, 6), 'comment.block.wat', 'closing the inner comment leaves the outer one open');
    assert.equal(scopeOf(t, 'i32.const'), 'support.function.numeric.wat');
    assert.equal(scopeOf(t, 'nop'), 'keyword.control.wat');
  });

  test('three levels deep, and an unclosed comment runs to the end of the document', async () => {
    const t = await tokenize('(;1(;2(;3;)2;)1;)x\n(; never closed\n(func)');
    assert.equal(scopeAt(t, 1, 9), 'comment.block.wat');
    assert.equal(scopeAt(t, 1, 15), 'comment.block.wat', 'still inside level 1 after two closes');
    assert.equal(scopeOf(t, 'x'), '');
    assert.equal(scopeAt(t, 3, 2), 'comment.block.wat');
  });

  test('(;;) is an empty block comment, not a line comment', async () => {
    const t = await tokenize('(;;) i32.add');
    assert.equal(scopeOf(t, '(;'), 'comment.block.wat punctuation.definition.comment.begin.wat');
    assert.equal(scopeOf(t, ';)'), 'comment.block.wat punctuation.definition.comment.end.wat');
    assert.equal(scopeOf(t, 'i32.add'), 'support.function.numeric.wat');
  });

  test('line comments run to the end of the line, whatever they contain', async () => {
    const t = await tokenize('nop ;; (; "not a string\nnop');
    assert.equal(scopeOf(t, ';;'), 'comment.line.double-semicolon.wat punctuation.definition.comment.wat');
    assert.equal(scopeOf(t, ' (; "not a string'), 'comment.line.double-semicolon.wat');
    assert.equal(scopeOf(t, 'nop', 1), 'keyword.control.wat', 'the next line is not in a comment');
  });

  test(';; inside a block comment does not hide its end; comment markers inside strings are text', async () => {
    const t = await tokenize('(; x ;;) nop "(; ;; ;)" drop');
    assert.equal(scopeOf(t, 'nop'), 'keyword.control.wat');
    assert.equal(scopeOf(t, '(; ;; ;)'), 'string.quoted.double.wat');
    assert.equal(scopeOf(t, 'drop'), 'support.function.parametric.wat');
  });
});

describe('strings', () => {
  const ESC = 'string.quoted.double.wat constant.character.escape.wat';
  const BAD = 'string.quoted.double.wat invalid.illegal.unknown-escape.wat';

  test('every valid escape is a constant.character.escape', async () => {
    for (const e of ['\\n', '\\t', '\\r', '\\\\', "\\'", '\\"', '\\00', '\\7f', '\\FF', '\\aB',
      '\\u{0}', '\\u{41}', '\\u{1F600}', '\\u{10FFFF}', '\\u{10_FFFF}']) {
      const t = await tokenize(`"a${e}b"`);
      assert.equal(scopeOf(t, e), ESC, e);
      assert.equal(scopeOf(t, 'a'), 'string.quoted.double.wat');
      assert.equal(scopeOf(t, 'b'), 'string.quoted.double.wat', `${e} must consume exactly its characters`);
    }
  });

  test('invalid escapes are invalid.illegal and do not end the string', async () => {
    for (const [src, bad] of [['"\\x"', '\\x'], ['"\\q"', '\\q'], ['"\\0 "', '\\0'], ['"\\u"', '\\u'],
      ['"\\u{}"', '\\u'], ['"\\u{_1}"', '\\u'], ['"\\U{41}"', '\\U'], ['"\\a"', '\\a'], ['"\\ "', '\\ ']]) {
      const t = await tokenize(`${src} nop`);
      assert.equal(scopeOf(t, bad), BAD, src);
      assert.equal(scopeOf(t, 'nop'), 'keyword.control.wat', `${src} must still close`);
    }
  });

  test('a two-digit escape takes exactly two hex digits', async () => {
    const t = await tokenize('"\\4142"');
    assert.equal(scopeOf(t, '\\41'), ESC);
    assert.equal(scopeOf(t, '42'), 'string.quoted.double.wat');
  });

  test('an unterminated string stops at the end of its line and is marked', async () => {
    const t = await tokenize('(data "abc\n(func $f)');
    assert.equal(scopeOf(t, 'c'), 'string.quoted.double.wat invalid.illegal.unterminated-string.wat');
    assert.equal(scopeOf(t, 'func'), 'keyword.declaration.func.wat');
    assert.equal(scopeOf(t, '$f'), 'entity.name.function.wat');
  });

  test('a backslash at the end of an unterminated line does not escape the newline', async () => {
    const t = await tokenize('"abc\\\nnop');
    assert.equal(scopeOf(t, '\\'), BAD);
    assert.equal(scopeOf(t, 'nop'), 'keyword.control.wat');
  });

  test('adjacent strings and punctuation', async () => {
    const t = await tokenize('(data "a""b")');
    assert.equal(scopeOf(t, '"', 0), 'string.quoted.double.wat punctuation.definition.string.begin.wat');
    assert.equal(scopeOf(t, '"', 1), 'string.quoted.double.wat punctuation.definition.string.end.wat');
    assert.equal(scopeOf(t, '"', 2), 'string.quoted.double.wat punctuation.definition.string.begin.wat');
    assert.equal(scopeOf(t, 'b'), 'string.quoted.double.wat');
  });
});

describe('numbers', () => {
  const cases: Array<[string, string]> = [
    ['0', 'integer.decimal'], ['42', 'integer.decimal'], ['+42', 'integer.decimal'], ['-42', 'integer.decimal'],
    ['1_000_000', 'integer.decimal'], ['-2_147_483_648', 'integer.decimal'],
    ['0x0', 'integer.hexadecimal'], ['0xdead_BEEF', 'integer.hexadecimal'], ['-0x8000_0000', 'integer.hexadecimal'],
    ['1.', 'float.decimal'], ['1.5', 'float.decimal'], ['-0.5', 'float.decimal'], ['1e10', 'float.decimal'],
    ['1E-10', 'float.decimal'], ['1.e+5', 'float.decimal'], ['+1.5e-3', 'float.decimal'],
    ['1_000.000_1e1_0', 'float.decimal'],
    ['0x1p3', 'float.hexadecimal'], ['0x1P-1074', 'float.hexadecimal'], ['0x1.', 'float.hexadecimal'],
    ['0x1.8', 'float.hexadecimal'], ['0x1.8p+3', 'float.hexadecimal'], ['-0x1.fffffep127', 'float.hexadecimal'],
    ['0xA_B.C_Dp1_0', 'float.hexadecimal'], ['0x.8p1', ''],
    ['inf', 'float.inf'], ['+inf', 'float.inf'], ['-inf', 'float.inf'],
    ['nan', 'float.nan'], ['-nan', 'float.nan'], ['nan:0x1', 'float.nan'], ['+nan:0x7f_ffff', 'float.nan'],
    ['-nan:0x8_0000_0000_0001', 'float.nan'], ['nan:canonical', 'float.nan'], ['nan:arithmetic', 'float.nan'],
    // malformed: left without a numeric scope
    ['1__0', ''], ['_1', ''], ['1_', ''], ['0x', ''], ['0x_1', ''], ['0x1_', ''], ['1.e', ''], ['1e', ''],
    ['0x1.p', ''], ['nan:0x', ''], ['nan:1', ''], ['inf:0x1', ''], ['infinity', ''], ['--1', ''], ['+-1', ''],
    ['1x', ''], ['0b101', ''], ['1.2.3', ''], ['.5', ''], ['-nan:canonical', ''],
  ];
  for (const [lit, kind] of cases) {
    test(`${lit} ${kind ? `is constant.numeric.${kind}` : 'is not a number'}`, async () => {
      const t = await tokenize(`(f64.const ${lit})`);
      if (kind) {
        const tok = t.find((x) => x.col === 12);
        assert.ok(tok, 'no token at the literal');
        assert.equal(tok.text, lit, 'the literal must be one token');
        assert.equal(tok.scopes.join(' '), `constant.numeric.${kind}.wat`);
      } else {
        const scopes = t.filter((x) => x.col + x.text.length > 12 && x.text !== ')').flatMap((x) => x.scopes);
        assert.ok(!scopes.some((s) => s.startsWith('constant.numeric')), `${lit} => ${scopes.join(' ')}`);
      }
    });
  }

  test('numbers inside identifiers and keywords are not numbers', async () => {
    const t = await tokenize('$0 $1.5 $nan i32 v128 call 0');
    assert.equal(scopeOf(t, '$0'), 'variable.other.wat');
    assert.equal(scopeOf(t, '$1.5'), 'variable.other.wat');
    assert.equal(scopeOf(t, '$nan'), 'variable.other.wat');
    assert.equal(scopeOf(t, 'i32'), 'storage.type.numeric.wat');
    assert.equal(scopeOf(t, '0'), 'constant.numeric.integer.decimal.wat');
  });
});

describe('identifiers', () => {
  test('identifiers may use every idchar and are one token', async () => {
    const id = "$a!#$%&'*+-./:<=>?@\\^_`|~z";
    assert.equal(await only(id), 'variable.other.wat');
    for (const odd of ['$0', '$x.y', '$i32.add', '$$', "$'", '$-1', '$a=b', '$CamelCase_1', '$module']) {
      assert.equal(await only(odd), 'variable.other.wat', odd);
    }
  });

  test('a lone $ or an identifier glued to another token is not an identifier', async () => {
    assert.equal(await only('$'), '');
    const t = await tokenize('a$b');
    assert.ok(!t.some((x) => x.scopes.length > 0), t.map((x) => x.scopes.join(' ')).join(','));
  });

  test('identifiers stop at parentheses, quotes, semicolons and whitespace', async () => {
    const t = await tokenize('($a)($b"s"$c;;x\n$d(;y;)');
    assert.equal(scopeOf(t, '$a'), 'variable.other.wat');
    assert.equal(scopeOf(t, '$b'), 'variable.other.wat');
    assert.equal(scopeOf(t, '$c'), 'variable.other.wat');
    assert.equal(scopeOf(t, '$d'), 'variable.other.wat');
  });

  test('definitions and references get specific scopes', async () => {
    const t = await tokenize([
      '(module $m (type $t (func)) (global $g i32) (func $f (param $p i32) (local $l i32)',
      '  block $b local.get $l global.set $g br_if $b call $f ref.func $f br_table $b $b 0 end $b)',
      '  (start $f) (elem func $f $f2) (export "f" (func $f)))',
    ].join('\n'));
    assert.equal(scopeOf(t, '$m'), 'entity.name.namespace.wat');
    assert.equal(scopeOf(t, '$t'), 'entity.name.type.wat');
    assert.equal(scopeOf(t, '$g'), 'variable.other.global.wat');
    assert.equal(scopeOf(t, '$g', 1), 'variable.other.global.wat');
    assert.equal(scopeOf(t, '$p'), 'variable.parameter.wat');
    assert.equal(scopeOf(t, '$l'), 'variable.other.local.wat');
    assert.equal(scopeOf(t, '$l', 1), 'variable.other.local.wat');
    for (let i = 0; i < 5; i++) assert.equal(scopeOf(t, '$b', i), 'entity.name.label.wat', `label #${i}`);
    for (let i = 0; i < 6; i++) assert.equal(scopeOf(t, '$f', i), 'entity.name.function.wat', `function #${i}`);
    assert.equal(scopeOf(t, '$f2'), 'entity.name.function.wat');
  });
});

describe('instructions and immediates', () => {
  test('memarg immediates offset= and align=', async () => {
    const t = await tokenize('i64.load32_u offset=0x1_0 align=4 (i32.store8 offset=4_096 (local.get 0))');
    assert.equal(scopeOf(t, 'i64.load32_u'), 'support.function.memory.wat');
    assert.equal(scopeOf(t, 'offset'), 'keyword.other.memarg.wat');
    assert.equal(scopeOf(t, '='), 'keyword.operator.assignment.wat');
    assert.equal(scopeOf(t, '0x1_0'), 'constant.numeric.integer.hexadecimal.wat');
    assert.equal(scopeOf(t, 'align'), 'keyword.other.memarg.wat');
    assert.equal(scopeOf(t, '4'), 'constant.numeric.integer.decimal.wat');
    assert.equal(scopeOf(t, 'i32.store8'), 'support.function.memory.wat');
    assert.equal(scopeOf(t, '4_096'), 'constant.numeric.integer.decimal.wat');
  });

  test('malformed memargs are not highlighted as memargs; the offset keyword of segments is', async () => {
    for (const bad of ['offset=', 'align=x', 'offset=-1', 'offset =4', 'offset=1_', 'alignment=4']) {
      const scopes = (await tokenize(`i32.load ${bad}`)).flatMap((x) => x.scopes);
      assert.ok(!scopes.includes('keyword.other.memarg.wat'), `${bad} => ${scopes.join(' ')}`);
    }
    const t = await tokenize('(data (offset (i32.const 0)) "x")');
    assert.equal(scopeOf(t, 'offset'), 'keyword.other.offset.wat');
  });

  test('folded and flat forms give the same instruction scopes', async () => {
    const flat = await tokenize('local.get 0 i32.const 1 i32.add i32.load offset=8 call $f');
    const folded = await tokenize('(i32.load offset=8 (i32.add (local.get 0) (i32.const 1)) (call $f))');
    const words = (ts: Token[]) => new Map(ts.filter((x) => !/^[()\s]/.test(x.text)).map((x) => [x.text, x.scopes.join(' ')]));
    assert.deepEqual(words(folded), words(flat));
  });

  test('structured control flow, flat and folded', async () => {
    const t = await tokenize('(if (result i32) (local.get 0) (then (i32.const 1)) (else (i32.const 2)))\nif $x (result i32) i32.const 1 else $x i32.const 2 end $x');
    for (const k of ['if', 'then', 'else', 'end']) assert.equal(scopeOf(t, k), 'keyword.control.wat', k);
    assert.equal(scopeOf(t, 'if', 1), 'keyword.control.wat');
    assert.equal(scopeOf(t, '$x'), 'entity.name.label.wat');
    assert.equal(scopeOf(t, '$x', 2), 'entity.name.label.wat');
  });

  test('typed select, call_indirect and SIMD immediates', async () => {
    const t = await tokenize('select (result i32) call_indirect $tab (type $sig) v128.const i32x4 0 1 2 3 i8x16.extract_lane_u 15');
    assert.equal(scopeOf(t, 'select'), 'support.function.parametric.wat');
    assert.equal(scopeOf(t, 'call_indirect'), 'keyword.control.wat');
    assert.equal(scopeOf(t, '$tab'), 'variable.other.wat');
    assert.equal(scopeOf(t, '$sig'), 'entity.name.type.wat');
    assert.equal(scopeOf(t, 'i32x4'), 'storage.type.vector.shape.wat');
    assert.equal(scopeOf(t, '15'), 'constant.numeric.integer.decimal.wat');
  });
});

describe('types and module keywords', () => {
  test('value and reference types', async () => {
    const t = await tokenize('(param i32 i64 f32 f64 v128 funcref externref) (result (ref null func) (ref extern) (ref $t))');
    for (const v of ['i32', 'i64', 'f32', 'f64']) assert.equal(scopeOf(t, v), 'storage.type.numeric.wat', v);
    assert.equal(scopeOf(t, 'v128'), 'storage.type.vector.wat');
    assert.equal(scopeOf(t, 'funcref'), 'storage.type.reference.wat');
    assert.equal(scopeOf(t, 'externref'), 'storage.type.reference.wat');
    assert.equal(scopeOf(t, 'ref'), 'storage.type.reference.wat');
    assert.equal(scopeOf(t, 'null'), 'storage.modifier.null.wat');
    assert.equal(scopeOf(t, 'func'), 'storage.type.reference.wat', 'func is a heap type inside (ref ...)');
    assert.equal(scopeOf(t, 'extern'), 'storage.type.reference.wat');
    assert.equal(scopeOf(t, '$t'), 'entity.name.type.wat');
    const r = await tokenize('ref.null extern (ref.null func)');
    assert.equal(scopeOf(r, 'extern'), 'storage.type.reference.wat');
    assert.equal(scopeOf(r, 'func'), 'storage.type.reference.wat');
  });

  test('module-level keywords', async () => {
    const expected: Record<string, string> = {
      module: 'keyword.declaration.module.wat', func: 'keyword.declaration.func.wat', type: 'keyword.declaration.type.wat',
      import: 'keyword.declaration.import.wat', export: 'keyword.declaration.export.wat',
      memory: 'keyword.declaration.memory.wat', table: 'keyword.declaration.table.wat',
      global: 'keyword.declaration.global.wat', data: 'keyword.declaration.data.wat', elem: 'keyword.declaration.elem.wat',
      start: 'keyword.declaration.start.wat', param: 'keyword.other.param.wat', result: 'keyword.other.result.wat',
      local: 'keyword.other.local.wat', offset: 'keyword.other.offset.wat', item: 'keyword.other.item.wat',
      declare: 'keyword.other.declare.wat', mut: 'storage.modifier.mut.wat',
    };
    for (const [k, s] of Object.entries(expected)) {
      assert.equal(scopeOf(await tokenize(`(${k})`), k), s, k);
      assert.equal(await only(`${k}x`), '', `${k}x is not a keyword`);
    }
  });

  test('.wast script commands', async () => {
    for (const k of ['assert_return', 'assert_trap', 'assert_exhaustion', 'assert_malformed', 'assert_invalid',
      'assert_unlinkable', 'register', 'invoke', 'get', 'binary', 'quote']) {
      const t = await tokenize(k === 'binary' || k === 'quote' ? `(module $M ${k} "")` : `(${k} "x")`);
      assert.equal(scopeOf(t, k), 'keyword.other.directive.wat', k);
    }
    const t = await tokenize('(module binary "\\00asm")');
    assert.equal(scopeOf(t, 'module'), 'keyword.declaration.module.wat');
    assert.equal(scopeOf(t, '\\00'), 'string.quoted.double.wat constant.character.escape.wat');
  });
});

describe('the grammar file', () => {
  type Rule = Record<string, unknown>;
  const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as Rule & { repository: Record<string, Rule> };

  function walk(node: unknown, visit: (rule: Rule) => void): void {
    if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
    else if (node && typeof node === 'object') {
      visit(node as Rule);
      for (const v of Object.values(node)) walk(v, visit);
    }
  }

  test('identity', () => {
    assert.equal(grammar.scopeName, 'source.wat');
    assert.deepEqual(grammar.fileTypes, ['wat', 'wast']);
  });

  test('every regular expression compiles with Oniguruma', async () => {
    await loadOnigLib();
    const bad: string[] = [];
    walk(grammar, (r) => {
      for (const k of ['match', 'begin', 'end', 'while']) {
        const re = r[k];
        if (typeof re !== 'string') continue;
        try {
          new oniguruma.OnigScanner([re]).dispose();
        } catch (e) {
          bad.push(`${k}: ${re}: ${(e as Error).message}`);
        }
      }
    });
    assert.deepEqual(bad, []);
  });

  test('every scope name ends in .wat and every include resolves; no repository rule is dead', () => {
    const used = new Set<string>();
    walk(grammar.repository, (r) => {
      for (const k of ['name', 'contentName']) {
        const n = r[k];
        if (typeof n === 'string') assert.match(n, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.wat$/, n);
      }
      if (typeof r.include === 'string') {
        const key = r.include.replace(/^#/, '');
        assert.ok(r.include.startsWith('#') && key in grammar.repository, `unresolved include ${r.include}`);
        used.add(key);
      }
    });
    walk(grammar.patterns, (r) => {
      if (typeof r.include === 'string') used.add(r.include.replace(/^#/, ''));
    });
    for (const k of Object.keys(grammar.repository)) assert.ok(used.has(k), `repository rule ${k} is never included`);
  });
});
