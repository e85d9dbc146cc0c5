//! Stable ascending sort and argsort of contiguous lanes, ordered as the js reference
//! (src/backend/js/sort.ts, compareNaNLast): NaN last, -0 equal to +0, ties in input order.
//!
//! Each value maps to an unsigned key whose integer order is that order (Herf's "radix
//! tricks" sign flip for floats, with every zero keyed as +0 and every NaN one key above +Inf),
//! and the keys go through a least-significant-digit radix sort, 8 bits per pass, which is
//! stable by construction. Sorted values are decoded from the keys; the only values a key
//! does not restore, float zeros (sign) and NaNs (payload), are then written back from the
//! input in input order, which is where a stable sort puts them.

/// An unsigned key sorted one byte at a time, least significant first.
trait Radix: Copy + Ord {
    const BYTES: usize;
    /// One histogram of 256 counts per key byte.
    type Counts: AsMut<[[u32; 256]]>;
    const NO_COUNTS: Self::Counts;
    fn digit(self, d: usize) -> usize;
}

macro_rules! radix {
    ($($k:ty),*) => {$(
        impl Radix for $k {
            const BYTES: usize = core::mem::size_of::<$k>();
            type Counts = [[u32; 256]; core::mem::size_of::<$k>()];
            const NO_COUNTS: Self::Counts = [[0; 256]; core::mem::size_of::<$k>()];
            #[inline(always)]
            fn digit(self, d: usize) -> usize {
                (self >> (8 * d)) as u8 as usize
            }
        }
    )*};
}
radix!(u8, u32, u64);

/// A dtype's order-preserving key.
trait SortKey: Copy {
    type K: Radix;
    fn key(self) -> Self::K;
    /// The value of a key; exact except for the zeros and NaNs `restore` fixes.
    fn value(k: Self::K) -> Self;
    /// Writes the input's zeros and NaNs, in input order, over their runs in `out`, whose
    /// `keys` are sorted. A no-op for dtypes whose keys restore every value.
    fn restore(_x: &[Self], _keys: &[Self::K], _out: &mut [Self]) {}
}

macro_rules! float_key {
    ($t:ty, $k:ty) => {
        impl SortKey for $t {
            type K = $k;
            #[inline(always)]
            fn key(self) -> $k {
                const SIGN: $k = 1 << (<$k>::BITS - 1);
                let bits = if self == 0.0 { 0 } else if self.is_nan() { <$t>::NAN.to_bits() & !SIGN } else { self.to_bits() };
                if bits & SIGN != 0 { !bits } else { bits | SIGN }
            }
            #[inline(always)]
            fn value(k: $k) -> $t {
                const SIGN: $k = 1 << (<$k>::BITS - 1);
                <$t>::from_bits(if k & SIGN != 0 { k & !SIGN } else { !k })
            }
            fn restore(x: &[$t], keys: &[$k], out: &mut [$t]) {
                let (zero, nan) = ((0.0 as $t).key(), <$t>::NAN.key());
                let mut z = keys.partition_point(|&k| k < zero);
                let mut q = keys.partition_point(|&k| k < nan);
                for &v in x {
                    if v == 0.0 {
                        out[z] = v;
                        z += 1;
                    } else if v.is_nan() {
                        out[q] = v;
                        q += 1;
                    }
                }
            }
        }
    };
}
float_key!(f64, u64);
float_key!(f32, u32);

impl SortKey for i32 {
    type K = u32;
    #[inline(always)]
    fn key(self) -> u32 {
        self as u32 ^ 0x8000_0000
    }
    #[inline(always)]
    fn value(k: u32) -> i32 {
        (k ^ 0x8000_0000) as i32
    }
}

impl SortKey for u32 {
    type K = u32;
    #[inline(always)]
    fn key(self) -> u32 {
        self
    }
    #[inline(always)]
    fn value(k: u32) -> u32 {
        k
    }
}

/// bool, stored as one byte.
impl SortKey for u8 {
    type K = u8;
    #[inline(always)]
    fn key(self) -> u8 {
        self
    }
    #[inline(always)]
    fn value(k: u8) -> u8 {
        k
    }
}

/// Lanes this short are insertion-sorted: below it, clearing and summing 256 counters per
/// key byte costs more than the quadratic moves. In lanes of 32 insertion beat radix for
/// both 32- and 64-bit keys; at 48 radix caught up for 32-bit keys while 64-bit keys
/// still favoured insertion. bench/wasm-routines.bench.ts sorts short and long lanes on
/// one thread.
const INSERTION_MAX: usize = 32;

/// Sorts `keys` (with `ids` alongside when it is not empty) by insertion, stably: an
/// element moves left only past strictly greater keys.
fn insertion_sort<K: Radix>(keys: &mut [K], ids: &mut [u32]) {
    if ids.is_empty() {
        for j in 1..keys.len() {
            let k = keys[j];
            let mut i = j;
            while i > 0 && keys[i - 1] > k {
                keys[i] = keys[i - 1];
                i -= 1;
            }
            keys[i] = k;
        }
    } else {
        for j in 1..keys.len() {
            let (k, id) = (keys[j], ids[j]);
            let mut i = j;
            while i > 0 && keys[i - 1] > k {
                keys[i] = keys[i - 1];
                ids[i] = ids[i - 1];
                i -= 1;
            }
            keys[i] = k;
            ids[i] = id;
        }
    }
}

/// One stable counting pass on digit `d`: `src` scattered into `dst` by that digit,
/// `ids` moved alongside when `src_ids` is not empty.
fn scatter<K: Radix>(counts: &[u32; 256], d: usize, src: &[K], dst: &mut [K], src_ids: &[u32], dst_ids: &mut [u32]) {
    let mut next = [0usize; 256];
    let mut sum = 0;
    for (n, &c) in next.iter_mut().zip(counts) {
        *n = sum;
        sum += c as usize;
    }
    if src_ids.is_empty() {
        for &k in src {
            let b = k.digit(d);
            dst[next[b]] = k;
            next[b] += 1;
        }
    } else {
        for (&k, &id) in src.iter().zip(src_ids) {
            let b = k.digit(d);
            dst[next[b]] = k;
            dst_ids[next[b]] = id;
            next[b] += 1;
        }
    }
}

/// Sorts one lane `x` into `out` (values) and `idx` (argsort), either of which may be
/// absent, using `keys` (2 * len) and `ids` (2 * len when `idx` is wanted, else empty).
fn sort_lane<T: SortKey>(x: &[T], out: Option<&mut [T]>, idx: Option<&mut [i32]>, keys: &mut [T::K], ids: &mut [u32]) {
    let n = x.len();
    let (mut ka, mut kb) = keys.split_at_mut(n);
    let (mut ia, mut ib) = ids.split_at_mut(ids.len() / 2);
    for (k, &v) in ka.iter_mut().zip(x) {
        *k = v.key();
    }
    for (j, id) in ia.iter_mut().enumerate() {
        *id = j as u32;
    }
    if n <= INSERTION_MAX {
        insertion_sort(ka, ia);
    } else {
        // Every digit's histogram in one pass. (Counting in the loop that computes the
        // keys is slower for float64: the key loop no longer vectorises.)
        let mut counts = T::K::NO_COUNTS;
        let counts = counts.as_mut();
        for &k in ka.iter() {
            for (d, c) in counts.iter_mut().enumerate() {
                c[k.digit(d)] += 1;
            }
        }
        for (d, c) in counts.iter().enumerate() {
            // A digit every key shares moves nothing: skip its pass.
            if c[ka[0].digit(d)] as usize == n {
                continue;
            }
            scatter(c, d, ka, kb, ia, ib);
            core::mem::swap(&mut ka, &mut kb);
            core::mem::swap(&mut ia, &mut ib);
        }
    }
    if let Some(out) = out {
        for (o, &k) in out.iter_mut().zip(ka.iter()) {
            *o = T::value(k);
        }
        T::restore(x, ka, out);
    }
    if let Some(idx) = idx {
        for (o, &id) in idx.iter_mut().zip(ia.iter()) {
            *o = id as i32;
        }
    }
}

/// Bytes of scratch a `sort_*` call needs for lanes of `len` (any dtype; 8-byte aligned):
/// two key buffers of up to 8 bytes and two index buffers of 4 bytes per element.
/// Saturates at u32::MAX, more than any wasm32 heap holds.
#[no_mangle]
pub extern "C" fn sort_scratch_bytes(len: u32) -> u32 {
    (24 * len as u64 + 8).min(u32::MAX as u64) as u32
}

macro_rules! sort_entry {
    ($name:ident, $t:ty, $what:literal) => {
        #[doc = concat!("Stable ascending sort of ", $what, " along each of `lanes` contiguous lanes of `len`:")]
        /// sorted values into `out` and int32 argsort indices (positions within the lane)
        /// into `idx_out`; either may be null to skip it.
        ///
        /// # Safety
        /// `x` must be non-null, aligned and valid for reads of `lanes*len` elements; `out`
        /// and `idx_out` must each be null or aligned and valid for writes of `lanes*len`
        /// elements; `scratch` must be non-null, 8-byte aligned and valid for
        /// `sort_scratch_bytes(len)` bytes. None of the four ranges may overlap, and no other
        /// thread may write `x` or touch the others during the call.
        #[no_mangle]
        pub unsafe extern "C" fn $name(x: *const $t, out: *mut $t, idx_out: *mut i32, lanes: u32, len: u32, scratch: *mut u8) {
            type K = <$t as SortKey>::K;
            let (lanes, len) = (lanes as usize, len as usize);
            if lanes == 0 || len == 0 || (out.is_null() && idx_out.is_null()) {
                return;
            }
            let x = core::slice::from_raw_parts(x, lanes * len);
            let mut out = (!out.is_null()).then(|| core::slice::from_raw_parts_mut(out, lanes * len));
            let mut idx = (!idx_out.is_null()).then(|| core::slice::from_raw_parts_mut(idx_out, lanes * len));
            let key_bytes = (2 * len * core::mem::size_of::<K>() + 7) / 8 * 8;
            let keys = core::slice::from_raw_parts_mut(scratch as *mut K, 2 * len);
            let ids: &mut [u32] = if idx.is_some() { core::slice::from_raw_parts_mut(scratch.add(key_bytes) as *mut u32, 2 * len) } else { &mut [] };
            for (lane, xl) in x.chunks_exact(len).enumerate() {
                let lane_out = out.as_mut().map(|o| &mut o[lane * len..(lane + 1) * len]);
                let lane_idx = idx.as_mut().map(|o| &mut o[lane * len..(lane + 1) * len]);
                sort_lane::<$t>(xl, lane_out, lane_idx, keys, ids);
            }
        }
    };
}

sort_entry!(sort_f64, f64, "float64");
sort_entry!(sort_f32, f32, "float32");
sort_entry!(sort_i32, i32, "int32");
sort_entry!(sort_u32, u32, "uint32");
sort_entry!(sort_bool, u8, "bool (one byte each)");
