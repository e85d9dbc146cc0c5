//! Philox4x32-10, the counter-based generator of Salmon et al., "Parallel random numbers:
//! as easy as 1, 2, 3" (SC'11), following Random123's `philox.h`. A draw is a pure
//! function of (key, counter), so any element's random numbers can be computed on their
//! own: this is what lets random arrays fuse into kernels (docs/architecture.md).

const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9; // golden ratio, the Weyl step of key word 0
const W1: u32 = 0xBB67_AE85; // sqrt(3) - 1, the Weyl step of key word 1

#[inline(always)]
fn mulhilo(a: u32, b: u32) -> (u32, u32) {
    let p = (a as u64) * (b as u64);
    ((p >> 32) as u32, p as u32)
}

#[inline(always)]
fn round(c: [u32; 4], k: [u32; 2]) -> [u32; 4] {
    let (hi0, lo0) = mulhilo(M0, c[0]);
    let (hi1, lo1) = mulhilo(M1, c[2]);
    [hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0]
}

/// Ten rounds, the key bumped before every round after the first.
#[inline(always)]
pub fn philox4x32_10_block(counter: [u32; 4], key: [u32; 2]) -> [u32; 4] {
    let (mut c, mut k) = (round(counter, key), key);
    for _ in 1..10 {
        k = [k[0].wrapping_add(W0), k[1].wrapping_add(W1)];
        c = round(c, k);
    }
    c
}

/// The 128-bit counter of block `i`: the base counter (words little-endian) plus `i`,
/// wrapping, as Random123's counter increment does.
#[inline(always)]
fn counter_at(base: u128, i: usize) -> [u32; 4] {
    let c = base.wrapping_add(i as u128);
    [c as u32, (c >> 32) as u32, (c >> 64) as u32, (c >> 96) as u32]
}

/// Fills `out[0..n]` with Philox4x32-10 output: words `4b..4b+4` are block `b`, drawn at
/// counter `(c0, c1, c2, c3) + b` (128-bit, wrapping) under key `(k0, k1)`. When `n` is
/// not a multiple of 4 the last block is cut short, so `n` words never depend on the
/// buffer size.
///
/// # Safety
/// `out` must be 4-byte aligned and valid for writes of `n` u32 words, and no other
/// thread may read or write that range during the call.
#[no_mangle]
pub unsafe extern "C" fn philox4x32_10(
    out: *mut u32,
    n: usize,
    k0: u32,
    k1: u32,
    c0: u32,
    c1: u32,
    c2: u32,
    c3: u32,
) {
    let out = core::slice::from_raw_parts_mut(out, n);
    let base = (c0 as u128) | (c1 as u128) << 32 | (c2 as u128) << 64 | (c3 as u128) << 96;
    for (b, chunk) in out.chunks_mut(4).enumerate() {
        let words = philox4x32_10_block(counter_at(base, b), [k0, k1]);
        chunk.copy_from_slice(&words[..chunk.len()]);
    }
}
