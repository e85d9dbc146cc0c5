//! Reductions over runs of positions, with the semantics of src/backend/js/reducers.ts
//! and the same block structure as the reference's compileReduce: a run is evaluated in
//! blocks of BLOCK positions from its start, each block feeding every accumulator.
//!
//! Float sums are the reference's pairwise summation exactly: pairwiseSum within each
//! block (8 sequential terms at the leaves, halves above), and pairwiseSum over the block
//! partials, which `walk` reproduces without storing them by visiting the blocks as the
//! recursion's leaves, in order, keeping one partial per recursion level. So a float
//! sum, like every other reduction here, gives the reference's bits. Float products and
//! the variance's per-block (mean, M2) merge (Chan, Golub and LeVeque) follow the
//! reference's sequential order; extremes run on f64x2 lanes where the order cannot
//! matter (no NaN, a nonzero extreme) and in the reference's order otherwise; integer
//! sums and products wrap mod 2^32 at every step, which any order reproduces.
//!
//! A partial state (vm_reduce_states) covers one chunk of a run (see accumulate.rs).

use super::accumulate::{absorb, empty, finish, is_tree_sum, pairwise_sum, STATE_WORDS};
use super::block::Machine;
use super::{Fault, BLOCK};

/// Recursion levels of the pairwise walk over a run's blocks: a run of at most 2^32
/// positions has at most 2^22 blocks, 20 levels above the leaves of 8.
const LEVELS: usize = 32;

/// f64 scratch words a reduce call needs besides registers.
pub fn scratch_words(reductions: usize) -> usize {
    (LEVELS + STATE_WORDS) * reductions
}

/// What a span's states become: results (vm_reduce) or partial states (vm_reduce_states).
pub enum Sink<'s> {
    /// `write(k, o, value)`: reduction k's result for output o.
    Results(&'s mut dyn FnMut(usize, u64, f64)),
    /// `write(o, c, states)`: every reduction's state for output o, chunk c.
    States(&'s mut dyn FnMut(u64, u64, &[f64])),
}

/// Reduces outputs `outputs` over chunks `chunks` of `chunk` positions of each run
/// (vm_reduce passes the whole run as one chunk). `scratch` holds `scratch_words`.
pub fn reduce(
    m: &mut Machine,
    scratch: &mut [f64],
    outputs: (u64, u64),
    chunks: (u64, u64),
    chunk: u64,
    sink: &mut Sink,
) -> Result<(), Fault> {
    let section = m.p.reduce.as_ref().ok_or(Fault::Malformed)?;
    let (run, nred) = (section.run, section.count_reductions);
    let (levels, states) = scratch.split_at_mut(LEVELS * nred);
    let mut r = Reducer { nred, levels, states };
    let whole_runs = chunks == (0, 1) && run <= chunk;
    if whole_runs && run > 0 && run as usize <= BLOCK / 2 {
        return r.batched(m, outputs, run, sink);
    }
    for o in outputs.0..outputs.1 {
        for c in chunks.0..chunks.1 {
            let first = c * chunk;
            let n = if first < run { chunk.min(run - first) } else { 0 };
            r.span(m, o * run + first, n, first)?;
            r.emit(m, o, c, sink)?;
        }
    }
    Ok(())
}

struct Reducer<'s> {
    nred: usize,
    levels: &'s mut [f64],
    states: &'s mut [f64],
}

fn state(states: &mut [f64], k: usize) -> &mut [f64; STATE_WORDS] {
    <&mut [f64; STATE_WORDS]>::try_from(&mut states[k * STATE_WORDS..(k + 1) * STATE_WORDS]).unwrap()
}

impl Reducer<'_> {
    fn reset(&mut self, m: &Machine) {
        for k in 0..self.nred {
            *state(self.states, k) = empty(&m.p.reduction(k));
        }
    }

    /// Runs of at most BLOCK / 2 positions: one block evaluates several whole runs,
    /// each then reduced as the reference reduces a one-block run.
    fn batched(&mut self, m: &mut Machine, outputs: (u64, u64), run: u64, sink: &mut Sink) -> Result<(), Fault> {
        let per = BLOCK as u64 / run;
        let mut o = outputs.0;
        while o < outputs.1 {
            let n = per.min(outputs.1 - o);
            m.eval(o * run, (n * run) as usize)?;
            for i in 0..n {
                self.reset(m);
                let at = (i * run) as usize;
                for k in 0..self.nred {
                    let r = m.p.reduction(k);
                    let v = &m.values(r.value, at + run as usize)[at..];
                    if is_tree_sum(&r) {
                        state(self.states, k)[0] = 0.0 + pairwise_sum(v);
                    } else {
                        absorb(&r, state(self.states, k), v, 0);
                    }
                }
                self.emit(m, o + i, 0, sink)?;
            }
            o += n;
        }
        Ok(())
    }

    /// Reduces positions [pos, pos + n), `first` being pos's index within its run.
    fn span(&mut self, m: &mut Machine, pos: u64, n: u64, first: u64) -> Result<(), Fault> {
        self.reset(m);
        let blocks = (n + BLOCK as u64 - 1) / BLOCK as u64;
        if blocks > 0 {
            self.walk(m, (pos, n, first), 0, blocks, 0)?;
        }
        for k in 0..self.nred {
            if is_tree_sum(&m.p.reduction(k)) {
                state(self.states, k)[0] = if blocks > 0 { self.levels[k] } else { 0.0 };
            }
        }
        Ok(())
    }

    /// pairwiseSum over the partials of blocks [lo, hi) into `levels[depth]`, feeding
    /// every other reduction its blocks in order on the way.
    fn walk(&mut self, m: &mut Machine, span: (u64, u64, u64), lo: u64, hi: u64, depth: usize) -> Result<(), Fault> {
        let nred = self.nred;
        let here = depth * nred;
        if hi - lo <= 8 {
            self.levels[here..here + nred].fill(0.0);
            for b in lo..hi {
                let at = b * BLOCK as u64;
                let len = (span.1 - at).min(BLOCK as u64) as usize;
                m.eval(span.0 + at, len)?;
                for k in 0..nred {
                    let r = m.p.reduction(k);
                    let v = m.values(r.value, len);
                    if is_tree_sum(&r) {
                        self.levels[here + k] += pairwise_sum(v);
                    } else {
                        absorb(&r, state(self.states, k), v, span.2 + at);
                    }
                }
            }
            return Ok(());
        }
        let mid = lo + ((hi - lo) >> 1);
        self.walk(m, span, lo, mid, depth + 1)?;
        self.levels.copy_within(here + nred..here + 2 * nred, here);
        self.walk(m, span, mid, hi, depth + 1)?;
        for k in 0..nred {
            self.levels[here + k] += self.levels[here + nred + k];
        }
        Ok(())
    }

    fn emit(&mut self, m: &Machine, o: u64, c: u64, sink: &mut Sink) -> Result<(), Fault> {
        match sink {
            Sink::States(write) => write(o, c, self.states),
            Sink::Results(write) => {
                for k in 0..self.nred {
                    let r = m.p.reduction(k);
                    let ddof = r.ddof.map_or(0.0, |i| m.consts[i]);
                    write(k, o, finish(&r, state(self.states, k), ddof)?);
                }
            }
        }
        Ok(())
    }
}
