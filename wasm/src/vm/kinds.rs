//! What a program's words name: dtypes, load sources and views, instructions, outputs
//! and reductions (layout in vm.rs; decode.rs reads and checks them). The codes, the
//! elementwise ops and the reductions come from opcodes.rs, generated from the op table.

pub use super::opcodes::{Op, ReduceKind};
use super::opcodes::{DTYPE_BOOL, DTYPE_FLOAT32, DTYPE_FLOAT64, DTYPE_INT32, DTYPE_UINT32};
use super::opcodes::{OPS, OP_CONST, OP_FIRST_ELEMENTWISE, OP_LOAD};
use super::Fault;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DType {
    F64,
    F32,
    I32,
    U32,
    Bool,
}

impl DType {
    pub fn from_code(code: i32) -> Result<DType, Fault> {
        Ok(match code {
            DTYPE_FLOAT64 => DType::F64,
            DTYPE_FLOAT32 => DType::F32,
            DTYPE_INT32 => DType::I32,
            DTYPE_UINT32 => DType::U32,
            DTYPE_BOOL => DType::Bool,
            _ => return Err(Fault::Malformed),
        })
    }

    pub fn item_bytes(self) -> usize {
        match self {
            DType::F64 => 8,
            DType::F32 | DType::I32 | DType::U32 => 4,
            DType::Bool => 1,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F64 | DType::F32)
    }
}

/// Where a load's values come from.
#[derive(Clone, Copy)]
pub enum Source {
    /// A buffer at this byte address, `dtype` items.
    Memory { ptr: u32 },
    /// arange/linspace: `consts[cidx..cidx + 4]` = start, step, last (NaN if none), size.
    Range { cidx: usize },
    /// Philox4x32-10 word `word` at counter (i mod 2^32, i / 2^32, stream, 0) under `key`.
    Random { key: [u32; 2], stream: u32, word: usize },
}

/// One load: its source seen through a strided view of the iteration space.
#[derive(Clone, Copy)]
pub struct Load<'c> {
    pub source: Source,
    pub dtype: DType,
    pub offset: i64,
    pub strides: &'c [i32],
}

impl Load<'_> {
    /// The smallest element offset this load reads over `shape` and how many elements
    /// from there on it may touch; None when the shape is empty.
    pub fn extent(&self, shape: &[i32]) -> Option<(i64, usize)> {
        let (mut lo, mut hi) = (self.offset, self.offset);
        for (&n, &s) in shape.iter().zip(self.strides) {
            if n == 0 {
                return None;
            }
            let reach = (n as i64 - 1) * s as i64;
            if reach < 0 {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        Some((lo, (hi - lo + 1) as usize))
    }
}

/// An instruction's opcode: 0 load, 1 const, then the elementwise ops.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Code {
    Load,
    Const,
    Elementwise(Op),
}

impl Code {
    pub fn from_word(word: i32) -> Result<Code, Fault> {
        match word {
            OP_LOAD => Ok(Code::Load),
            OP_CONST => Ok(Code::Const),
            _ => OPS
                .get((word as u32).wrapping_sub(OP_FIRST_ELEMENTWISE as u32) as usize)
                .map(|&op| Code::Elementwise(op))
                .ok_or(Fault::Malformed),
        }
    }
}

#[derive(Clone, Copy)]
pub struct Instr {
    pub code: Code,
    pub dtype: DType,
    /// Argument instruction indices; `usize::MAX` where unused.
    pub args: [usize; 3],
    pub extra: i32,
}

pub const NO_ARG: usize = usize::MAX;

#[derive(Clone, Copy)]
pub struct Output {
    pub value: usize,
    pub dtype: DType,
    pub ptr: u32,
}

#[derive(Clone, Copy)]
pub struct Reduction {
    pub kind: ReduceKind,
    pub value: usize,
    pub dtype: DType,
    /// Index of ddof in consts, if given.
    pub ddof: Option<usize>,
}
