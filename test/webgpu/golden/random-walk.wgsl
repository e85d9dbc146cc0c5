// kernel 0: cumsum; passes: totals 10x1x1, carries 1x1x1, apply 10x1x1; scratch bytes: 40
// Scan (cumsum / cumprod) template. src/backend/webgpu/wgsl/scan.ts replaces the body of
// each region between `// @name` and `// @end`; as written here (running sums along the
// rows of a 4 x 4096 f32 matrix) the file is valid WGSL on its own.
//
// A lane is one line along the scan axis (Q_LANES lanes of Q_LEN elements).
// - `direct`: one invocation per lane scans it in order, exactly the reference's order
//   of operations. Used when lanes are short or numerous.
// - `totals`, `carries`, `apply` for few long lanes: each workgroup owns a chunk of
//   Q_CHUNK = WG * Q_ITEMS elements of one lane. `totals` writes each chunk's total;
//   `carries` (one invocation per lane) turns them, in chunk order, into the running
//   value before each chunk; `apply` rescans each chunk: every invocation scans its
//   Q_ITEMS consecutive elements in registers, the invocations' totals are scanned in
//   workgroup memory (Q_GROUPS invocations scan Q_PER totals each, then one invocation
//   scans the group totals: three barriers, none in a loop), and each element gets
//   carry + prefix + its running value. No invocation waits on another workgroup.

// @sizes
const WG: u32 = 64u;
const Q_LANES: u32 = 2u;
const Q_LEN: u32 = 5000u;
const Q_ITEMS: u32 = 16u;
const Q_CHUNK: u32 = 1024u;
const Q_CHUNKS: u32 = 5u;
const Q_GROUPS: u32 = 8u;
const Q_PER: u32 = 8u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read_write> s0: array<f32>;
@group(0) @binding(1) var<storage, read_write> q_totals: array<f32>;
struct q_Params { v: array<vec4<u32>, 2> }
@group(0) @binding(2) var<uniform> q_params: q_Params;

fn q_mulhilo(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu;
  let ah = a >> 16u;
  let bl = b & 0xffffu;
  let bh = b >> 16u;
  let ll = al * bl;
  let mid1 = ah * bl;
  let mid2 = al * bh;
  let carry = ((ll >> 16u) + (mid1 & 0xffffu) + (mid2 & 0xffffu)) >> 16u;
  return vec2<u32>(ah * bh + (mid1 >> 16u) + (mid2 >> 16u) + carry, a * b);
}

fn q_random(i: u32, key: vec2<u32>, stream: u32, word: u32) -> u32 {
  var c = vec4<u32>(i, 0u, stream, 0u);
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) { k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u); }
    let p0 = q_mulhilo(0xd2511f53u, c.x);
    let p1 = q_mulhilo(0xcd9e8d57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
  }
  return c[word];
}

fn q_utof(x: u32) -> f32 {
  if (x < 0x1000000u) { return f32(x); }
  let sh = 8u - countLeadingZeros(x);
  var m = x >> sh;
  let rem = x & ((1u << sh) - 1u);
  let half = 1u << (sh - 1u);
  if (rem > half || (rem == half && (m & 1u) == 1u)) { m = m + 1u; }
  return f32(m) * f32(1u << sh);
}
// @end

// @op
alias T = f32;
fn q_identity() -> T { return bitcast<f32>(0x80000000u); }
fn q_op(a: T, b: T) -> T { return a + b; }
fn q_pos(o: u32, r: u32) -> u32 { return o * 5000u + r; }
fn q_store(pos: u32, v: T) { s0[pos] = v; }
// @end

// @fused-prologue
struct q_prologue_out { v3: f32 }
fn q_prologue(pos: u32) -> q_prologue_out {
  let v0: u32 = q_random(pos, q_params.v[0].xy, 0u, 0u);
  let v1: f32 = q_utof(v0);
  let v2: f32 = bitcast<f32>(q_params.v[1][0]);
  let v3: f32 = (v1 * v2);
  return q_prologue_out(v3);
}
fn q_value(pos: u32) -> T { return q_prologue(pos).v3; }
// @end

var<workgroup> q_shared: array<T, WG>;
var<workgroup> q_group: array<T, Q_GROUPS>;

@compute @workgroup_size(WG)
fn direct(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = gid.x + gid.y * (nwg.x * WG);
  if (lane >= Q_LANES) { return; }
  var acc = q_identity();
  for (var j = 0u; j < Q_LEN; j++) {
    let pos = q_pos(lane, j);
    acc = q_op(acc, q_value(pos));
    q_store(pos, acc);
  }
}

/** The chunk of workgroup `wid`: its lane and first element; false past the last chunk. */
fn q_chunk(wid: vec3<u32>, nwg: vec3<u32>) -> vec3<u32> {
  let g = wid.x + wid.y * nwg.x;
  return vec3<u32>(g / Q_CHUNKS, (g % Q_CHUNKS) * Q_CHUNK, select(0u, 1u, g < Q_LANES * Q_CHUNKS));
}

@compute @workgroup_size(WG)
fn totals(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = q_chunk(wid, nwg);
  if (c.z == 0u) { return; }
  var acc = q_identity();
  let first = c.y + lid * Q_ITEMS;
  for (var k = 0u; k < Q_ITEMS; k++) {
    if (first + k < Q_LEN) { acc = q_op(acc, q_value(q_pos(c.x, first + k))); }
  }
  q_shared[lid] = acc;
  workgroupBarrier();
  if (lid == 0u) {
    var t = q_shared[0];
    for (var i = 1u; i < WG; i++) { t = q_op(t, q_shared[i]); }
    q_totals[c.x * Q_CHUNKS + c.y / Q_CHUNK] = t;
  }
}

@compute @workgroup_size(WG)
fn carries(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = gid.x + gid.y * (nwg.x * WG);
  if (lane >= Q_LANES) { return; }
  var carry = q_identity();
  for (var c = 0u; c < Q_CHUNKS; c++) {
    let t = q_totals[lane * Q_CHUNKS + c];
    q_totals[lane * Q_CHUNKS + c] = carry;
    carry = q_op(carry, t);
  }
}

@compute @workgroup_size(WG)
fn apply(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let c = q_chunk(wid, nwg);
  if (c.z == 0u) { return; }
  let first = c.y + lid * Q_ITEMS;
  var vals: array<T, Q_ITEMS>;
  var acc = q_identity();
  for (var k = 0u; k < Q_ITEMS; k++) {
    if (first + k < Q_LEN) { acc = q_op(acc, q_value(q_pos(c.x, first + k))); }
    vals[k] = acc;
  }
  q_shared[lid] = acc;
  workgroupBarrier();
  if (lid < Q_GROUPS) {
    var run = q_shared[lid * Q_PER];
    for (var i = 1u; i < Q_PER; i++) {
      run = q_op(run, q_shared[lid * Q_PER + i]);
      q_shared[lid * Q_PER + i] = run;
    }
  }
  workgroupBarrier();
  if (lid == 0u) {
    var run = q_identity();
    for (var g = 0u; g < Q_GROUPS; g++) {
      q_group[g] = run;
      run = q_op(run, q_shared[g * Q_PER + Q_PER - 1u]);
    }
  }
  workgroupBarrier();
  var before = q_op(q_totals[c.x * Q_CHUNKS + c.y / Q_CHUNK], q_group[lid / Q_PER]);
  if (lid % Q_PER != 0u) { before = q_op(before, q_shared[lid - 1u]); }
  for (var k = 0u; k < Q_ITEMS; k++) {
    if (first + k < Q_LEN) { q_store(q_pos(c.x, first + k), q_op(before, vals[k])); }
  }
}
