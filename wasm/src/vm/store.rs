//! Writing a block of output values into a typed buffer, converting as a TypedArray
//! store does in the reference (`Int32Array.set` is ToInt32, ...). The values were
//! already rounded to their instruction's dtype, so for the usual output (same dtype)
//! every conversion is exact.

use super::scalar::to_int32;

/// An output's items for the positions of one call.
pub enum Out<'m> {
    F64(&'m mut [f64]),
    F32(&'m mut [f32]),
    I32(&'m mut [i32]),
    U32(&'m mut [u32]),
    U8(&'m mut [u8]),
}

/// Writes `values` to items [at, at + values.len()) of `out`.
pub fn store(values: &[f64], out: Out, at: usize) {
    let n = values.len();
    match out {
        Out::F64(o) => o[at..at + n].copy_from_slice(values),
        Out::F32(o) => o[at..at + n].iter_mut().zip(values).for_each(|(o, &x)| *o = x as f32),
        Out::I32(o) => o[at..at + n]
            .iter_mut()
            .zip(values)
            .for_each(|(o, &x)| *o = to_int32(x)),
        Out::U32(o) => o[at..at + n]
            .iter_mut()
            .zip(values)
            .for_each(|(o, &x)| *o = to_int32(x) as u32),
        // ToUint8: ToInt32's low byte.
        Out::U8(o) => o[at..at + n]
            .iter_mut()
            .zip(values)
            .for_each(|(o, &x)| *o = to_int32(x) as u8),
    }
}
