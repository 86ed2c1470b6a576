;; fib.wat — recursive Fibonacci: logs fib(0..N) and returns fib(N) as the exit code.
;; A good first debugging target: step into $fib, watch $n and the call depth grow.
(module
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))
  (import "env" "log_i32" (func $log_i32 (param $value i32)))

  (memory 1)
  (data (i32.const 0) "fib:")

  (global $N i32 (i32.const 15))

  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func $main (export "main") (result i32)
    (local $i i32)
    (local $result i32)
    (call $log (i32.const 0) (i32.const 4))
    (loop $next
      (local.set $result (call $fib (local.get $i)))
      (call $log_i32 (local.get $result))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.le_u (local.get $i) (global.get $N))))
    (local.get $result)))
