//! Quiver's WebAssembly kernels: one module per kernel family, exported as raw
//! `extern "C"` functions over a shared, imported `env.memory`. No std and no crates,
//! because the build must work offline with Debian's rustc 1.63 (docs/platform.md).
#![no_std]

pub mod csv;
pub mod csv_dictionary;
pub mod csv_numbers;
pub mod ewm;
pub mod gather;
pub mod groupby;
pub mod group_slots;
pub mod implied_vol;
pub mod partition;
pub mod math;
pub mod matmul;
pub mod philox;
pub mod rolling;
pub mod scan;
pub mod sort;
pub mod vm;

/// A panic can only come from a bug in a kernel; trapping surfaces it to JS as a
/// `RuntimeError` instead of leaving a worker spinning.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
