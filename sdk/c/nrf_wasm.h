/*
 * nrf_wasm.h: the nrf-wasm native API (docs/native-api.md) for C and C++ modules.
 *
 * Every function is imported from module "env" under the name in docs/native-api.md; the C names
 * carry an nrf_ prefix so they do not clash with libc's log() and exit().
 *
 * Build (Debian: clang, lld, wasi-libc):
 *   clang --target=wasm32-wasi -g -O0 -nostartfiles -Wl,--no-entry -Wl,--export=main \
 *         -Wl,-z,stack-size=8192 -Wl,--initial-memory=65536 -I sdk/c -o app.wasm main.c
 */
#ifndef NRF_WASM_H
#define NRF_WASM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NRF_WASM_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

/* Sends len bytes of UTF-8 at text as one line of output (at most 1024 bytes, else the module traps). */
NRF_WASM_IMPORT(log) void nrf_log(const char *text, uint32_t len);
/* Sends value as signed decimal text. */
NRF_WASM_IMPORT(log_i32) void nrf_log_i32(int32_t value);
/* Switches LED led (0..3) on (on != 0) or off. */
NRF_WASM_IMPORT(led_set) void nrf_led_set(int32_t led, int32_t on);
/* 1 while button button (0..3) is pressed, else 0. */
NRF_WASM_IMPORT(button_get) int32_t nrf_button_get(int32_t button);
/* Sleeps ms milliseconds; the debugger still answers meanwhile. */
NRF_WASM_IMPORT(sleep_ms) void nrf_sleep_ms(uint32_t ms);
/* Milliseconds since the device booted. */
NRF_WASM_IMPORT(uptime_ms) int64_t nrf_uptime_ms(void);
/* Ends the module at once with code. */
NRF_WASM_IMPORT(exit) __attribute__((noreturn)) void nrf_exit(int32_t code);

/* Logs a NUL-terminated string. */
static inline void nrf_log_str(const char *text) {
  nrf_log(text, (uint32_t)__builtin_strlen(text));
}

#ifdef __cplusplus
}
#endif

#endif /* NRF_WASM_H */
