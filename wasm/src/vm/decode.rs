//! Reading a program: the word layout documented in vm.rs, checked once per call so that
//! everything after decoding can index without re-validating. A malformed program is a
//! bug in the encoder; it yields `Fault::Malformed` instead of a trap.

use super::kinds::{Code, DType, Instr, Load, Output, ReduceKind, Reduction, Source, NO_ARG};
use super::opcodes::{SOURCE_MEMORY, SOURCE_RANDOM, SOURCE_RANGE};
use super::Fault;

/// NumPy's limit on array dimensions (NPY_MAXDIMS in NumPy 2). Index walks keep
/// per-dimension state on the stack in arrays of this size.
pub const MAX_DIMS: usize = 64;

/// Words per instruction: op, dtype, a, b, c, extra.
const INSTR_WORDS: usize = 6;
/// Words per output: ref, dtype, ptr.
const OUTPUT_WORDS: usize = 3;
/// Words per reduction: op, ref, dtype, ddof_cidx.
const REDUCTION_WORDS: usize = 4;

/// The reduce section: reductions, then run (elements per output), count (outputs) and
/// chunk (elements per partial state, for vm_reduce_states).
pub struct ReduceSection {
    at: usize,
    pub count_reductions: usize,
    pub run: u64,
    pub outputs: u64,
    pub chunk: u64,
}

/// A validated program over its code words.
pub struct Program<'c> {
    code: &'c [i32],
    pub shape: &'c [i32],
    pub positions: u64,
    loads_at: usize,
    pub count_loads: usize,
    instrs_at: usize,
    pub count_instrs: usize,
    outputs_at: usize,
    pub count_outputs: usize,
    pub reduce: Option<ReduceSection>,
    /// consts[..count_consts] is everything the program refers to.
    pub count_consts: usize,
}

/// Reads one count word: non-negative, and small enough that sizes computed from it
/// cannot overflow.
fn count(word: i32) -> Result<usize, Fault> {
    if (0..1 << 24).contains(&word) {
        Ok(word as usize)
    } else {
        Err(Fault::Malformed)
    }
}

/// Limits that keep a call's scratch (registers: 8 KiB per instruction, tables, partial
/// sums) below 4 GiB, so vm_scratch_bytes fits its u32; far beyond any fused kernel.
const MAX_LOADS: usize = 1 << 16;
const MAX_INSTRS: usize = 1 << 18;
const MAX_REDUCTIONS: usize = 1 << 16;

fn at_most(limit: usize, word: i32) -> Result<usize, Fault> {
    count(word).and_then(|n| if n <= limit { Ok(n) } else { Err(Fault::Malformed) })
}

fn load_words(kind: i32, ndim: usize) -> Result<usize, Fault> {
    match kind {
        SOURCE_MEMORY | SOURCE_RANGE => Ok(4 + ndim),
        SOURCE_RANDOM => Ok(7 + ndim),
        _ => Err(Fault::Malformed),
    }
}

/// The number of code words of the program at `read(0)`, found by walking its counts,
/// so the entry points can take the code as a slice. A program with no outputs is a
/// reduce program, followed by its reduce section.
pub fn code_words(read: &dyn Fn(usize) -> i32) -> Result<usize, Fault> {
    let ndim = count(read(0))?;
    if ndim > MAX_DIMS {
        return Err(Fault::Malformed);
    }
    let mut at = 1 + ndim;
    let loads = count(read(at))?;
    at += 1;
    for _ in 0..loads {
        at += load_words(read(at), ndim)?;
    }
    at += 1 + INSTR_WORDS * count(read(at))?;
    let outputs = count(read(at))?;
    at += 1 + OUTPUT_WORDS * outputs;
    if outputs == 0 {
        at += 1 + REDUCTION_WORDS * count(read(at))? + 3;
    }
    Ok(at)
}

impl<'c> Program<'c> {
    /// Checks every word: dtypes, kinds, opcodes and their arity, arguments defined
    /// before use, load and output references, and that memory loads stay at
    /// non-negative offsets within the 32-bit address space.
    pub fn parse(code: &'c [i32]) -> Result<Program<'c>, Fault> {
        let word = |i: usize| code.get(i).copied().ok_or(Fault::Malformed);
        let ndim = count(word(0)?)?;
        let shape = code.get(1..1 + ndim).ok_or(Fault::Malformed)?;
        let mut positions: u64 = 1;
        for &n in shape {
            if n < 0 {
                return Err(Fault::Malformed);
            }
            positions = positions.checked_mul(n as u64).ok_or(Fault::Malformed)?;
        }
        if positions > u32::MAX as u64 {
            return Err(Fault::Malformed);
        }
        let mut p = Program {
            code,
            shape,
            positions,
            loads_at: 2 + ndim,
            count_loads: at_most(MAX_LOADS, word(1 + ndim)?)?,
            instrs_at: 0,
            count_instrs: 0,
            outputs_at: 0,
            count_outputs: 0,
            reduce: None,
            count_consts: 0,
        };
        let mut at = p.loads_at;
        for _ in 0..p.count_loads {
            let load = p.load_at(at)?;
            match load.source {
                Source::Memory { ptr } => {
                    if let Some((lo, n)) = load.extent(shape) {
                        let end = ptr as i64 + (lo + n as i64) * load.dtype.item_bytes() as i64;
                        if lo < 0 || end > 1 << 32 || ptr as usize % load.dtype.item_bytes() != 0 {
                            return Err(Fault::Malformed);
                        }
                    }
                }
                Source::Range { cidx } => p.count_consts = p.count_consts.max(cidx + 4),
                Source::Random { word, .. } if word > 3 => return Err(Fault::Malformed),
                Source::Random { .. } => {}
            }
            at += load_words(word(at)?, ndim)?;
        }
        p.count_instrs = at_most(MAX_INSTRS, word(at)?)?;
        p.instrs_at = at + 1;
        for i in 0..p.count_instrs {
            let ins = p.instr_checked(i)?;
            match ins.code {
                Code::Load if (ins.extra as usize) >= p.count_loads || ins.extra < 0 => return Err(Fault::Malformed),
                Code::Const if ins.extra < 0 => return Err(Fault::Malformed),
                Code::Const => p.count_consts = p.count_consts.max(ins.extra as usize + 1),
                Code::Load => {}
                Code::Elementwise(op) => {
                    let n = op.arity();
                    for (k, &a) in ins.args.iter().enumerate() {
                        if (k < n) != (a < i) {
                            return Err(Fault::Malformed);
                        }
                    }
                }
            }
        }
        at = p.instrs_at + INSTR_WORDS * p.count_instrs;
        p.count_outputs = count(word(at)?)?;
        p.outputs_at = at + 1;
        for k in 0..p.count_outputs {
            let w = p.outputs_at + OUTPUT_WORDS * k;
            let (value, dtype) = (count(word(w)?)?, DType::from_code(word(w + 1)?)?);
            let end = word(w + 2)? as u32 as u64 + positions * dtype.item_bytes() as u64;
            if value >= p.count_instrs || end > 1 << 32 || word(w + 2)? as u32 as usize % dtype.item_bytes() != 0 {
                return Err(Fault::Malformed);
            }
        }
        at = p.outputs_at + OUTPUT_WORDS * p.count_outputs;
        if p.count_outputs == 0 {
            let nred = at_most(MAX_REDUCTIONS, word(at)?)?;
            let tail = at + 1 + REDUCTION_WORDS * nred;
            let section = ReduceSection {
                at: at + 1,
                count_reductions: nred,
                run: count_u32(word(tail)?),
                outputs: count_u32(word(tail + 1)?),
                chunk: count_u32(word(tail + 2)?),
            };
            if section.run * section.outputs != positions || section.chunk == 0 {
                return Err(Fault::Malformed);
            }
            p.reduce = Some(section);
            for k in 0..nred {
                let r = p.reduction_checked(k)?;
                if let Some(c) = r.ddof {
                    p.count_consts = p.count_consts.max(c + 1);
                }
            }
        }
        Ok(p)
    }

    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// The instructions whose values are read after the body: outputs, reductions.
    pub fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        let reductions = self.reduce.as_ref().map_or(0, |r| r.count_reductions);
        let outputs = (0..self.count_outputs).map(move |k| self.output(k).value);
        outputs.chain((0..reductions).map(move |k| self.reduction(k).value))
    }

    /// Word index of every load, in order (for a table the block loop indexes).
    pub fn load_starts(&self) -> impl Iterator<Item = usize> + '_ {
        let ndim = self.ndim();
        let mut at = self.loads_at;
        (0..self.count_loads).map(move |_| {
            let here = at;
            at += load_words(self.code[here], ndim).unwrap_or(0);
            here
        })
    }

    /// The load whose words start at `at` (from `load_starts`).
    pub fn load_at(&self, at: usize) -> Result<Load<'c>, Fault> {
        let ndim = self.ndim();
        let code = self.code;
        let w = code
            .get(at..at + load_words(*code.get(at).ok_or(Fault::Malformed)?, ndim)?)
            .ok_or(Fault::Malformed)?;
        let dtype = DType::from_code(w[1])?;
        let (source, offset, strides) = match w[0] {
            SOURCE_MEMORY => (Source::Memory { ptr: w[2] as u32 }, w[3], &w[4..4 + ndim]),
            SOURCE_RANGE => (
                Source::Range {
                    cidx: count(w[3 + ndim])?,
                },
                w[2],
                &w[3..3 + ndim],
            ),
            _ => {
                let key = [w[3 + ndim] as u32, w[4 + ndim] as u32];
                let source = Source::Random {
                    key,
                    stream: w[5 + ndim] as u32,
                    word: w[6 + ndim] as u32 as usize,
                };
                (source, w[2], &w[3..3 + ndim])
            }
        };
        Ok(Load {
            source,
            dtype,
            offset: offset as i64,
            strides,
        })
    }

    fn instr_checked(&self, i: usize) -> Result<Instr, Fault> {
        let at = self.instrs_at + INSTR_WORDS * i;
        let w = self.code.get(at..at + INSTR_WORDS).ok_or(Fault::Malformed)?;
        let arg = |x: i32| if x < 0 { NO_ARG } else { x as usize };
        Ok(Instr {
            code: Code::from_word(w[0])?,
            dtype: DType::from_code(w[1])?,
            args: [arg(w[2]), arg(w[3]), arg(w[4])],
            extra: w[5],
        })
    }

    /// Instruction `i` (validated by `parse`).
    pub fn instr(&self, i: usize) -> Instr {
        self.instr_checked(i).unwrap_or(Instr {
            code: Code::Const,
            dtype: DType::F64,
            args: [NO_ARG; 3],
            extra: 0,
        })
    }

    pub fn output(&self, k: usize) -> Output {
        let w = &self.code[self.outputs_at + OUTPUT_WORDS * k..];
        Output {
            value: w[0] as usize,
            dtype: DType::from_code(w[1]).unwrap_or(DType::F64),
            ptr: w[2] as u32,
        }
    }

    fn reduction_checked(&self, k: usize) -> Result<Reduction, Fault> {
        let section = self.reduce.as_ref().ok_or(Fault::Malformed)?;
        let at = section.at + REDUCTION_WORDS * k;
        let w = self.code.get(at..at + REDUCTION_WORDS).ok_or(Fault::Malformed)?;
        let kind = ReduceKind::from_code(w[0]).ok_or(Fault::Malformed)?;
        let value = count(w[1])?;
        if value >= self.count_instrs {
            return Err(Fault::Malformed);
        }
        let ddof = if w[3] < 0 { None } else { Some(count(w[3])?) };
        Ok(Reduction {
            kind,
            value,
            dtype: DType::from_code(w[2])?,
            ddof,
        })
    }

    /// Reduction `k` (validated by `parse`).
    pub fn reduction(&self, k: usize) -> Reduction {
        self.reduction_checked(k).unwrap_or(Reduction {
            kind: ReduceKind::Sum,
            value: 0,
            dtype: DType::F64,
            ddof: None,
        })
    }
}

fn count_u32(word: i32) -> u64 {
    word as u32 as u64
}
