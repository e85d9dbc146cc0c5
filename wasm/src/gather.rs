//! Gathers for np.take and np.take_along_axis (src/backend/js/gather.ts is the reference).
//!
//! Both are one loop over the output's positions in C order. The host (TS,
//! src/backend/wasm/routines/gather.ts) describes the output space with two stride sets,
//! one into `x` and one into the int32 indices, so that output position `p` with
//! coordinates `c` reads
//!
//! ```text
//! x[x0 + sum(c[d] * xs[d]) + wrap(idx[i0 + sum(c[d] * is[d])]) * axis_stride]
//! ```
//!
//! take puts the index axes between x's outer and inner axes (x strides 0 there, index
//! strides 0 elsewhere); take_along_axis shares every axis (x's stride along `axis` 0).
//! Inputs are read through their views in place, negative strides included, never copied.
//!
//! No simd128 here: it has no gather load, a run sharing one index is a slice copy that
//! lowers to `memory.copy`, and a random gather waits on cache misses, not arithmetic
//! (gathering 4M float64 from a 32 MiB array keeps pace with a plain JS loop over the
//! same heap, and is far faster than the js reference path it replaces).
//!
//! Descriptor: i32 words at `desc`
//!
//! ```text
//! [0] item bytes (8, 4 or 1)   [1] x: address of the lowest element the view reaches
//! [2] x span (elements)        [3] x0: element 0 of the view, relative to [1]
//! [4] idx address (lowest)     [5] idx span           [6] i0
//! [7] out address              [8] len: x's length along the axis
//! [9] axis_stride              [10] ndim n, then shape[n], xs[n], is[n]
//! ```
//!
//! Status: 0 done; 1 an index out of [-len, len), its value written to `*fault` (the
//! first one in this call's range, so the first faulting call holds the first in C
//! order, which is the one the reference reports); 2 a malformed descriptor.

const OUT_OF_BOUNDS: u32 = 1;
const MALFORMED: u32 = 2;
/// NumPy's limit on dimensions; the host collapses axes, so real calls use far fewer.
const MAX_DIMS: usize = 64;
const HEADER: usize = 11;

/// Where an output position reads from.
struct Space<'a> {
    shape: &'a [i32],
    xs: &'a [i32],
    is: &'a [i32],
}

/// The gathered array and the indices, each a slice over the elements its view reaches.
struct Source<'a, T> {
    x: &'a [T],
    x0: isize,
    idx: &'a [i32],
    i0: isize,
    len: i32,
    axis_stride: isize,
}

impl<'a, T: Copy> Source<'a, T> {
    /// NumPy's wrap of a negative index; Err carries the index for the error message.
    #[inline(always)]
    fn resolve(&self, i: i32) -> Result<isize, i32> {
        let j = if i < 0 { i.wrapping_add(self.len) } else { i };
        if (j as u32) < (self.len as u32) {
            Ok(j as isize * self.axis_stride)
        } else {
            Err(i)
        }
    }

    /// One run along the last output axis: x stride `xs`, index stride `is` from offsets `xo`, `io`.
    #[inline(always)]
    fn row(&self, xo: isize, xs: isize, io: isize, is: isize, out: &mut [T]) -> Result<(), i32> {
        let n = out.len() as isize;
        if is == 0 {
            // take with inner axes: one index for the whole run, so a slice copy (memory.copy) when contiguous.
            let at = xo + self.resolve(self.idx[io as usize])?;
            if xs == 1 {
                out.copy_from_slice(&self.x[at as usize..(at + n) as usize]);
            } else {
                out.iter_mut().enumerate().for_each(|(k, o)| *o = self.x[(at + k as isize * xs) as usize]);
            }
        } else if xs == 0 && is == 1 {
            // The pure gather (take along the last axis, take_along_axis of argsort output).
            for (o, &i) in out.iter_mut().zip(&self.idx[io as usize..(io + n) as usize]) {
                *o = self.x[(xo + self.resolve(i)?) as usize];
            }
        } else {
            for (k, o) in out.iter_mut().enumerate() {
                let k = k as isize;
                *o = self.x[(xo + k * xs + self.resolve(self.idx[(io + k * is) as usize])?) as usize];
            }
        }
        Ok(())
    }

    /// Output positions [start, start + out.len()), walked row by row with an odometer.
    fn range(&self, sp: &Space, start: usize, out: &mut [T]) -> Result<(), i32> {
        let last = sp.shape.len() - 1;
        let mut coord = [0usize; MAX_DIMS];
        let mut rest = start;
        for d in (0..=last).rev() {
            let size = sp.shape[d] as usize;
            coord[d] = rest % size;
            rest /= size;
        }
        let mut done = 0;
        while done < out.len() {
            let (mut xo, mut io) = (self.x0, self.i0);
            for d in 0..=last {
                xo += coord[d] as isize * sp.xs[d] as isize;
                io += coord[d] as isize * sp.is[d] as isize;
            }
            let count = (sp.shape[last] as usize - coord[last]).min(out.len() - done);
            self.row(xo, sp.xs[last] as isize, io, sp.is[last] as isize, &mut out[done..done + count])?;
            done += count;
            coord[last] = 0;
            for d in (0..last).rev() {
                coord[d] += 1;
                if coord[d] < sp.shape[d] as usize {
                    break;
                }
                coord[d] = 0;
            }
        }
        Ok(())
    }
}

/// The output space of a descriptor, or None when its header or shape is malformed.
fn space(words: &[i32], ndim: usize) -> Option<(Space, usize)> {
    let shape = &words[HEADER..HEADER + ndim];
    if ndim == 0 || shape.iter().any(|&s| s <= 0) {
        return None;
    }
    let total = shape.iter().try_fold(1usize, |a, &s| a.checked_mul(s as usize))?;
    Some((Space { shape, xs: &words[HEADER + ndim..HEADER + 2 * ndim], is: &words[HEADER + 2 * ndim..HEADER + 3 * ndim] }, total))
}

/// Gathers output positions [start, end) of the descriptor's output.
///
/// # Safety
/// `desc` points to a descriptor as laid out in the module comment, whose x and idx spans
/// lie in memory and whose output holds every position of its shape; the range does not
/// overlap the range of any concurrent call on the same output; `fault` is writable.
/// Every read is bounds-checked against the spans, so a wrong stride traps, never reads
/// outside them.
#[no_mangle]
pub unsafe extern "C" fn gather(desc: *const i32, start: u32, end: u32, fault: *mut i32) -> u32 {
    let head = core::slice::from_raw_parts(desc, HEADER);
    let ndim = head[10] as usize;
    if ndim > MAX_DIMS {
        return MALFORMED;
    }
    let words = core::slice::from_raw_parts(desc, HEADER + 3 * ndim);
    let (sp, total) = match space(words, ndim) {
        Some(s) => s,
        None => return MALFORMED,
    };
    let (start, end) = (start as usize, end as usize);
    if start > end || end > total || words[8] < 0 {
        return MALFORMED;
    }
    let status = match words[0] {
        8 => call::<u64>(words, &sp, start, end),
        4 => call::<u32>(words, &sp, start, end),
        1 => call::<u8>(words, &sp, start, end),
        _ => return MALFORMED,
    };
    match status {
        Ok(()) => 0,
        Err(i) => {
            *fault = i;
            OUT_OF_BOUNDS
        }
    }
}

/// The typed slices of a descriptor, then the range. Values are copied as bits, which
/// is what the reference's float64 round trip gives for every dtype.
unsafe fn call<T: Copy>(w: &[i32], sp: &Space, start: usize, end: usize) -> Result<(), i32> {
    let src = Source {
        x: core::slice::from_raw_parts(w[1] as u32 as *const T, w[2] as u32 as usize),
        x0: w[3] as isize,
        idx: core::slice::from_raw_parts(w[4] as u32 as *const i32, w[5] as u32 as usize),
        i0: w[6] as isize,
        len: w[8],
        axis_stride: w[9] as isize,
    };
    let out = core::slice::from_raw_parts_mut((w[7] as u32 as *mut T).add(start), end - start);
    src.range(sp, start, out)
}
