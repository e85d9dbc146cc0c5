// Generated from shaders/sort.wgsl by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.
export const sort = `// Stable sort / argsort template: LSD radix sort with 4-bit digits, one sort per lane (a
// line along the sorted axis). src/backend/webgpu/wgsl/sort.ts replaces the body of each
// region between \`// @name\` and \`// @end\`; as written here (ascending f32 rows of a
// 4 x 1000 matrix, one digit pass) the file is valid WGSL on its own.
//
// \`keys\` evaluates the fused prologue once per element and maps each value to an
// unsigned key whose order is NumPy's (NaN last, -0 equal to +0). Each digit pass is
// three dispatches over blocks of Q_BLOCK consecutive elements: \`hist*\` counts digits per
// block, \`offsets*\` turns the counts, digit by digit and block by block, into first
// destinations (one invocation per lane, or Q_SPLIT invocations of a workgroup for a
// long lane), and \`scatter*\` moves each block's elements in order. Walking blocks in
// order makes every pass stable, so equal keys keep their original order as NumPy's
// stable sort does. Keys and indices ping-pong between the two halves of their regions;
// nothing waits on another workgroup, and workgroup memory holds only WG words.
//
// No invocation loops more than a block's elements plus 16 times, or 2 x 16 x Q_BLOCKS /
// Q_SPLIT + Q_SPLIT times in \`offsets*\`: llvmpipe (Mesa's GLES adapter) ends an
// invocation's loops after 65,535 iterations in all, and one invocation walking a lane's
// 16 x Q_BLOCKS counts was cut short past 4,096 blocks (about a million elements),
// leaving the later counts unconverted (test/webgpu/sort-large.test.ts).
// All scratch lives in one buffer (keys and indices twice, value bits once, digit counts),
// so a sort binds three storage buffers: compatibility mode allows only four.

// @sizes
const WG: u32 = 64u;
const Q_LANES: u32 = 4u;
const Q_LEN: u32 = 1000u;
const Q_BLOCK: u32 = 256u;
const Q_BLOCKS: u32 = 4u;
const Q_SPLIT: u32 = 16u;
const Q_FINAL: u32 = 4000u;
// @end

const N: u32 = Q_LANES * Q_LEN;
const KEYS: u32 = 0u;
const IDX: u32 = 2u * N;
const VALS: u32 = 4u * N;
const COUNTS: u32 = 5u * N;

// @bindings
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> q_work: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
// @end

// @fused-prologue
alias T = f32;
fn q_value(lane: u32, j: u32) -> T { return src[lane * Q_LEN + j]; }
fn q_key(v: T) -> u32 {
  let b = bitcast<u32>(v);
  if ((b & 0x7fffffffu) > 0x7f800000u) { return 0xffffffffu; }
  if ((b << 1u) == 0u) { return 0x80000000u; }
  return select(b | 0x80000000u, ~b, (b >> 31u) != 0u);
}
// @end

// @fused-epilogue
fn q_store(lane: u32, j: u32, index: u32, v: T) { dst[lane * Q_LEN + j] = v; }
// @end

fn q_invocation(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.x + gid.y * (nwg.x * WG); }

@compute @workgroup_size(WG)
fn keys(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = q_invocation(gid, nwg);
  if (e >= N) { return; }
  let v = q_value(e / Q_LEN, e % Q_LEN);
  q_work[VALS + e] = bitcast<u32>(v);
  q_work[KEYS + e] = q_key(v);
  q_work[IDX + e] = e % Q_LEN;
}

/** Digit counts of block t (lane-major) for the digit at \`shift\`, reading the half starting at \`half\`. */
fn q_histogram(t: u32, shift: u32, half: u32) {
  if (t >= Q_LANES * Q_BLOCKS) { return; }
  let lane = t / Q_BLOCKS;
  let blk = t % Q_BLOCKS;
  var counts: array<u32, 16>;
  let end = min((blk + 1u) * Q_BLOCK, Q_LEN);
  for (var j = blk * Q_BLOCK; j < end; j++) {
    let d = (q_work[KEYS + half + lane * Q_LEN + j] >> shift) & 15u;
    counts[d] = counts[d] + 1u;
  }
  for (var d = 0u; d < 16u; d++) { q_work[COUNTS + (lane * 16u + d) * Q_BLOCKS + blk] = counts[d]; }
}

/**
 * Exclusive running count over (digit, block) of one lane, walked by one invocation:
 * where each block's first element of each digit goes. For lanes of few blocks (Q_SPLIT
 * 1), where a workgroup's barriers cost more than the walk: on SwiftShader they made
 * an argsort of 20,000 lanes of 16 elements take twice as long.
 */
fn q_lane_offsets(lane: u32) {
  if (lane >= Q_LANES) { return; }
  var run = 0u;
  for (var i = 0u; i < 16u * Q_BLOCKS; i++) {
    let c = q_work[COUNTS + lane * 16u * Q_BLOCKS + i];
    q_work[COUNTS + lane * 16u * Q_BLOCKS + i] = run;
    run = run + c;
  }
}

var<workgroup> q_part_sums: array<u32, WG>;

/**
 * q_lane_offsets shared by Q_SPLIT invocations (a power of two up to WG, so a lane never
 * straddles workgroups) for long lanes: of a lane's 16 x Q_BLOCKS counts, each sums a
 * contiguous part, the lane's first invocation turns the Q_SPLIT sums into part offsets,
 * then each writes its part's offsets. \`g\` is the workgroup's index in the grid. The
 * barriers are reached by every invocation: a missing lane only walks an empty part.
 */
fn q_shared_offsets(lid: u32, g: u32) {
  let lane = (g * WG + lid) / Q_SPLIT;
  let part = lid % Q_SPLIT;
  let total = 16u * Q_BLOCKS;
  let per = (total + Q_SPLIT - 1u) / Q_SPLIT;
  let base = COUNTS + lane * total;
  let first = min(part * per, total);
  let last = select(first, min(first + per, total), lane < Q_LANES);
  var sum = 0u;
  for (var i = first; i < last; i++) { sum = sum + q_work[base + i]; }
  q_part_sums[lid] = sum;
  workgroupBarrier();
  if (part == 0u) {
    var run = 0u;
    for (var k = lid; k < lid + Q_SPLIT; k++) {
      let c = q_part_sums[k];
      q_part_sums[k] = run;
      run = run + c;
    }
  }
  workgroupBarrier();
  var run = q_part_sums[lid];
  for (var i = first; i < last; i++) {
    let c = q_work[base + i];
    q_work[base + i] = run;
    run = run + c;
  }
}

fn q_scatter(t: u32, shift: u32, half: u32) {
  if (t >= Q_LANES * Q_BLOCKS) { return; }
  let lane = t / Q_BLOCKS;
  let blk = t % Q_BLOCKS;
  var next: array<u32, 16>;
  for (var d = 0u; d < 16u; d++) { next[d] = q_work[COUNTS + (lane * 16u + d) * Q_BLOCKS + blk]; }
  let to = N - half;
  let end = min((blk + 1u) * Q_BLOCK, Q_LEN);
  for (var j = blk * Q_BLOCK; j < end; j++) {
    let s = half + lane * Q_LEN + j;
    let key = q_work[KEYS + s];
    let d = (key >> shift) & 15u;
    let o = to + lane * Q_LEN + next[d];
    next[d] = next[d] + 1u;
    q_work[KEYS + o] = key;
    q_work[IDX + o] = q_work[IDX + s];
  }
}

@compute @workgroup_size(WG)
fn output(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = q_invocation(gid, nwg);
  if (e >= N) { return; }
  let lane = e / Q_LEN;
  let index = q_work[IDX + Q_FINAL + e];
  q_store(lane, e % Q_LEN, index, bitcast<T>(q_work[VALS + lane * Q_LEN + index]));
}

// @passes
@compute @workgroup_size(WG)
fn hist0(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { q_histogram(q_invocation(gid, nwg), 0u, 0u); }
@compute @workgroup_size(WG)
fn offsets0(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { q_shared_offsets(lid, wid.x + wid.y * nwg.x); }
@compute @workgroup_size(WG)
fn scatter0(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { q_scatter(q_invocation(gid, nwg), 0u, 0u); }
// @end
`;
