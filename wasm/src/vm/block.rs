//! Registers and the block loop. Every instruction runs over a whole block before the
//! next starts (numexpr's scheme), each writing one f64 register of BLOCK elements.
//! Registers are reused once their value is dead, so a body needs as many registers as
//! it has values live at once (3 for a 10-op chain) and the block's working set stays in
//! L1/L2 however long the body is.
//!
//! A float64 load whose block is one run of consecutive items is not copied: its readers
//! take the items in place. The first op then streams its inputs from memory while it
//! computes, instead of a copy pass waiting on memory first. Memory-bound kernels such
//! as x + y or a sum over millions of elements gain the most (bench/reduce.bench.ts
//! times sums of 16M float64).

use super::decode::Program;
use super::kinds::{Code, Load, Op, NO_ARG};
use super::offsets::{self, Data, Memory, Walk};
use super::ops::{self, Operands};
use super::scalar::round_to;
use super::{Fault, BLOCK};

/// `last[i]` for a value read after the body (an output or a reduction's input).
const KEPT: u32 = u32::MAX;

/// u32 words of one load's record in the tables: its first code word, then its merged view.
fn load_record_words(p: &Program) -> usize {
    1 + offsets::walk_words(p.ndim())
}

/// u32 words of per-call tables in scratch: each load's record, then each instruction's
/// register, last use, a free-register stack, and where a block's values are.
pub fn table_words(p: &Program) -> usize {
    p.count_loads * load_record_words(p) + 4 * p.count_instrs
}

/// `in_place[i]` when instruction i's values for the block are in its register; else
/// they are its load's items from this index on.
const IN_REGISTER: u32 = u32::MAX;

/// The per-call tables, carved from scratch: computed once so that a block only reads them.
pub struct Tables<'s> {
    loads: &'s [u32],
    load_words: usize,
    pub reg_of: &'s [u32],
    pub registers: usize,
}

impl<'s> Tables<'s> {
    /// Fills the tables for `p` from `words` (at least `table_words(p)` long); `kept`
    /// lists the instructions read after the body. Also returns the words a Machine
    /// keeps its per-block state in.
    pub fn build(
        p: &Program,
        words: &'s mut [u32],
        kept: impl Iterator<Item = usize>,
    ) -> Result<(Tables<'s>, &'s mut [u32]), Fault> {
        let load_words = load_record_words(p);
        let (loads, rest) = words.split_at_mut(p.count_loads * load_words);
        for (rec, at) in loads.chunks_exact_mut(load_words).zip(p.load_starts()) {
            rec[0] = at as u32;
            offsets::merge(p.shape, p.load_at(at)?.strides, &mut rec[1..]);
        }
        let (reg_of, rest) = rest.split_at_mut(p.count_instrs);
        let (last, rest) = rest.split_at_mut(p.count_instrs);
        let (free, rest) = rest.split_at_mut(p.count_instrs);
        let registers = allocate(p, kept, reg_of, last, free);
        let tables = Tables {
            loads,
            load_words,
            reg_of,
            registers,
        };
        Ok((tables, &mut rest[..p.count_instrs]))
    }

    /// Load `l`'s first code word and merged view.
    fn load(&self, l: usize) -> (usize, &[u32]) {
        let rec = &self.loads[l * self.load_words..(l + 1) * self.load_words];
        (rec[0] as usize, &rec[1..])
    }
}

/// Greedy allocation in program order: an instruction takes a free register (or a new
/// one) before its arguments' registers are freed, so its result never overwrites an
/// argument it is still reading. Returns the number of registers.
pub fn allocate(
    p: &Program,
    kept: impl Iterator<Item = usize>,
    reg_of: &mut [u32],
    last: &mut [u32],
    free: &mut [u32],
) -> usize {
    let n = p.count_instrs;
    for (i, l) in last[..n].iter_mut().enumerate() {
        *l = i as u32;
    }
    for i in 0..n {
        for a in p.instr(i).args {
            if a != NO_ARG {
                last[a] = i as u32;
            }
        }
    }
    for k in kept {
        last[k] = KEPT;
    }
    let (mut free_count, mut registers) = (0, 0);
    for i in 0..n {
        let r = if free_count > 0 {
            free_count -= 1;
            free[free_count]
        } else {
            registers += 1;
            registers as u32 - 1
        };
        reg_of[i] = r;
        let args = p.instr(i).args;
        for (k, &a) in args.iter().enumerate() {
            if a != NO_ARG && last[a] == i as u32 && !args[..k].contains(&a) {
                free[free_count] = reg_of[a];
                free_count += 1;
            }
        }
        if last[i] == i as u32 {
            free[free_count] = r;
            free_count += 1;
        }
    }
    registers
}

/// A program ready to run blocks: its tables, registers and inputs. `memory` gives a
/// memory load's items (the entry points make these slices; see vm.rs); `in_place`
/// (one word per instruction) says where the current block's values are.
pub struct Machine<'a, 'm> {
    pub p: &'a Program<'a>,
    pub consts: &'a [f64],
    pub tables: &'a Tables<'a>,
    pub regs: &'a mut [f64],
    pub in_place: &'a mut [u32],
    pub memory: &'a dyn Fn(&Load) -> Option<Memory<'m>>,
}

impl<'m> Machine<'_, 'm> {
    /// Evaluates every instruction at positions [pos, pos + len), len <= BLOCK.
    pub fn eval(&mut self, pos: u64, len: usize) -> Result<(), Fault> {
        let p = self.p;
        for i in 0..p.count_instrs {
            let ins = p.instr(i);
            let r = self.tables.reg_of[i] as usize;
            match ins.code {
                Code::Load => {
                    let (at, view) = self.tables.load(ins.extra as usize);
                    let load = p.load_at(at)?;
                    let walk = Walk::of(view, load.offset);
                    let memory = (self.memory)(&load);
                    self.in_place[i] = match (&memory, walk.consecutive(pos)) {
                        (Some(m @ Memory { data: Data::F64(_), .. }), Some(first)) => m.index(first) as u32,
                        _ => IN_REGISTER,
                    };
                    if self.in_place[i] == IN_REGISTER {
                        let out = &mut self.regs[r * BLOCK..r * BLOCK + len];
                        offsets::load(&load, &walk, memory.as_ref(), self.consts, ins.dtype, pos, out);
                    }
                }
                Code::Const => {
                    self.in_place[i] = IN_REGISTER;
                    self.regs[r * BLOCK..r * BLOCK + len].fill(self.consts[ins.extra as usize]);
                }
                Code::Elementwise(op) => {
                    self.in_place[i] = IN_REGISTER;
                    let items = ins.args.map(|a| self.items(a, len));
                    let reg = |k: usize| match (ins.args[k], items[k]) {
                        (NO_ARG, _) | (_, Some(_)) => usize::MAX,
                        (a, None) => self.tables.reg_of[a] as usize,
                    };
                    let (out, regs) = operands(self.regs, r, [reg(0), reg(1), reg(2)], len);
                    let [a, b, c] = [0, 1, 2].map(|k| items[k].unwrap_or(regs[k]));
                    // The input dtype selects the op's meaning: `a`'s, or `b`'s for where.
                    let input = p.instr(ins.args[if op == Op::Where { 1 } else { 0 }]).dtype;
                    let x = Operands {
                        input,
                        dtype: ins.dtype,
                        extra: ins.extra,
                        a,
                        b,
                        c,
                    };
                    if ops::apply(op, &x, out)?.need_rounding_to(ins.dtype) {
                        round_to(out, ins.dtype);
                    }
                }
            }
        }
        Ok(())
    }

    /// Instruction `i`'s values from the last `eval`.
    pub fn values(&self, i: usize, len: usize) -> &[f64] {
        let r = self.tables.reg_of[i] as usize;
        self.items(i, len).unwrap_or(&self.regs[r * BLOCK..r * BLOCK + len])
    }

    /// Instruction `i`'s values when they are a load's items read in place.
    fn items(&self, i: usize, len: usize) -> Option<&'m [f64]> {
        if i == NO_ARG || self.in_place[i] == IN_REGISTER {
            return None;
        }
        let load = self
            .p
            .load_at(self.tables.load(self.p.instr(i).extra as usize).0)
            .ok()?;
        match (self.memory)(&load)?.data {
            Data::F64(items) => items.get(self.in_place[i] as usize..self.in_place[i] as usize + len),
            _ => None,
        }
    }
}

/// Register `out` for writing and registers `args` (usize::MAX: none, an empty slice)
/// for reading, all `len` long; the allocator never gives an instruction one of its
/// argument's registers, so they are disjoint.
fn operands(regs: &mut [f64], out: usize, args: [usize; 3], len: usize) -> (&mut [f64], [&[f64]; 3]) {
    let (below, rest) = regs.split_at_mut(out * BLOCK);
    let (dst, above) = rest.split_at_mut(BLOCK);
    let (below, above): (&[f64], &[f64]) = (below, above);
    let get = |r: usize| -> &[f64] {
        if r == usize::MAX {
            &[]
        } else if r < out {
            &below[r * BLOCK..r * BLOCK + len]
        } else {
            &above[(r - out - 1) * BLOCK..(r - out - 1) * BLOCK + len]
        }
    };
    (&mut dst[..len], [get(args[0]), get(args[1]), get(args[2])])
}
