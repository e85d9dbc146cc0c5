//! The block VM: evaluates the kernel bodies that src/backend/wasm/encode.ts encodes
//! (the contract: elementwise ops with the meaning src/kernel/scalar.ts gives them,
//! rounded to each instruction's dtype as ROUND_TO does; reductions as
//! src/backend/js/reducers.ts computes them).
//!
//! A program is i32 words, with f64 constants beside it (the codes, generated from the op
//! table, are in opcodes.rs):
//! ```text
//! ndim, shape[ndim]
//! nloads, per load: kind (SOURCE_MEMORY, SOURCE_RANGE, SOURCE_RANDOM), dtype, then
//!   memory: ptr (bytes), offset, strides[ndim]          (elements)
//!   range:  offset, strides[ndim], cidx                 consts[cidx..+4] = start, step, last|NaN, size
//!   random: offset, strides[ndim], key0, key1, stream, word
//! ninstr, per instruction: op, dtype, a, b, c, extra    (args: instruction indices, -1 unused)
//!   op OP_LOAD (extra = load), OP_CONST (extra = consts index), or an elementwise op
//!   (OP_NEG ... in src/graph/ops.ts order); round's extra = decimals
//! nout, per output: ref, dtype, ptr                     (written contiguously from position 0)
//! reduce programs only (nout = 0):
//! nred, per reduction: op (REDUCE_SUM ...), ref, dtype, ddof cidx|-1
//! run, count, chunk                                     (positions per output, outputs, positions per partial state)
//! ```
//! Dtype codes: DTYPE_FLOAT64, DTYPE_FLOAT32, DTYPE_INT32, DTYPE_UINT32, DTYPE_BOOL (one byte).
//! A load at position p reads element `offset + sum_d idx_d(p) * strides[d]` (C order).
//! Memory items are read as the reference reads its TypedArrays and outputs stored as
//! their `set` converts; a bool is one byte.
//!
//! Entry points: `vm_scratch_bytes`, `vm_map` (positions [start, end)), `vm_reduce`
//! (whole runs, the reference's results) and `vm_reduce_states` (partial states per
//! chunk of a run, merged by src/backend/wasm/reduce-merge.ts). They return 0, or a
//! fault code: one of src/kernel/faults.ts's (an error the reference raises, such as an
//! integer raised to a negative power or nanargmax of an all-NaN run; opcodes.rs names
//! them), or 2 = a malformed program, out-of-range arguments, or a program beyond 2^16
//! loads, 2^18 instructions or 2^16 reductions.

// Every unsafe operation sits in its own block, sound under the contract of the
// function around it (the `# Safety` sections).
#![deny(unsafe_op_in_unsafe_fn)]

mod accumulate;
mod block;
mod decode;
mod kinds;
mod offsets;
pub(crate) mod opcodes;
mod ops;
mod reduce;
mod scalar;
mod simd;
mod store;

use crate::math;
use block::{Machine, Tables};
use decode::Program;
use kinds::{DType, Load, Source};
use opcodes::KernelFault;
use offsets::{Data, Memory};
use reduce::Sink;
use store::Out;
use core::sync::atomic::{AtomicU32, Ordering};

/// Positions per block: every instruction runs over a block before the next starts.
/// It must be the reference's block (src/backend/js/body.ts): a float sum is pairwise
/// over blocks and a variance merges per-block moments, so results match bit for bit
/// only with the same blocks. It also suits maps: 1,024 f64 registers are 8 KiB, and a
/// 10-op body over cached float64 elements runs as fast with blocks of 1,024 as of 4,096
/// and slower with 256 (bench/elementwise.bench.ts times that body).
pub const BLOCK: usize = 1024;

#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// An error the reference raises, which the caller raises again by its code.
    Kernel(KernelFault),
    Malformed,
}

/// The status of a malformed program; src/kernel/faults.ts keeps the code free.
const MALFORMED: i32 = 2;

fn status(result: Result<(), Fault>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(Fault::Kernel(fault)) => fault as i32,
        Err(Fault::Malformed) => MALFORMED,
    }
}

/// Register allocation in vm_scratch_bytes runs on the stack up to this many
/// instructions (48 KiB of tables); longer bodies are sized for one register each.
const STACK_INSTRS: usize = 4096;

fn table_bytes(p: &Program) -> usize {
    (block::table_words(p) * 4 + 15) & !15
}

fn reduce_words(p: &Program) -> usize {
    p.reduce
        .as_ref()
        .map_or(0, |r| reduce::scratch_words(r.count_reductions))
}

/// The program at `code` as a slice.
///
/// # Safety
/// `code` must be 4-byte aligned and point to a complete program in the layout above,
/// unchanged for the lifetime `'c`.
unsafe fn program<'c>(code: *const i32) -> Result<Program<'c>, Fault> {
    let words = decode::code_words(&|i| unsafe { *code.add(i) })?;
    Program::parse(unsafe { core::slice::from_raw_parts(code, words) })
}

/// A memory load's items: exactly the elements its view reaches (None for other loads
/// and empty shapes).
///
/// # Safety
/// The load's bytes must be readable and not written during the lifetime `'m`, and
/// aligned to its item size (`Program::parse` checked the alignment of `ptr`).
unsafe fn memory_of<'m>(load: &Load, shape: &[i32]) -> Option<Memory<'m>> {
    let ptr = match load.source {
        Source::Memory { ptr } => ptr,
        _ => return None,
    };
    let (first, n) = load.extent(shape)?;
    let at = ptr as usize + first as usize * load.dtype.item_bytes();
    let data = unsafe {
        match load.dtype {
            DType::F64 => Data::F64(core::slice::from_raw_parts(at as *const f64, n)),
            DType::F32 => Data::F32(core::slice::from_raw_parts(at as *const f32, n)),
            DType::I32 => Data::I32(core::slice::from_raw_parts(at as *const i32, n)),
            DType::U32 => Data::U32(core::slice::from_raw_parts(at as *const u32, n)),
            DType::Bool => Data::U8(core::slice::from_raw_parts(at as *const u8, n)),
        }
    };
    Some(Memory { data, first })
}

/// Bytes of scratch a call running `code` needs: per-call tables, then f64 registers
/// (and a reduction's partial sums and states). 0 for a malformed program.
///
/// # Safety
/// `code` must be 4-byte aligned and point to a complete program in the layout above.
#[no_mangle]
pub unsafe extern "C" fn vm_scratch_bytes(code: *const i32) -> u32 {
    let p = match unsafe { program(code) } {
        Ok(p) => p,
        Err(_) => return 0,
    };
    let registers = if p.count_instrs <= STACK_INSTRS {
        let mut words = [0u32; 3 * STACK_INSTRS];
        let (reg_of, rest) = words.split_at_mut(STACK_INSTRS);
        let (last, free) = rest.split_at_mut(STACK_INSTRS);
        block::allocate(&p, p.kept(), reg_of, last, free)
    } else {
        p.count_instrs
    };
    (table_bytes(&p) + 8 * (reduce_words(&p) + registers * BLOCK)) as u32
}

/// The start every entry point shares: reads the program, fills the per-call tables in
/// `scratch`, and runs `body` on a machine over them (with the reduce scratch words).
///
/// # Safety
/// `code`, `consts` and `scratch` as the entry points require: `code` a complete program
/// (4-byte aligned), `consts` every constant it refers to (8-byte aligned), `scratch`
/// 8-byte aligned, `vm_scratch_bytes(code)` bytes and used by no other call, and every
/// memory load's elements (the extent of its view over the shape) readable and
/// unwritten during the call.
unsafe fn with_machine(
    code: *const i32,
    consts: *const f64,
    scratch: *mut u8,
    body: impl FnOnce(&mut Machine, &mut [f64]) -> Result<(), Fault>,
) -> Result<(), Fault> {
    let p = unsafe { program(code) }?;
    let consts = unsafe { core::slice::from_raw_parts(consts, p.count_consts) };
    let words = unsafe { core::slice::from_raw_parts_mut(scratch as *mut u32, block::table_words(&p)) };
    let (tables, in_place) = Tables::build(&p, words, p.kept())?;
    let n = reduce_words(&p) + tables.registers * BLOCK;
    let values = unsafe { core::slice::from_raw_parts_mut(scratch.add(table_bytes(&p)) as *mut f64, n) };
    let (extra, regs) = values.split_at_mut(reduce_words(&p));
    let memory = |load: &Load| unsafe { memory_of(load, p.shape) };
    let mut m = Machine {
        p: &p,
        consts,
        tables: &tables,
        regs,
        in_place,
        memory: &memory,
    };
    body(&mut m, extra)
}

/// Evaluates positions [start, end) of a map program and writes its outputs there.
///
/// # Safety
/// `code`, `consts`, `scratch` and the loads as `with_machine` requires; every output's
/// items for [start, end) writable, aligned to their size, and touched by nothing else
/// during the call (other threads may own other ranges).
#[no_mangle]
pub unsafe extern "C" fn vm_map(code: *const i32, consts: *const f64, scratch: *mut u8, start: u32, end: u32) -> i32 {
    status(unsafe { with_machine(code, consts, scratch, |m, _| map_range(m, start, end)) })
}

/// Evaluates a map program over [0, end) together with the other threads given the same
/// `next`: each takes the next `grain` positions from the shared counter until none are
/// left, so a thread that runs slower or starts later (a worker's wake-up, a core shared
/// with another process) does less of the work instead of holding up the batch. The
/// outputs do not depend on which thread computed which positions.
///
/// # Safety
/// As vm_map for every position of [0, end); `next` a 4-byte aligned counter, 0 before
/// the first thread starts, that only these calls touch; `grain` a multiple of BLOCK.
#[no_mangle]
pub unsafe extern "C" fn vm_map_shared(code: *const i32, consts: *const f64, scratch: *mut u8, next: *mut u32, end: u32, grain: u32) -> i32 {
    let counter = unsafe { &*(next as *const AtomicU32) };
    let body = |m: &mut Machine, _: &mut [f64]| {
        if grain == 0 {
            return Err(Fault::Malformed);
        }
        loop {
            let start = counter.fetch_add(grain, Ordering::Relaxed);
            if start >= end {
                return Ok(());
            }
            map_range(m, start, end.min(start.saturating_add(grain)))?;
        }
    };
    status(unsafe { with_machine(code, consts, scratch, body) })
}

fn map_range(m: &mut Machine, start: u32, end: u32) -> Result<(), Fault> {
    let p = m.p;
    if p.count_outputs == 0 || start > end || end as u64 > p.positions {
        return Err(Fault::Malformed);
    }
    let output = |k: usize| {
        let o = p.output(k);
        let at = o.ptr as usize + start as usize * o.dtype.item_bytes();
        let n = (end - start) as usize;
        // The entry points' contract: items [start, end) of each output are this call's.
        unsafe {
            match o.dtype {
                DType::F64 => Out::F64(core::slice::from_raw_parts_mut(at as *mut f64, n)),
                DType::F32 => Out::F32(core::slice::from_raw_parts_mut(at as *mut f32, n)),
                DType::I32 => Out::I32(core::slice::from_raw_parts_mut(at as *mut i32, n)),
                DType::U32 => Out::U32(core::slice::from_raw_parts_mut(at as *mut u32, n)),
                DType::Bool => Out::U8(core::slice::from_raw_parts_mut(at as *mut u8, n)),
            }
        }
    };
    map(m, start as u64, end as u64, &output)
}

fn map<'m>(m: &mut Machine, start: u64, end: u64, output: &dyn Fn(usize) -> Out<'m>) -> Result<(), Fault> {
    let mut pos = start;
    while pos < end {
        let len = (end - pos).min(BLOCK as u64) as usize;
        m.eval(pos, len)?;
        for k in 0..m.p.count_outputs {
            store::store(m.values(m.p.output(k).value, len), output(k), (pos - start) as usize);
        }
        pos += len as u64;
    }
    Ok(())
}

/// Reduces outputs [o_start, o_end) of a reduce program: `acc[k * count + o]` = reduction
/// k over output o's whole run, rounded to its dtype.
///
/// # Safety
/// `code`, `consts`, `scratch` and the loads as `with_machine` requires; `acc` 8-byte
/// aligned, `acc[k * count + o]` writable for every reduction k and o in
/// [o_start, o_end), and touched by nothing else during the call.
#[no_mangle]
pub unsafe extern "C" fn vm_reduce(
    code: *const i32,
    consts: *const f64,
    scratch: *mut u8,
    acc: *mut f64,
    o_start: u32,
    o_end: u32,
) -> i32 {
    let body = |m: &mut Machine, extra: &mut [f64]| {
        let (run, count) = match &m.p.reduce {
            Some(r) if o_start <= o_end && o_end as u64 <= r.outputs => (r.run, r.outputs as usize),
            _ => return Err(Fault::Malformed),
        };
        // The contract above: these elements of acc are this call's.
        let mut write = |k: usize, o: u64, value: f64| unsafe { *acc.add(k * count + o as usize) = value };
        let outputs = (o_start as u64, o_end as u64);
        reduce::reduce(m, extra, outputs, (0, 1), run.max(1), &mut Sink::Results(&mut write))
    };
    status(unsafe { with_machine(code, consts, scratch, body) })
}

/// Partial states of outputs [o_start, o_end) x chunks [c_start, c_end): chunk c of
/// output o covers run positions [c * chunk, (c + 1) * chunk); its states (3 f64 per
/// reduction, see reduce.rs) go to `states[((o * chunks + c) * nred + k) * 3..]`,
/// chunks = max(1, ceil(run / chunk)). Merging them in chunk order (reduce-merge.ts)
/// gives results that do not depend on how calls split the work.
///
/// # Safety
/// `code`, `consts`, `scratch` and the loads as `with_machine` requires; `states` 8-byte
/// aligned, the states of every (o, c) in the ranges writable and touched by nothing
/// else during the call.
#[no_mangle]
pub unsafe extern "C" fn vm_reduce_states(
    code: *const i32,
    consts: *const f64,
    scratch: *mut u8,
    states: *mut f64,
    o_start: u32,
    o_end: u32,
    c_start: u32,
    c_end: u32,
) -> i32 {
    let body = |m: &mut Machine, extra: &mut [f64]| {
        let (chunk, chunks, words) = match &m.p.reduce {
            Some(r) if o_start <= o_end && o_end as u64 <= r.outputs => {
                let chunks = ((r.run + r.chunk - 1) / r.chunk).max(1);
                (r.chunk, chunks, r.count_reductions * accumulate::STATE_WORDS)
            }
            _ => return Err(Fault::Malformed),
        };
        if c_start > c_end || c_end as u64 > chunks {
            return Err(Fault::Malformed);
        }
        let mut write = |o: u64, c: u64, s: &[f64]| {
            let at = (o * chunks + c) as usize * words;
            // The contract above: the states of (o, c) are this call's.
            unsafe { core::slice::from_raw_parts_mut(states.add(at), words) }.copy_from_slice(s)
        };
        let ranges = ((o_start as u64, o_end as u64), (c_start as u64, c_end as u64));
        reduce::reduce(m, extra, ranges.0, ranges.1, chunk, &mut Sink::States(&mut write))
    };
    status(unsafe { with_machine(code, consts, scratch, body) })
}
