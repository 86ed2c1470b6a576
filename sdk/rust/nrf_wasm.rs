//! nrf_wasm: the nrf-wasm native API (docs/native-api.md) for Rust modules.
//!
//! Every function is imported from module "env" under the name in docs/native-api.md. Use it as a
//! module of your crate: `#[path = "…/sdk/rust/nrf_wasm.rs"] mod nrf_wasm;` (works with `no_std`).
//!
//! Build (Debian: rustc + libstd-rust-dev-wasm32):
//!   rustc --target wasm32-unknown-unknown --crate-type cdylib -g -C opt-level=1 -C panic=abort main.rs
#![allow(dead_code)]

mod ffi {
    #[link(wasm_import_module = "env")]
    extern "C" {
        pub fn log(text: *const u8, len: u32);
        pub fn log_i32(value: i32);
        pub fn led_set(led: i32, on: i32);
        pub fn button_get(button: i32) -> i32;
        pub fn sleep_ms(ms: u32);
        pub fn uptime_ms() -> i64;
        pub fn exit(code: i32) -> !;
    }
}

/// Sends `text` as one line of output (at most 1024 bytes, else the module traps).
pub fn log(text: &str) {
    unsafe { ffi::log(text.as_ptr(), text.len() as u32) }
}

/// Sends `value` as signed decimal text.
pub fn log_i32(value: i32) {
    unsafe { ffi::log_i32(value) }
}

/// Switches LED `led` (0..3) on or off.
pub fn led_set(led: i32, on: bool) {
    unsafe { ffi::led_set(led, on as i32) }
}

/// Whether button `button` (0..3) is pressed.
pub fn button_pressed(button: i32) -> bool {
    unsafe { ffi::button_get(button) != 0 }
}

/// Sleeps `ms` milliseconds; the debugger still answers meanwhile.
pub fn sleep_ms(ms: u32) {
    unsafe { ffi::sleep_ms(ms) }
}

/// Milliseconds since the device booted.
pub fn uptime_ms() -> i64 {
    unsafe { ffi::uptime_ms() }
}

/// Ends the module at once with `code`.
pub fn exit(code: i32) -> ! {
    unsafe { ffi::exit(code) }
}
