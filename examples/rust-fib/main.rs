//! rust-fib: logs the Fibonacci numbers up to fib(20), then returns fib(20).
//! Build: make (Debian: rustc + libstd-rust-dev-wasm32); F5 builds and debugs it.
#![no_std]

#[path = "../../sdk/rust/nrf_wasm.rs"]
mod nrf_wasm;

/// The state of the iteration: the last two numbers and how far we are.
pub struct Fib {
    prev: u32,
    curr: u32,
    n: u32,
}

impl Fib {
    fn step(&mut self) {
        let next = self.prev.wrapping_add(self.curr);
        self.prev = self.curr;
        self.curr = next;
        self.n += 1;
    }
}

fn fib(n: u32) -> u32 {
    let mut f = Fib { prev: 0, curr: 1, n: 1 };
    while f.n < n {
        f.step();
        nrf_wasm::log_i32(f.curr as i32);
    }
    f.curr
}

#[no_mangle]
pub extern "C" fn main() -> i32 {
    nrf_wasm::log("rust-fib: fib(1..20)");
    let result = fib(20);
    result as i32
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    nrf_wasm::exit(101)
}
