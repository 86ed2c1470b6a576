;; blink.wat — LED 0 blinks: on 500 ms, off 500 ms, forever.
;; Native API: docs/native-api.md. Build: wat2wasm --debug-names blink.wat (or the extension's build).
(module
  (import "env" "led_set" (func $led_set (param $led i32) (param $on i32)))
  (import "env" "sleep_ms" (func $sleep_ms (param $ms i32)))
  (import "env" "log" (func $log (param $ptr i32) (param $len i32)))

  (memory 1)
  (data (i32.const 16) "blink: LED 0 every 500 ms")

  (global $period_ms i32 (i32.const 500))

  (func $main (export "main")
    (local $on i32)
    (call $log (i32.const 16) (i32.const 25))
    (loop $forever
      (local.set $on (i32.eqz (local.get $on)))
      (call $led_set (i32.const 0) (local.get $on))
      (call $sleep_ms (global.get $period_ms))
      (br $forever))))
