/** Small helpers for the language-server tests: positions by searching the text. */
import { WatLanguageService } from '../../src/language-server/service';

export const URI = 'file:///test/prog.wat';

export function service(text: string, uri = URI): WatLanguageService {
  const s = new WatLanguageService();
  s.update(uri, 1, text);
  return s;
}

/** Position of the `nth` occurrence of `needle` (0-based), moved `delta` characters into it. */
export function posOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`not found: ${needle} #${nth}`);
  }
  const off = i + delta;
  const before = text.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

/** Text covered by an LSP range. */
export function textAt(text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(off(r.start), off(r.end));
}

export const FIB = `(module
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))
  (memory 1)
  (global $N i32 (i32.const 15))
  (global $count (mut i32) (i32.const 0))
  (type $binop (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $main (export "main") (result i32)
    (local $i i32)
    (local $result i32)
    (call $log (i32.const 0) (i32.const 4))
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    block $done
      loop $next
        (local.set $result (call $fib (local.get $i)))
        (br_if $done (i32.ge_u (local.get $i) (global.get $N)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        br $next
      end
    end
    (local.get $result)))
`;
