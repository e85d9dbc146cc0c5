//! Where each position's value comes from. A load's view is first merged into as few
//! dimensions as its strides allow (a contiguous array becomes one dimension whatever
//! the iteration shape), then a block of positions is walked in segments along the
//! innermost merged dimension: each segment is `first + t * step` for t < len, so a
//! contiguous load is one slice copy, a broadcast one fill, and only genuinely strided
//! views gather. The walk costs one unravel (a division per merged dimension) per block
//! and one carry per segment, never per element.

use super::decode::MAX_DIMS;
use super::kinds::{DType, Load, Source};
use super::scalar::round_to;
use crate::philox::philox4x32_10_block;

/// u32 words of a load's merged view in the call's tables: the number of merged
/// dimensions, then room for `ndim` sizes and `ndim` strides (at least one of each).
pub fn walk_words(ndim: usize) -> usize {
    1 + 2 * ndim.max(1)
}

/// Merges a view over `shape` into `rec` (`walk_words` long), once per call: size-1
/// dimensions are dropped (their stride never matters) and an outer dimension is fused
/// into the next inner one when stepping the outer equals a full sweep of the inner.
/// Merged sizes fit u32 as the positions do, and a merged stride is an inner stride.
pub fn merge(shape: &[i32], strides: &[i32], rec: &mut [u32]) {
    let (dims, rest) = rec.split_at_mut(1);
    let (sizes, steps) = rest.split_at_mut(rest.len() / 2);
    let mut n_dims = 0;
    for (&n, &s) in shape.iter().zip(strides) {
        if n == 1 {
            continue;
        }
        if n_dims > 0 && steps[n_dims - 1] as i32 as i64 == s as i64 * n as i64 {
            sizes[n_dims - 1] = sizes[n_dims - 1].wrapping_mul(n as u32);
            steps[n_dims - 1] = s as u32;
        } else {
            sizes[n_dims] = n as u32;
            steps[n_dims] = s as u32;
            n_dims += 1;
        }
    }
    if n_dims == 0 {
        (sizes[0], steps[0], n_dims) = (1, 0, 1);
    }
    dims[0] = n_dims as u32;
}

/// A load's merged view, read from the tables.
pub struct Walk<'t> {
    sizes: &'t [u32],
    strides: &'t [u32],
    offset: i64,
}

impl<'t> Walk<'t> {
    pub fn of(rec: &'t [u32], offset: i64) -> Walk<'t> {
        let dims = rec[0] as usize;
        let (sizes, strides) = rec[1..].split_at(rec[1..].len() / 2);
        Walk {
            sizes: &sizes[..dims],
            strides: &strides[..dims],
            offset,
        }
    }

    /// The element offset of position `pos` when positions map to consecutive elements
    /// (one merged dimension of stride 1): then a block is one run of items.
    pub fn consecutive(&self, pos: u64) -> Option<i64> {
        (self.sizes.len() == 1 && self.stride(0) == 1).then(|| self.offset + pos as i64)
    }

    fn stride(&self, d: usize) -> i64 {
        self.strides[d] as i32 as i64
    }

    /// Calls `segment(j, len, first, step)` for consecutive runs that together cover
    /// positions [pos, pos + count): run positions j..j+len have element offsets
    /// first, first + step, ...
    pub fn segments(&self, pos: u64, count: usize, mut segment: impl FnMut(usize, usize, i64, i64)) {
        let inner = self.sizes.len() - 1;
        if inner == 0 {
            return segment(0, count, self.offset + pos as i64 * self.stride(0), self.stride(0));
        }
        let mut idx = [0u64; MAX_DIMS];
        let mut rest = pos;
        let mut off = self.offset;
        for d in (0..=inner).rev() {
            idx[d] = rest % self.sizes[d] as u64;
            rest /= self.sizes[d] as u64;
            off += idx[d] as i64 * self.stride(d);
        }
        let mut j = 0;
        while j < count {
            let len = ((self.sizes[inner] as u64 - idx[inner]) as usize).min(count - j);
            segment(j, len, off, self.stride(inner));
            j += len;
            idx[inner] += len as u64;
            off += len as i64 * self.stride(inner);
            let mut d = inner;
            while d > 0 && idx[d] == self.sizes[d] as u64 {
                off -= self.sizes[d] as i64 * self.stride(d);
                idx[d] = 0;
                d -= 1;
                idx[d] += 1;
                off += self.stride(d);
            }
        }
    }
}

/// A memory load's items: exactly the elements its view can reach, `first` being the
/// element offset of `data[0]`.
pub struct Memory<'m> {
    pub data: Data<'m>,
    pub first: i64,
}

impl<'m> Memory<'m> {
    /// Index in `data` of the item at element offset `offset`.
    pub fn index(&self, offset: i64) -> usize {
        (offset - self.first) as usize
    }
}

pub enum Data<'m> {
    F64(&'m [f64]),
    F32(&'m [f32]),
    I32(&'m [i32]),
    U32(&'m [u32]),
    /// bool, read as its byte (0 or 1), as the reference reads a Uint8Array.
    U8(&'m [u8]),
}

/// Writes the values of `load` at positions [pos, pos + out.len()) into `out`,
/// as f64. Range values are rounded to `dtype` (the load instruction's, as the
/// reference rounds them); memory and random values are exact in f64.
pub fn load(
    load: &Load,
    walk: &Walk,
    memory: Option<&Memory>,
    consts: &[f64],
    dtype: DType,
    pos: u64,
    out: &mut [f64],
) {
    match (load.source, memory) {
        (Source::Memory { .. }, Some(m)) => walk.segments(pos, out.len(), |j, len, first, step| {
            let (out, at) = (&mut out[j..j + len], (first - m.first) as usize);
            match m.data {
                Data::F64(d) => gather(out, d, at, step, |x| x),
                Data::F32(d) => gather(out, d, at, step, |x| x as f64),
                Data::I32(d) => gather(out, d, at, step, |x| x as f64),
                Data::U32(d) => gather(out, d, at, step, |x| x as f64),
                Data::U8(d) => gather(out, d, at, step, |x| x as f64),
            }
        }),
        (Source::Range { cidx }, _) => {
            let (start, step, last, size) = (consts[cidx], consts[cidx + 1], consts[cidx + 2], consts[cidx + 3]);
            walk.segments(pos, out.len(), |j, len, first, stride| {
                for (t, o) in out[j..j + len].iter_mut().enumerate() {
                    let i = (first + t as i64 * stride) as f64;
                    *o = if i == size - 1.0 && !last.is_nan() {
                        last
                    } else {
                        start + i * step
                    };
                }
            });
            round_to(out, dtype);
        }
        (Source::Random { key, stream, word }, _) => walk.segments(pos, out.len(), |j, len, first, stride| {
            for (t, o) in out[j..j + len].iter_mut().enumerate() {
                let i = (first + t as i64 * stride) as u64;
                *o = philox4x32_10_block([i as u32, (i >> 32) as u32, stream, 0], key)[word] as f64;
            }
        }),
        // A memory load over an empty shape is never evaluated, so it has no items.
        (Source::Memory { .. }, None) => out.fill(0.0),
    }
}

/// `out[t] = convert(items[at + t * step])`, with the contiguous and broadcast cases as
/// a plain copy and a fill.
#[inline(always)]
fn gather<T: Copy>(out: &mut [f64], items: &[T], at: usize, step: i64, convert: impl Fn(T) -> f64) {
    let len = out.len();
    match step {
        1 => out
            .iter_mut()
            .zip(&items[at..at + len])
            .for_each(|(o, &x)| *o = convert(x)),
        0 => out.fill(convert(items[at])),
        s if s > 0 => out
            .iter_mut()
            .zip(items[at..].iter().step_by(s as usize))
            .for_each(|(o, &x)| *o = convert(x)),
        s => out
            .iter_mut()
            .zip(items[..=at].iter().rev().step_by(s.unsigned_abs() as usize))
            .for_each(|(o, &x)| *o = convert(x)),
    }
}
