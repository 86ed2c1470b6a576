/* c-blink: LED 0 blinks (on 500 ms, off 500 ms) and the count of blinks goes to the log.
 * Build: make (clang + lld + wasi-libc); F5 builds and debugs it (.vscode/launch.json). */
#include "nrf_wasm.h"

struct blinker {
  int32_t led;
  uint32_t period_ms;
  uint32_t count;
  const char *name;
};

/* Switches the LED to the other state; returns the new state. */
static int toggle(struct blinker *b, int on) {
  int next = !on;
  nrf_led_set(b->led, next);
  b->count++;
  return next;
}

int main(void) {
  struct blinker blink = {.led = 0, .period_ms = 500, .count = 0, .name = "LED1"};
  int on = 0;
  nrf_log_str("c-blink: LED 0 every 500 ms");
  for (;;) {
    on = toggle(&blink, on);
    if (blink.count % 10 == 0) nrf_log_i32((int32_t)blink.count);
    nrf_sleep_ms(blink.period_ms);
  }
}
