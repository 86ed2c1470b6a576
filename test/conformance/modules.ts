/**
 * Modules the scenarios run, as WAT (assembled with wabt), and where their instructions are: the
 * suite knows its own modules' byte offsets (parsed with the simulator's wasm reader, which is
 * plain wasm parsing and independent of any device).
 */
import { type FunctionBody, type ModuleInfo, parseModule } from '../../src/simulator/wasm/module-info';
import { assemble } from '../simulator/helpers';

export const CONFORMANCE_WAT = `
(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "exit" (func $exit (param i32)))
  (import "env" "sleep_ms" (func $sleep_ms (param i32)))
  (import "env" "led_set" (func $led_set (param i32 i32)))
  (import "env" "button_get" (func $button_get (param i32) (result i32)))
  (memory 1)
  (data (i32.const 0) "conformance")
  (data (i32.const 65528) "lastpage")
  (global $counter (mut i32) (i32.const 0))
  (global $zero i32 (i32.const 0))
  (global $big (mut i64) (i64.const -2))

  (func $add (param $a i32) (param $b i32) (result i32) (local $sum i32)
    (local.set $sum (i32.add (local.get $a) (local.get $b)))
    (local.get $sum))

  (func $twice (param $x i32) (result i32)
    (call $add (local.get $x) (local.get $x)))

  ;; returns 42 after logging "conformance"
  (func $main (export "main") (result i32) (local $r i32) (local $wide i64) (local $f f64)
    (local.set $wide (i64.const -7))
    (local.set $f (f64.const 1.5))
    (local.set $r (call $twice (i32.const 20)))
    (local.set $r (i32.add (local.get $r) (i32.const 2)))
    (call $log (i32.const 0) (i32.const 11))
    (local.get $r))

  (func $spin (export "spin")
    (loop $l
      (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
      (br $l)))

  (func $nap (export "nap")
    (loop $l
      (call $sleep_ms (i32.const 1000))
      (br $l)))

  (func $div (export "div") (result i32)
    (i32.div_s (i32.const 1) (global.get $zero)))

  (func $bye (export "bye")
    (call $exit (i32.const 3))
    (unreachable))

  (func $oob (export "oob") (result i32)
    (i32.load (i32.const 70000)))

  (func $mirror (export "mirror")
    (local $i i32)
    (loop $l
      (call $led_set (i32.const 1) (call $button_get (i32.const 2)))
      (call $sleep_ms (i32.const 5))
      (br $l)))

  ;; counts to 10: breakpoints decided on the device (protocol 1.1)
  (func $count (export "count") (result i32) (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (local.get $i))

  ;; starts with a block: no device stops on block/loop/else (protocol 3.5)
  (func $blocky (param $n i32) (result i32)
    (block $b (result i32)
      (local.get $n)))

  (func $callblocky (export "callblocky") (result i32)
    (call $blocky (i32.const 9)))

  ;; recursion: step over and step out stay with their own frame (5! = 120)
  (func $fact (param $n i32) (result i32)
    (if (result i32) (i32.le_u (local.get $n) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get $n) (call $fact (i32.sub (local.get $n) (i32.const 1)))))))

  (func $facts (export "facts") (result i32)
    (call $fact (i32.const 5))))
`;

export interface Conformance {
  bytes: Uint8Array;
  info: ModuleInfo;
  fn(name: string): FunctionBody;
  /** Offset of the n-th instruction of a function. */
  at(name: string, n: number): number;
  index(name: string): number;
}

let cached: Promise<Conformance> | null = null;

export function conformanceModule(): Promise<Conformance> {
  cached ??= assemble(CONFORMANCE_WAT, 'conformance.wat').then((bytes) => {
    const info = parseModule(bytes);
    const index = (name: string) => {
      for (const [i, n] of info.names) if (n === name || n === `$${name}`) return i;
      throw new Error(`no function ${name}`);
    };
    const fn = (name: string) => info.bodies[index(name) - info.funcImportCount];
    return { bytes, info, fn, index, at: (name, n) => fn(name).instructions[n] };
  });
  return cached;
}

/** A second, different valid module (for "the previous module stays active"). */
export function otherModule(): Promise<Uint8Array> {
  return assemble('(module (func (export "main") (result i32) (i32.const 7)))', 'other.wat');
}
