//! Batched matrix multiply `c[t] = a[t] @ b[t]` over contiguous row-major operands.
//! Every output is `s = 0; s = s + a[i,q] * b[q,j]` for q = 0, 1, ... in that order:
//! in float64 for float64, as the js reference does (src/backend/js/kernels.ts,
//! compileContraction); in float32 for float32, each product and sum rounded to float32,
//! as BLAS's sgemm (and so NumPy) and XNNPACK accumulate, where the js reference sums in
//! float64 and rounds once (the two agree within float32's stated tolerance); wrapping
//! mod 2^32 for int32/uint32, or-of-ands for bool.
//!
//! Blocked as in Goto & van de Geijn, "Anatomy of high-performance matrix multiplication"
//! (TOMS 2008): a `KC x NR` micro-panel of b stays in L1 while the `MC x KC` packed block
//! of a streams from L2 through an `MR x NR` register tile. Each output keeps its own
//! accumulation order (k-blocks are visited in order, and a tile continues from the
//! partial sums it stored), and wasm has no fused multiply-add, so float64 results are
//! bit-identical to the reference and float32 results to the sequential float32 loop.
//! Partial sums live in a `P`-typed block of the scratch.

use core::arch::wasm32::*;
use core::marker::PhantomData;

/// Block sizes, chosen at 512^3 and 1024^3 on a Zen 5 core (48 KiB L1d, 1 MiB L2) in
/// Node 20 with the 2 x 6 tile (bench/wasm-routines.bench.ts): MC 64 or 128 were slower
/// (b is repacked once per MC rows), and so were KC 128 or 512 and NC 256 or 1024.
/// The packed a block (MC x KC f64, 512 KiB) stays in L2 and a b micro-panel (KC x NR
/// f64, 12 KiB) in L1. NC is a multiple of NR.
const MC: usize = 256;
const KC: usize = 256;
const NC: usize = 516;

/// A register tile: `MR x NR` outputs accumulated over a packed a micro-panel (`kc x MR`,
/// row index fastest) and b micro-panel (`kc x NR`, column index fastest).
trait Tile {
    type P: Copy + Default;
    const MR: usize;
    const NR: usize;
    /// `c` holds `MR` rows of `NR` partial sums `ldc` apart; `first` starts them from 0.
    fn run(a: &[Self::P], b: &[Self::P], c: &mut [Self::P], ldc: usize, first: bool);
}

/// The lanes a float tile accumulates in: f64x2 for float64, f32x4 for float32.
trait FloatLanes {
    type P: Copy + Default;
    /// Values in one v128.
    const W: usize;
    fn splat(x: Self::P) -> v128;
    fn load(s: &[Self::P]) -> v128;
    fn store(v: v128, s: &mut [Self::P]);
    /// acc + s * w, the product and the sum each rounded (wasm has no fma).
    fn mul_add(acc: v128, s: v128, w: v128) -> v128;
}

struct F64Lanes;

impl FloatLanes for F64Lanes {
    type P = f64;
    const W: usize = 2;

    #[inline(always)]
    fn splat(x: f64) -> v128 {
        f64x2_splat(x)
    }

    #[inline(always)]
    fn load(s: &[f64]) -> v128 {
        f64x2(s[0], s[1])
    }

    #[inline(always)]
    fn store(v: v128, s: &mut [f64]) {
        s[0] = f64x2_extract_lane::<0>(v);
        s[1] = f64x2_extract_lane::<1>(v);
    }

    #[inline(always)]
    fn mul_add(acc: v128, s: v128, w: v128) -> v128 {
        f64x2_add(acc, f64x2_mul(s, w))
    }
}

struct F32Lanes;

impl FloatLanes for F32Lanes {
    type P = f32;
    const W: usize = 4;

    #[inline(always)]
    fn splat(x: f32) -> v128 {
        f32x4_splat(x)
    }

    #[inline(always)]
    fn load(s: &[f32]) -> v128 {
        f32x4(s[0], s[1], s[2], s[3])
    }

    #[inline(always)]
    fn store(v: v128, s: &mut [f32]) {
        s[0] = f32x4_extract_lane::<0>(v);
        s[1] = f32x4_extract_lane::<1>(v);
        s[2] = f32x4_extract_lane::<2>(v);
        s[3] = f32x4_extract_lane::<3>(v);
    }

    #[inline(always)]
    fn mul_add(acc: v128, s: v128, w: v128) -> v128 {
        f32x4_add(acc, f32x4_mul(s, w))
    }
}

/// `R x WH` float outputs in `R*H` v128 accumulators (W values each): per k step, `H`
/// loads of b, `R` splats of a, `R*H` multiplies and adds, each rounded to the lanes'
/// type.
struct FloatTile<L, const R: usize, const H: usize>(PhantomData<L>);

impl<L: FloatLanes, const R: usize, const H: usize> Tile for FloatTile<L, R, H> {
    type P = L::P;
    const MR: usize = R;
    const NR: usize = L::W * H;

    #[inline(always)]
    fn run(a: &[L::P], b: &[L::P], c: &mut [L::P], ldc: usize, first: bool) {
        let w = L::W;
        let mut acc = [[L::splat(L::P::default()); H]; R];
        if !first {
            for (i, row) in acc.iter_mut().enumerate() {
                let r = &c[i * ldc..i * ldc + w * H];
                for (h, v) in row.iter_mut().enumerate() {
                    *v = L::load(&r[w * h..]);
                }
            }
        }
        for (ap, bp) in a.chunks_exact(R).zip(b.chunks_exact(w * H)) {
            let mut bv = [L::splat(L::P::default()); H];
            for (h, v) in bv.iter_mut().enumerate() {
                *v = L::load(&bp[w * h..]);
            }
            for (row, &x) in acc.iter_mut().zip(ap) {
                let s = L::splat(x);
                for (v, &bw) in row.iter_mut().zip(&bv) {
                    *v = L::mul_add(*v, s, bw);
                }
            }
        }
        for (i, row) in acc.iter().enumerate() {
            let r = &mut c[i * ldc..i * ldc + w * H];
            for (h, v) in row.iter().enumerate() {
                L::store(*v, &mut r[w * h..]);
            }
        }
    }
}

/// The float64 tile. V8 (Node 20, x64) keeps wasm SIMD values in 16 xmm registers: 2 x 6
/// (6 accumulators) was the fastest at 1024^3, 3 x 4 and 2 x 8 close to it, 4 x 4 slower,
/// and every tile with 10 or more accumulators (6 x 4, 4 x 6, 3 x 8, 2 x 10, 5 x 4)
/// far slower: they spill.
type F64T = FloatTile<F64Lanes, 2, 3>;

/// The float32 tile, measured as the float64 one: 2 x 16 (8 accumulators) was the fastest
/// at 512^3 and 1024^3, 2 x 12, 3 x 8 and 4 x 8 close to it, and 3 x 12, 4 x 12 and
/// 6 x 8 far slower.
type F32T = FloatTile<F32Lanes, 2, 4>;

/// 4 x 8 int32 outputs in 8 i32x4 accumulators; wrapping mul and add are a ring mod 2^32,
/// so int32, uint32 and bool (0/1 counts stay below 2^32) share it in any order.
struct I32Tile;

impl Tile for I32Tile {
    type P = i32;
    const MR: usize = 4;
    const NR: usize = 8;

    #[inline(always)]
    fn run(a: &[i32], b: &[i32], c: &mut [i32], ldc: usize, first: bool) {
        let mut acc = [[i32x4_splat(0); 2]; 4];
        if !first {
            for (i, row) in acc.iter_mut().enumerate() {
                let r = &c[i * ldc..i * ldc + 8];
                *row = [i32x4(r[0], r[1], r[2], r[3]), i32x4(r[4], r[5], r[6], r[7])];
            }
        }
        for (ap, bp) in a.chunks_exact(4).zip(b.chunks_exact(8)) {
            let b0 = i32x4(bp[0], bp[1], bp[2], bp[3]);
            let b1 = i32x4(bp[4], bp[5], bp[6], bp[7]);
            for (row, &x) in acc.iter_mut().zip(ap) {
                let s = i32x4_splat(x);
                row[0] = i32x4_add(row[0], i32x4_mul(s, b0));
                row[1] = i32x4_add(row[1], i32x4_mul(s, b1));
            }
        }
        for (i, row) in acc.iter().enumerate() {
            let r = &mut c[i * ldc..i * ldc + 8];
            r[0] = i32x4_extract_lane::<0>(row[0]);
            r[1] = i32x4_extract_lane::<1>(row[0]);
            r[2] = i32x4_extract_lane::<2>(row[0]);
            r[3] = i32x4_extract_lane::<3>(row[0]);
            r[4] = i32x4_extract_lane::<0>(row[1]);
            r[5] = i32x4_extract_lane::<1>(row[1]);
            r[6] = i32x4_extract_lane::<2>(row[1]);
            r[7] = i32x4_extract_lane::<3>(row[1]);
        }
    }
}

const fn round_up(x: usize, to: usize) -> usize {
    (x + to - 1) / to * to
}

/// Elements of `P` the scratch holds for a problem with inner size `k` and `m` columns:
/// the packed a block, the packed b block and the partial-sum block, each padded to whole tiles.
fn scratch_len<T: Tile>(k: usize, m: usize) -> usize {
    let kc = k.min(KC);
    let nc = round_up(m.min(NC), T::NR);
    round_up(MC, T::MR) * kc + kc * nc + round_up(MC, T::MR) * nc
}

/// Packs rows `[0, mc)` and columns `[pc, pc + kc)` of `a` (row length `k`) into micro-panels
/// of `MR` rows, `MR` values per k step; rows past `mc` are zero.
fn pack_a<S: Copy, T: Tile>(a: &[S], k: usize, mc: usize, pc: usize, kc: usize, dst: &mut [T::P], load: fn(S) -> T::P) {
    for (r0, panel) in (0..mc).step_by(T::MR).zip(dst.chunks_exact_mut(kc * T::MR)) {
        for i in 0..T::MR {
            if r0 + i < mc {
                let row = &a[(r0 + i) * k + pc..(r0 + i) * k + pc + kc];
                for (step, &x) in panel.chunks_exact_mut(T::MR).zip(row) {
                    step[i] = load(x);
                }
            } else {
                panel.chunks_exact_mut(T::MR).for_each(|step| step[i] = T::P::default());
            }
        }
    }
}

/// Packs rows `[pc, pc + kc)` and columns `[jc, jc + nc)` of `b` (row length `m`) into
/// micro-panels of `NR` columns; columns past `nc` are zero.
fn pack_b<S: Copy, T: Tile>(b: &[S], m: usize, pc: usize, kc: usize, jc: usize, nc: usize, dst: &mut [T::P], load: fn(S) -> T::P) {
    for (j0, panel) in (0..nc).step_by(T::NR).zip(dst.chunks_exact_mut(kc * T::NR)) {
        let w = T::NR.min(nc - j0);
        for (p, step) in panel.chunks_exact_mut(T::NR).enumerate() {
            let row = &b[(pc + p) * m + jc + j0..(pc + p) * m + jc + j0 + w];
            for (d, &x) in step.iter_mut().zip(row) {
                *d = load(x);
            }
            step[w..].iter_mut().for_each(|d| *d = T::P::default());
        }
    }
}

/// `c = a @ b` for `rows` rows of a (`rows x k`) against all of b (`k x m`).
#[allow(clippy::too_many_arguments)]
fn gemm<S: Copy, O, T: Tile>(a: &[S], b: &[S], c: &mut [O], rows: usize, k: usize, m: usize, scratch: &mut [T::P], load: fn(S) -> T::P, store: fn(T::P) -> O) {
    if k == 0 {
        c.iter_mut().for_each(|x| *x = store(T::P::default()));
        return;
    }
    let mcp = round_up(MC, T::MR);
    let kcm = k.min(KC);
    let ncm = round_up(m.min(NC), T::NR);
    let (pa, rest) = scratch.split_at_mut(mcp * kcm);
    let (pb, cb) = rest.split_at_mut(kcm * ncm);
    for ic in (0..rows).step_by(MC) {
        let mc = MC.min(rows - ic);
        let a_rows = &a[ic * k..(ic + mc) * k];
        for jc in (0..m).step_by(NC) {
            let nc = NC.min(m - jc);
            let ldc = round_up(nc, T::NR);
            for pc in (0..k).step_by(KC) {
                let kc = KC.min(k - pc);
                pack_a::<S, T>(a_rows, k, mc, pc, kc, pa, load);
                pack_b::<S, T>(b, m, pc, kc, jc, nc, pb, load);
                for (j0, bp) in (0..nc).step_by(T::NR).zip(pb.chunks_exact(kc * T::NR)) {
                    for (i0, ap) in (0..mc).step_by(T::MR).zip(pa.chunks_exact(kc * T::MR)) {
                        T::run(ap, bp, &mut cb[i0 * ldc + j0..], ldc, pc == 0);
                    }
                }
            }
            for i in 0..mc {
                let src = &cb[i * ldc..i * ldc + nc];
                let dst = &mut c[(ic + i) * m + jc..(ic + i) * m + jc + nc];
                for (d, &s) in dst.iter_mut().zip(src) {
                    *d = store(s);
                }
            }
        }
    }
}

/// Runs `gemm` over the flattened output rows `[row_start, row_end)` of a batch of
/// `batch` products, splitting the range where it crosses from one product to the next.
#[allow(clippy::too_many_arguments)]
fn gemm_rows<S: Copy, O, T: Tile>(a: &[S], b: &[S], c: &mut [O], n: usize, k: usize, m: usize, row_start: usize, row_end: usize, scratch: &mut [T::P], load: fn(S) -> T::P, store: fn(T::P) -> O) {
    let mut r = row_start;
    while r < row_end {
        let t = r / n;
        let end = row_end.min((t + 1) * n);
        let a_rows = &a[r * k..end * k];
        let b_t = &b[t * k * m..(t + 1) * k * m];
        let c_rows = &mut c[(r - row_start) * m..(end - row_start) * m];
        gemm::<S, O, T>(a_rows, b_t, c_rows, end - r, k, m, scratch, load, store);
        r = end;
    }
}

/// Bytes of scratch one `matmul_*_rows` call needs for inner size `k` and `m` columns
/// (enough for every dtype; 8-byte aligned). Each concurrent call needs its own.
#[no_mangle]
pub extern "C" fn matmul_scratch_bytes(k: u32, m: u32) -> u32 {
    let (k, m) = (k as usize, m as usize);
    (scratch_len::<F64T>(k, m) * 8).max(scratch_len::<F32T>(k, m) * 4).max(scratch_len::<I32Tile>(k, m) * 4) as u32
}

macro_rules! matmul_entry {
    ($rows:ident, $whole:ident, $src:ty, $out:ty, $tile:ty, $load:expr, $store:expr, $what:literal) => {
        #[doc = concat!("Flattened output rows `[row_start, row_end)` of `c[t] = a[t] @ b[t]` for ", $what, ".")]
        /// `a` is `batch x n x k`, `b` is `batch x k x m`, `c` is `batch x n x m`, all
        /// contiguous row-major. Threads may run disjoint row ranges of one product at once.
        ///
        /// # Safety
        /// `a` and `b` must be non-null, aligned to their element type and valid for reads of
        /// `batch*n*k` and `batch*k*m` elements; `c` must be non-null, aligned and valid for
        /// writes of rows `[row_start, row_end)` (`m` elements each), a range no other thread
        /// touches during the call; `scratch` must be non-null, 8-byte aligned and valid for
        /// `matmul_scratch_bytes(k, m)` bytes used by no one else; `row_start <= row_end <= batch*n`
        /// and no output overlaps an input or the scratch.
        #[no_mangle]
        pub unsafe extern "C" fn $rows(a: *const $src, b: *const $src, c: *mut $out, batch: u32, n: u32, k: u32, m: u32, row_start: u32, row_end: u32, scratch: *mut u8) {
            let (batch, n, k, m) = (batch as usize, n as usize, k as usize, m as usize);
            let (r0, r1) = (row_start as usize, row_end as usize);
            if r0 >= r1 || m == 0 {
                return;
            }
            let a = core::slice::from_raw_parts(a, batch * n * k);
            let b = core::slice::from_raw_parts(b, batch * k * m);
            let c = core::slice::from_raw_parts_mut(c.add(r0 * m), (r1 - r0) * m);
            let len = scratch_len::<$tile>(k, m);
            let scratch = core::slice::from_raw_parts_mut(scratch as *mut <$tile as Tile>::P, len);
            gemm_rows::<$src, $out, $tile>(a, b, c, n, k, m, r0, r1, scratch, $load, $store);
        }

        #[doc = concat!("`c[t] = a[t] @ b[t]` for every t in `[0, batch)`, for ", $what, ".")]
        ///
        /// # Safety
        #[doc = concat!("As `", stringify!($rows), "` with `row_start = 0`, `row_end = batch*n`.")]
        #[no_mangle]
        pub unsafe extern "C" fn $whole(a: *const $src, b: *const $src, c: *mut $out, batch: u32, n: u32, k: u32, m: u32, scratch: *mut u8) {
            $rows(a, b, c, batch, n, k, m, 0, batch.saturating_mul(n), scratch)
        }
    };
}

matmul_entry!(matmul_f64_rows, matmul_f64, f64, f64, F64T, |x| x, |s| s, "float64");
matmul_entry!(matmul_f32_rows, matmul_f32, f32, f32, F32T, |x| x, |s| s, "float32 (float32 sums)");
matmul_entry!(matmul_i32_rows, matmul_i32, i32, i32, I32Tile, |x| x, |s| s, "int32 and uint32 (wrapping; the bits are the same)");
matmul_entry!(matmul_bool_rows, matmul_bool, u8, u8, I32Tile, |x| x as i32, |s| (s != 0) as u8, "bool (u8 0/1; or of ands)");
