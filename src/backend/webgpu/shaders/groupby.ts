// Generated from shaders/groupby.wgsl by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.
export const groupby = `// groupAgg template: per-group statistics by sorting rows by group code, then folding
// each group's rows in row order. src/backend/webgpu/wgsl/group-agg.ts replaces the body
// of each region between \`// @name\` and \`// @end\`; as written here (size and sum of 1000
// f32 values in 7 groups, one digit pass) the file is valid WGSL on its own.
//
// \`keys\` evaluates the codes' fused prologue once per row; a row in no group (code -1)
// gets key Q_GROUPS, past every group. The digit passes are sort.wgsl's stable LSD radix
// sort with 4-bit digits on a single lane (\`hist*\` counts digits per block of Q_BLOCK
// rows, \`offsets*\` (one workgroup) turns the counts into first destinations, \`scatter*\`
// moves each block's rows in order), over only the bits a key up to Q_GROUPS has.
// Stability keeps each group's rows in row order, so the folds see them as the reference
// does: ties go to the first row, first/last are the first/last non-NaN rows.
//
// The sorted rows are then cut into tiles of Q_TILE. \`segments\` (one invocation per tile)
// walks its tile's runs of equal keys: a group inside the tile is finished there
// (q_segment with part NONE); a group crossing the tile's start or end leaves a partial
// state (part 2t + 1 for the tile where it starts, 2t where it continues). \`merge\` (one
// invocation per group, its rows found by binary search) combines a crossing group's
// partials in tile order and writes empty groups. m2 is two-pass, as the reference: a
// group finished in its tile walks its rows again around its mean; a crossing group's
// mean is stored by \`merge\`, then \`deviations\` and \`merge_deviations\` repeat the pattern.
// No invocation loops over more than a tile's rows (a few times) or a group's tiles (at
// most 8,192 per column): llvmpipe (the GLES adapter) ends an invocation's loops after
// 65,535 iterations in all. Nothing waits on another workgroup,
// no atomics are used and workgroup memory only for WG words (compatibility mode), and
// results are deterministic.
//
// Sums add in a three-level cascade (runs of 128, then of 128 runs), so a group of
// millions of rows is a few hundred roundings deep instead of millions: close to pairwise
// summation without a stack, and not undone by compilers that reassociate.

// @sizes
const WG: u32 = 64u;
const Q_ROWS: u32 = 1000u;
const Q_GROUPS: u32 = 7u;
const Q_BLOCK: u32 = 256u;
const Q_BLOCKS: u32 = 4u;
const Q_FINAL: u32 = 1000u;
const Q_TILE: u32 = 256u;
const Q_TILES: u32 = 4u;
// @end

const KEYS: u32 = 0u;
const IDX: u32 = 2u * Q_ROWS;
const COUNTS: u32 = 4u * Q_ROWS;
const PARTS: u32 = COUNTS + 16u * Q_BLOCKS;
const NONE: u32 = 0xffffffffu;

// @bindings
@group(0) @binding(0) var<storage, read> codes: array<i32>;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> q_work: array<u32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
// @end

/** A sum in three levels: s0 takes values, s1 takes s0 every 128 values, s2 takes s1 every 128 runs. */
struct Cascade { s0: f32, s1: f32, s2: f32, n: u32 }

fn q_add(s: ptr<function, Cascade>, x: f32) {
  (*s).s0 = (*s).s0 + x;
  (*s).n = (*s).n + 1u;
  if (((*s).n & 127u) == 0u) {
    (*s).s1 = (*s).s1 + (*s).s0;
    (*s).s0 = 0.0f;
    if (((*s).n & 16383u) == 0u) {
      (*s).s2 = (*s).s2 + (*s).s1;
      (*s).s1 = 0.0f;
    }
  }
}

fn q_total(s: Cascade) -> f32 { return s.s2 + (s.s1 + s.s0); }

/** The original row at sorted position e. */
fn q_row(e: u32) -> u32 { return q_work[IDX + Q_FINAL + e]; }

// @fused-prologue
fn q_code(row: u32) -> i32 { return codes[row]; }
// @end

// @statistics
const SUM_PARTS: u32 = PARTS;
fn q_sum(start: u32, end: u32) -> f32 {
  var sum: Cascade;
  for (var e = start; e < end; e++) {
    let v = src[q_row(e)];
    if (v == v) { q_add(&sum, v); }
  }
  return q_total(sum);
}
fn q_segment(g: u32, start: u32, end: u32, part: u32) {
  let sum = q_sum(start, end);
  if (part == NONE) {
    dst[g] = f32(end - start);
    dst[Q_GROUPS + g] = sum;
  } else {
    q_work[SUM_PARTS + part] = bitcast<u32>(sum);
  }
}
fn q_merge(g: u32, start: u32, end: u32) {
  var sum: Cascade;
  q_add(&sum, bitcast<f32>(q_work[SUM_PARTS + 2u * (start / Q_TILE) + 1u]));
  for (var t = start / Q_TILE + 1u; t <= (end - 1u) / Q_TILE; t++) { q_add(&sum, bitcast<f32>(q_work[SUM_PARTS + 2u * t])); }
  dst[g] = f32(end - start);
  dst[Q_GROUPS + g] = q_total(sum);
}
fn q_deviations(g: u32, start: u32, end: u32, part: u32) {}
fn q_merge_deviations(g: u32, start: u32, end: u32) {}
// @end

fn q_invocation(gid: vec3<u32>, nwg: vec3<u32>) -> u32 { return gid.x + gid.y * (nwg.x * WG); }

@compute @workgroup_size(WG)
fn keys(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = q_invocation(gid, nwg);
  if (e >= Q_ROWS) { return; }
  let c = q_code(e);
  q_work[KEYS + e] = select(min(u32(c), Q_GROUPS), Q_GROUPS, c < 0i);
  q_work[IDX + e] = e;
}

/** Digit counts of block t for the digit at \`shift\`, reading the half starting at \`half\`. */
fn q_histogram(t: u32, shift: u32, half: u32) {
  if (t >= Q_BLOCKS) { return; }
  var counts: array<u32, 16>;
  let end = min((t + 1u) * Q_BLOCK, Q_ROWS);
  for (var j = t * Q_BLOCK; j < end; j++) {
    let d = (q_work[KEYS + half + j] >> shift) & 15u;
    counts[d] = counts[d] + 1u;
  }
  for (var d = 0u; d < 16u; d++) { q_work[COUNTS + d * Q_BLOCKS + t] = counts[d]; }
}

var<workgroup> q_chunk_sums: array<u32, WG>;

/**
 * Exclusive running count over (digit, block): where each block's first row of each digit
 * goes. One workgroup: each invocation sums a contiguous chunk, invocation 0 turns the WG
 * chunk sums into chunk offsets, then each invocation writes its chunk's offsets. A
 * serial walk of all 16 x Q_BLOCKS counts would be the longest step of the sort on a
 * GPU, and past 4,096 blocks it would outrun llvmpipe's 65,535 loop iterations.
 */
fn q_offsets(lid: u32) {
  let total = 16u * Q_BLOCKS;
  let per = (total + WG - 1u) / WG;
  let first = min(lid * per, total);
  let last = min(first + per, total);
  var sum = 0u;
  for (var i = first; i < last; i++) { sum = sum + q_work[COUNTS + i]; }
  q_chunk_sums[lid] = sum;
  workgroupBarrier();
  if (lid == 0u) {
    var run = 0u;
    for (var j = 0u; j < WG; j++) {
      let c = q_chunk_sums[j];
      q_chunk_sums[j] = run;
      run = run + c;
    }
  }
  workgroupBarrier();
  var run = q_chunk_sums[lid];
  for (var i = first; i < last; i++) {
    let c = q_work[COUNTS + i];
    q_work[COUNTS + i] = run;
    run = run + c;
  }
}

fn q_scatter(t: u32, shift: u32, half: u32) {
  if (t >= Q_BLOCKS) { return; }
  var next: array<u32, 16>;
  for (var d = 0u; d < 16u; d++) { next[d] = q_work[COUNTS + d * Q_BLOCKS + t]; }
  let to = Q_ROWS - half;
  let end = min((t + 1u) * Q_BLOCK, Q_ROWS);
  for (var j = t * Q_BLOCK; j < end; j++) {
    let key = q_work[KEYS + half + j];
    let d = (key >> shift) & 15u;
    let o = to + next[d];
    next[d] = next[d] + 1u;
    q_work[KEYS + o] = key;
    q_work[IDX + o] = q_work[IDX + half + j];
  }
}

/** The first sorted position whose key is at least \`key\`. */
fn q_lower_bound(key: u32) -> u32 {
  var lo = 0u;
  var hi = Q_ROWS;
  while (lo < hi) {
    let mid = lo + (hi - lo) / 2u;
    if (q_work[KEYS + Q_FINAL + mid] < key) { lo = mid + 1u; } else { hi = mid; }
  }
  return lo;
}

/**
 * Calls q_segment (\`deviations\`: q_deviations, crossing groups only) for each run of
 * equal keys in tile t: part NONE for a group inside the tile, else the index of the
 * partial state it leaves.
 */
fn q_walk(t: u32, deviations: bool) {
  if (t >= Q_TILES) { return; }
  let first = t * Q_TILE;
  let last = min(first + Q_TILE, Q_ROWS);
  var start = first;
  while (start < last) {
    let key = q_work[KEYS + Q_FINAL + start];
    if (key >= Q_GROUPS) { return; }
    var end = start + 1u;
    while (end < last && q_work[KEYS + Q_FINAL + end] == key) { end++; }
    let before = start == first && start > 0u && q_work[KEYS + Q_FINAL + start - 1u] == key;
    let after = end == last && end < Q_ROWS && q_work[KEYS + Q_FINAL + end] == key;
    let part = select(select(NONE, 2u * t + 1u, after), 2u * t, before);
    if (!deviations) { q_segment(key, start, end, part); } else if (part != NONE) { q_deviations(key, start, end, part); }
    start = end;
  }
}

/** Whether group g's sorted rows [start, end) lie in more than one tile (so left partial states). */
fn q_crosses(start: u32, end: u32) -> bool { return start < end && start / Q_TILE < (end - 1u) / Q_TILE; }

@compute @workgroup_size(WG)
fn segments(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { q_walk(q_invocation(gid, nwg), false); }

@compute @workgroup_size(WG)
fn merge(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = q_invocation(gid, nwg);
  if (g >= Q_GROUPS) { return; }
  let start = q_lower_bound(g);
  let end = q_lower_bound(g + 1u);
  if (start == end) { q_segment(g, start, end, NONE); }
  if (q_crosses(start, end)) { q_merge(g, start, end); }
}

@compute @workgroup_size(WG)
fn deviations(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { q_walk(q_invocation(gid, nwg), true); }

@compute @workgroup_size(WG)
fn merge_deviations(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = q_invocation(gid, nwg);
  if (g >= Q_GROUPS) { return; }
  let start = q_lower_bound(g);
  let end = q_lower_bound(g + 1u);
  if (q_crosses(start, end)) { q_merge_deviations(g, start, end); }
}

// @passes
@compute @workgroup_size(WG)
fn hist0(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { q_histogram(q_invocation(gid, nwg), 0u, 0u); }
@compute @workgroup_size(WG)
fn offsets0(@builtin(local_invocation_index) lid: u32) { q_offsets(lid); }
@compute @workgroup_size(WG)
fn scatter0(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) { q_scatter(q_invocation(gid, nwg), 0u, 0u); }
// @end
`;
