// Generated from shaders/scan.wgsl by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.
export const scan = `// Scan (cumsum / cumprod) template. src/backend/webgpu/wgsl/scan.ts replaces the body of
// each region between \`// @name\` and \`// @end\`; as written here (running sums along the
// rows of a 4 x 4096 f32 matrix) the file is valid WGSL on its own.
//
// A lane is one line along the scan axis (Q_LANES lanes of Q_LEN elements).
// - \`direct\`: one invocation per lane scans it in order, exactly the reference's order
//   of operations. Used when lanes are short or numerous.
// - \`totals\`, \`carries\`, \`apply\` for few long lanes: each workgroup owns a chunk of
//   Q_CHUNK = WG * Q_ITEMS elements of one lane. \`totals\` writes each chunk's total;
//   \`carries\` (one invocation per lane) turns them, in chunk order, into the running
//   value before each chunk; \`apply\` rescans each chunk: every invocation scans its
//   Q_ITEMS consecutive elements in registers, the invocations' totals are scanned in
//   workgroup memory (Q_GROUPS invocations scan Q_PER totals each, then one invocation
//   scans the group totals: three barriers, none in a loop), and each element gets
//   carry + prefix + its running value. No invocation waits on another workgroup.

// @sizes
const WG: u32 = 64u;
const Q_LANES: u32 = 4u;
const Q_LEN: u32 = 4096u;
const Q_ITEMS: u32 = 16u;
const Q_CHUNK: u32 = 1024u;
const Q_CHUNKS: u32 = 4u;
const Q_GROUPS: u32 = 8u;
const Q_PER: u32 = 8u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> q_totals: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
// @end

// @op
alias T = f32;
fn q_identity() -> T { return -0.0f; }
fn q_op(a: T, b: T) -> T { return a + b; }
fn q_pos(lane: u32, j: u32) -> u32 { return lane * Q_LEN + j; }
fn q_store(pos: u32, v: T) { dst[pos] = v; }
// @end

// @fused-prologue
fn q_value(pos: u32) -> T { return src[pos]; }
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

/** The chunk of workgroup \`wid\`: its lane and first element; false past the last chunk. */
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
`;
