//! What a program's words name: dtypes, load sources and views, instructions, outputs
//! and reductions (layout in vm.rs; decode.rs reads and checks them).

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
            0 => DType::F64,
            1 => DType::F32,
            2 => DType::I32,
            3 => DType::U32,
            4 => DType::Bool,
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

/// The elementwise ops, opcodes 2..=51 in src/graph/ops.ts ELEMENTWISE order.
#[rustfmt::skip]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Op {
    Neg, Abs, Sign, Sqrt, Cbrt, Exp, Expm1, Exp2, Log, Log1p, Log2, Log10, Sin, Cos, Tan,
    Arcsin, Arccos, Arctan, Sinh, Cosh, Tanh, Erf, Erfc, Floor, Ceil, Trunc, Round, Reciprocal,
    IsNan, IsInf, IsFinite, Cast, Add, Sub, Mul, Div, FloorDiv, Mod, Pow, Arctan2, Hypot,
    Minimum, Maximum, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Where,
}

/// Op by opcode - 2.
#[rustfmt::skip]
const OPS: [Op; 50] = {
    use Op::*;
    [
        Neg, Abs, Sign, Sqrt, Cbrt, Exp, Expm1, Exp2, Log, Log1p, Log2, Log10, Sin, Cos, Tan,
        Arcsin, Arccos, Arctan, Sinh, Cosh, Tanh, Erf, Erfc, Floor, Ceil, Trunc, Round, Reciprocal,
        IsNan, IsInf, IsFinite, Cast, Add, Sub, Mul, Div, FloorDiv, Mod, Pow, Arctan2, Hypot,
        Minimum, Maximum, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Where,
    ]
};

impl Op {
    pub fn arity(self) -> usize {
        match self {
            Op::Where => 3,
            op if op as u32 >= Op::Add as u32 => 2,
            _ => 1,
        }
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
            0 => Ok(Code::Load),
            1 => Ok(Code::Const),
            _ => OPS
                .get((word as u32).wrapping_sub(2) as usize)
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

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ReduceKind {
    Sum,
    Prod,
    Min,
    Max,
    Any,
    All,
    ArgMin,
    ArgMax,
    Var,
}

#[derive(Clone, Copy)]
pub struct Reduction {
    pub kind: ReduceKind,
    pub value: usize,
    pub dtype: DType,
    /// Index of ddof in consts, if given.
    pub ddof: Option<usize>,
}
