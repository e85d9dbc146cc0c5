// Generated from shaders/matmul.wgsl by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.
export const matmul = `// Batched matmul template: C[t] = A[t] (N x K) * B[t] (K x M). src/backend/webgpu/wgsl/
// contraction.ts replaces the body of each region between \`// @name\` and \`// @end\`; as
// written here (plain f32 buffers, 64 x 64 x 64) the file is valid WGSL on its own.
//
// Tiled and register-blocked: a workgroup of TX x TY invocations owns a TM x TN tile of
// C (TM = TY * RM, TN = TX * RN); each invocation accumulates an RM x RN block in
// registers. K is walked in slices of TK: the workgroup stages the A (TM x TK) and B
// (TK x TN) slices in workgroup memory, evaluating the fused prologues once per staged
// element, so a prologue costs (N*K + K*M) * (tiles sharing it) instead of N*M*K. The
// fused epilogue runs once per element of C, on the accumulator rounded to its dtype.
//
// A long K is split into Q_CHUNKS chunks of Q_CHUNK (z = batch * Q_CHUNKS + chunk):
// llvmpipe stops an invocation's loops after about 65,535 iterations in all and returns
// a silently short sum. Each chunk then stores its partial block in q_part, and a
// \`combine\` entry (spliced into @chunks) adds an element's partials in chunk order, so
// the result is the same on every run, before the epilogue.

// @sizes
const TX: u32 = 8u;
const TY: u32 = 8u;
const RM: u32 = 4u;
const RN: u32 = 4u;
const TK: u32 = 16u;
const Q_N: u32 = 64u;
const Q_M: u32 = 64u;
const Q_K: u32 = 64u;
const Q_CHUNK: u32 = 64u;
const Q_CHUNKS: u32 = 1u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
// @end

// @types
alias T = f32;
fn q_zero() -> T { return 0.0f; }
fn q_madd(acc: T, x: T, y: T) -> T { return acc + x * y; }
fn q_add(x: T, y: T) -> T { return x + y; }
// @end

// @fused-prologue
fn q_a(t: u32, i: u32, q: u32) -> T { return a[(t * Q_N + i) * Q_K + q]; }
fn q_b(t: u32, q: u32, j: u32) -> T { return b[(t * Q_K + q) * Q_M + j]; }
// @end

// @fused-epilogue
fn q_epilogue(t: u32, i: u32, j: u32, acc: T) { c[(t * Q_N + i) * Q_M + j] = acc; }
// @end

// @chunks
// One chunk spans all of K: its sum is the product, and the epilogue runs on it directly.
fn q_store(t: u32, chunk: u32, i: u32, j: u32, acc: T) { q_epilogue(t, i, j, acc); }
// @end

const TM: u32 = TY * RM;
const TN: u32 = TX * RN;
var<workgroup> q_ta: array<T, TM * TK>;
var<workgroup> q_tb: array<T, TK * TN>;

@compute @workgroup_size(TX, TY)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let t = wid.z / Q_CHUNKS;
  let chunk = wid.z % Q_CHUNKS;
  let k_begin = chunk * Q_CHUNK;
  let k_end = min(Q_K, k_begin + Q_CHUNK);
  let row0 = wid.y * TM;
  let col0 = wid.x * TN;
  let flat = lid.y * TX + lid.x;
  var acc: array<T, RM * RN>;
  for (var e = 0u; e < RM * RN; e++) { acc[e] = q_zero(); }
  for (var k0 = k_begin; k0 < k_end; k0 += TK) {
    for (var e = flat; e < TM * TK; e += TX * TY) {
      let i = row0 + e / TK;
      let q = k0 + e % TK;
      var v = q_zero();
      if (i < Q_N && q < k_end) { v = q_a(t, i, q); }
      q_ta[e] = v;
    }
    for (var e = flat; e < TK * TN; e += TX * TY) {
      let q = k0 + e / TN;
      let j = col0 + e % TN;
      var v = q_zero();
      if (q < k_end && j < Q_M) { v = q_b(t, q, j); }
      q_tb[e] = v;
    }
    workgroupBarrier();
    for (var q = 0u; q < TK; q++) {
      var av: array<T, RM>;
      var bv: array<T, RN>;
      for (var r = 0u; r < RM; r++) { av[r] = q_ta[(lid.y * RM + r) * TK + q]; }
      for (var s = 0u; s < RN; s++) { bv[s] = q_tb[q * TN + lid.x * RN + s]; }
      for (var r = 0u; r < RM; r++) {
        for (var s = 0u; s < RN; s++) { acc[r * RN + s] = q_madd(acc[r * RN + s], av[r], bv[s]); }
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < RM; r++) {
    for (var s = 0u; s < RN; s++) {
      let i = row0 + lid.y * RM + r;
      let j = col0 + lid.x * RN + s;
      if (i < Q_N && j < Q_M) { q_store(t, chunk, i, j, acc[r * RN + s]); }
    }
  }
}
`;
