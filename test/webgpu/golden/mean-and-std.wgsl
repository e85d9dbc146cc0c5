// kernel 0: reduce var; passes: partials 8x1x1, finish 1x1x1; scratch bytes: 96
// Reduction template. src/backend/webgpu/wgsl/reduce.ts replaces the body of each region
// between `// @name` and `// @end` with generated code; as written here (a row sum of a
// 4 x 1024 f32 matrix) the file is valid WGSL on its own.
//
// Output o reduces a run of Q_RUN elements into a State (one field per fused reduction).
// - `direct`: one invocation per output folds its run in order. Used for short runs, or
//   when there are enough outputs to occupy the device.
// - `partials` then `finish`: each workgroup folds one Q_CHUNK-element chunk of one output.
//   Its invocations fold a strided share each; in workgroup memory Q_GROUPS invocations
//   then combine Q_PER states each and one invocation combines those, and one state per
//   chunk is written. Two barriers, none in a loop: SwiftShader compiles each barrier as
//   a coroutine split, and a halving tree (8 barriers in a loop) made the shader far
//   slower to compile. `finish` combines each output's chunk states in chunk order, so the
//   result never depends on scheduling, and runs the fused epilogue. No invocation waits
//   on another workgroup.
// - `q_workgroup` is the intra-workgroup step of `partials`: the shared-memory tree below
//   (`q_tree`), or on adapters with the `subgroups` feature a subgroup variant that
//   wgsl/reduce-subgroups.ts splices in together with `enable subgroups;`.

// @enable

// @end

// @sizes
const WG: u32 = 64u;
const Q_OUTPUTS: u32 = 4u;
const Q_RUN: u32 = 3000u;
const Q_CHUNK: u32 = 2048u;
const Q_CHUNKS: u32 = 2u;
const Q_GROUPS: u32 = 8u;
const Q_PER: u32 = 8u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read> s0: array<f32>;
@group(0) @binding(1) var<storage, read_write> s1: array<f32>;
@group(0) @binding(2) var<storage, read_write> q_partials: array<State>;

fn q_f32(bits: u32) -> f32 { return bitcast<f32>(bits); }

fn q_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }

fn q_nz(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }

fn q_signbit(x: f32) -> bool { return (bitcast<u32>(x) >> 31u) != 0u; }

fn q_div_zero(a: f32, b: f32) -> f32 {
  if (q_isnan(a) || !q_nz(a)) { return q_f32(0x7fc00000u); }
  return select(q_f32(0x7f800000u), q_f32(0xff800000u), q_signbit(a) != q_signbit(b));
}

fn q_split(a: f32) -> vec2<f32> {
  let c = 4097.0f * a;
  let hi = c - (c - a);
  return vec2<f32>(hi, a - hi);
}
fn q_two_prod(a: f32, b: f32) -> vec2<f32> {
  let p = a * b;
  let sa = q_split(a);
  let sb = q_split(b);
  return vec2<f32>(p, ((sa.x * sb.x - p) + sa.x * sb.y + sa.y * sb.x) + sa.y * sb.y);
}

fn q_isfinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }

fn q_pow2(k: i32) -> f32 { return bitcast<f32>(u32(k + 127) << 23u); }

fn q_scalbn(x: f32, n: i32) -> f32 {
  var y = x;
  var k = n;
  if (k > 127) {
    y = y * 0x1p127f;
    k = k - 127;
    if (k > 127) { y = y * 0x1p127f; k = min(k - 127, 127); }
  } else if (k < -126) {
    y = y * 0x1p-102f;
    k = k + 102;
    if (k < -126) { y = y * 0x1p-102f; k = max(k + 102, -126); }
  }
  return y * q_pow2(k);
}

fn q_div(a: f32, b: f32) -> f32 {
  let q = a / b;
  let ab = bitcast<u32>(a);
  let bb = bitcast<u32>(b);
  let ea = i32((ab >> 23u) & 0xffu);
  let eb = i32((bb >> 23u) & 0xffu);
  // A subnormal quotient would be rounded twice (once here, once scaling): the hardware's is then the better answer.
  if (!q_isfinite(q) || q == 0.0f || ea == 0 || eb == 0 || ea == 255 || eb == 255 || ea - eb <= -126) { return q; }
  let an = bitcast<f32>((ab & 0x807fffffu) | 0x3f800000u);
  let bn = bitcast<f32>((bb & 0x807fffffu) | 0x3f800000u);
  let qn = an / bn;
  let p = q_two_prod(qn, bn);
  return q_scalbn(qn + ((an - p.x) - p.y) / bn, ea - eb);
}

fn q_var_result(n: u32, m2: f32, ddof: f32) -> f32 {
  if (n == 0u) { return q_f32(0x7fc00000u); }
  let d = max(f32(n) - ddof, 0.0f);
  if (d == 0.0f) { return q_div_zero(m2, 0.0f); }
  return q_div(m2, d);
}

fn q_isinf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }

fn q_sqrt(x: f32) -> f32 {
  if (q_isnan(x) || x == 0.0f || (q_isinf(x) && x > 0.0f)) { return x; }
  if (x < 0.0f) { return q_f32(0x7fc00000u); }
  return sqrt(x);
}
// @end

// @state
struct State { s0n: u32, s0m: f32, s0q: f32 }
fn q_identity() -> State { return State(0u, 0.0f, 0.0f); }
fn q_combine(a: State, b: State) -> State {
  var t: State;
  if (a.s0n == 0u) { t.s0n = b.s0n; t.s0m = b.s0m; t.s0q = b.s0q; }
  else if (b.s0n == 0u) { t.s0n = a.s0n; t.s0m = a.s0m; t.s0q = a.s0q; }
  else {
    let n = a.s0n + b.s0n;
    let d = b.s0m - a.s0m;
    let wb = f32(b.s0n) / f32(n);
    t.s0n = n;
    t.s0m = a.s0m + d * wb;
    t.s0q = a.s0q + b.s0q + d * d * f32(a.s0n) * wb;
  }
  return t;
}
// @end

// @fused-prologue
fn q_pos(o: u32, r: u32) -> u32 { return o * 3000u + r; }
struct q_prologue_out { v0: f32 }
fn q_prologue(pos: u32) -> q_prologue_out {
  let v0: f32 = s0[pos];
  return q_prologue_out(v0);
}
fn q_fold(s: State, o: u32, r: u32) -> State {
  let v = q_prologue(q_pos(o, r));
  var t = s;
  { let y = v.v0; t.s0n = t.s0n + 1u; let d = y - t.s0m; t.s0m = t.s0m + d / f32(t.s0n); t.s0q = t.s0q + d * (y - t.s0m); }
  return t;
}
// @end

// @fused-epilogue
struct q_epi_out { v1: f32 }
fn q_epi(pos: u32, acc0: f32) -> q_epi_out {
  let v0: f32 = acc0;
  let v1: f32 = q_sqrt(v0);
  return q_epi_out(v1);
}
fn q_epilogue(o: u32, s: State) {
  let e = q_epi(o, q_var_result(s.s0n, s.s0q, 1.0f));
  s1[o] = e.v1;
}
// @end

var<workgroup> q_shared: array<State, WG>;

@compute @workgroup_size(WG)
fn direct(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = gid.x + gid.y * (nwg.x * WG);
  if (o >= Q_OUTPUTS) { return; }
  var s = q_identity();
  for (var r = 0u; r < Q_RUN; r++) { s = q_fold(s, o, r); }
  q_epilogue(o, s);
}

// Every invocation's state in q_shared, Q_GROUPS invocations combine Q_PER each, then
// invocation 0 combines those in order: its result is the workgroup's (the others' is not).
fn q_tree(s: State, lid: u32) -> State {
  q_shared[lid] = s;
  workgroupBarrier();
  if (lid < Q_GROUPS) {
    var t = q_shared[lid * Q_PER];
    for (var i = 1u; i < Q_PER; i++) { t = q_combine(t, q_shared[lid * Q_PER + i]); }
    q_shared[lid * Q_PER] = t;
  }
  workgroupBarrier();
  var t = q_shared[0];
  if (lid == 0u) {
    for (var i = 1u; i < Q_GROUPS; i++) { t = q_combine(t, q_shared[i * Q_PER]); }
  }
  return t;
}

// @workgroup-combine
fn q_workgroup(s: State, lid: u32) -> State { return q_tree(s, lid); }
// @end

@compute @workgroup_size(WG)
fn partials(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  if (g >= Q_OUTPUTS * Q_CHUNKS) { return; }
  let o = g / Q_CHUNKS;
  let start = (g % Q_CHUNKS) * Q_CHUNK;
  let end = min(start + Q_CHUNK, Q_RUN);
  var s = q_identity();
  for (var r = start + lid; r < end; r += WG) { s = q_fold(s, o, r); }
  let t = q_workgroup(s, lid);
  if (lid == 0u) { q_partials[g] = t; }
}

@compute @workgroup_size(WG)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = gid.x + gid.y * (nwg.x * WG);
  if (o >= Q_OUTPUTS) { return; }
  var s = q_partials[o * Q_CHUNKS];
  for (var c = 1u; c < Q_CHUNKS; c++) { s = q_combine(s, q_partials[o * Q_CHUNKS + c]); }
  q_epilogue(o, s);
}
