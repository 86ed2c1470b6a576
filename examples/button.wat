;; button.wat — each LED follows its button (4 of each, like the nRF5340 DK); presses are logged.
;; Polls every 20 ms. Native API: docs/native-api.md.
(module
  (import "env" "button_get" (func $button_get (param $button i32) (result i32)))
  (import "env" "led_set" (func $led_set (param $led i32) (param $on i32)))
  (import "env" "sleep_ms" (func $sleep_ms (param $ms i32)))
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))
  (import "env" "log_i32" (func $log_i32 (param $value i32)))

  (memory 1)
  (data (i32.const 0) "button pressed:")

  ;; Bit i = button i was down at the last poll.
  (global $previous (mut i32) (i32.const 0))
  (global $presses (mut i32) (i32.const 0))

  (func $poll (param $i i32) (result i32)
    (local $down i32)
    (local.set $down (call $button_get (local.get $i)))
    (call $led_set (local.get $i) (local.get $down))
    ;; A press: down now, up at the last poll.
    (if (i32.and (local.get $down)
                 (i32.eqz (i32.and (global.get $previous) (i32.shl (i32.const 1) (local.get $i)))))
      (then
        (global.set $presses (i32.add (global.get $presses) (i32.const 1)))
        (call $log (i32.const 0) (i32.const 15))
        (call $log_i32 (local.get $i))))
    (i32.shl (local.get $down) (local.get $i)))

  (func $main (export "main")
    (local $i i32)
    (local $now i32)
    (loop $forever
      (local.set $now (i32.const 0))
      (local.set $i (i32.const 0))
      (loop $each
        (local.set $now (i32.or (local.get $now) (call $poll (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $each (i32.lt_u (local.get $i) (i32.const 4))))
      (global.set $previous (local.get $now))
      (call $sleep_ms (i32.const 20))
      (br $forever))))
