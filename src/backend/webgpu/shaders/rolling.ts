// Generated from shaders/rolling.wgsl by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.
export const rolling = `// Rolling-window statistic template (sum, mean, var, std, min, max with pandas' semantics;
// the js reference is src/backend/js/rolling.ts). src/backend/webgpu/wgsl/rolling.ts replaces
// the body of each region between \`// @name\` and \`// @end\`; as written here (a rolling
// std of window 63 down the columns of a 1024 x 64 f32 matrix) the file is valid WGSL.
//
// One invocation per lane (a line along the window axis) walks it in order, keeping the
// window's counts and the sums of its (shifted) finite values and their squares, each
// with a TwoSum error companion: a value is added as it enters the window and
// subtracted as it leaves. Variances first shift the lane by the mean of its finite
// values (a second walk), which removes the cancellation a large level would cause.
// Min and max (entry \`extreme\`) keep a monotonic deque of row indices per lane instead,
// a ring of R_CAP = window + 1 entries in r_deques. NaN and the infinities are told apart
// by their bits: WGSL's float comparisons need not honour them.

// @sizes
const WG: u32 = 64u;
const R_LANES: u32 = 64u;
const R_LEN: u32 = 1024u;
const R_WINDOW: u32 = 63u;
const R_MIN_PERIODS: u32 = 63u;
const R_DDOF: f32 = 1.0f;
// The statistics' codes come from src/backend/webgpu/wgsl/rolling.ts; R_STAT is this kernel's.
const R_SUM: u32 = 0u;
const R_MEAN: u32 = 1u;
const R_VAR: u32 = 2u;
const R_STD: u32 = 3u;
const R_MIN: u32 = 4u;
const R_MAX: u32 = 5u;
const R_STAT: u32 = 3u;
const R_CAP: u32 = 64u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> r_deques: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
// @end

// @op
fn r_pos(lane: u32, j: u32) -> u32 { return j * R_LANES + lane; }
fn r_store(pos: u32, v: f32) { dst[pos] = v; }
// @end

// @fused-prologue
fn r_value(pos: u32) -> f32 { return src[pos]; }
// @end

const R_NAN: u32 = 0x7fc00000u;
const R_POS_INF: u32 = 0x7f800000u;
const R_NEG_INF: u32 = 0xff800000u;

/** A float from its bits, through a call: a constant bitcast to NaN or Inf does not compile. */
fn r_f32(bits: u32) -> f32 { return bitcast<f32>(bits); }

/** The window of one lane: counts of non-NaN values and of each infinity, compensated sums. */
struct Window {
  present: i32,
  pos_inf: i32,
  neg_inf: i32,
  sum: f32,
  sum_err: f32,
  sq: f32,
  sq_err: f32,
}

/** (s + v, its exact rounding error): Knuth's TwoSum. */
fn r_two_sum(s: f32, v: f32) -> vec2<f32> {
  let t = s + v;
  let vv = t - s;
  return vec2<f32>(t, (s - (t - vv)) + (v - vv));
}

/** w with v added (sign 1) or taken out (sign -1). */
fn r_update(w0: Window, v: f32, sign: i32, shift: f32) -> Window {
  var w = w0;
  let bits = bitcast<u32>(v);
  let magnitude = bits & 0x7fffffffu;
  if (magnitude > R_POS_INF) { return w; }
  w.present += sign;
  if (bits == R_POS_INF) {
    w.pos_inf += sign;
  } else if (bits == R_NEG_INF) {
    w.neg_inf += sign;
  } else {
    let y = f32(sign) * (v - shift);
    let s = r_two_sum(w.sum, y);
    w.sum = s.x;
    w.sum_err += s.y;
    if (R_STAT >= R_VAR) {
      let q = r_two_sum(w.sq, f32(sign) * (y * y));
      w.sq = q.x;
      w.sq_err += q.y;
    }
  }
  return w;
}

fn r_statistic(w: Window) -> f32 {
  if (u32(w.present) < R_MIN_PERIODS) { return r_f32(R_NAN); }
  let finite = w.present - w.pos_inf - w.neg_inf;
  // An empty window sums to exactly 0, whatever the compensated sums carry.
  let sum = select(w.sum + w.sum_err, 0.0f, finite == 0);
  if (R_STAT < R_VAR) {
    var total = sum;
    if (w.pos_inf > 0 && w.neg_inf > 0) { return r_f32(R_NAN); }
    if (w.pos_inf > 0) { total = r_f32(R_POS_INF); }
    if (w.neg_inf > 0) { total = r_f32(R_NEG_INF); }
    if (R_STAT == R_SUM) { return total; }
    // A mean of nothing (minPeriods 0) is NaN.
    if (w.present == 0) { return r_f32(R_NAN); }
    return total / f32(w.present);
  }
  if (f32(finite) <= R_DDOF || w.pos_inf + w.neg_inf > 0) { return r_f32(R_NAN); }
  let n = f32(finite);
  let variance = max((w.sq + w.sq_err) - sum * sum / n, 0.0f) / (n - R_DDOF);
  return select(variance, sqrt(variance), R_STAT == R_STD);
}

@compute @workgroup_size(WG)
fn rolling(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = gid.x + gid.y * (nwg.x * WG);
  if (lane >= R_LANES) { return; }
  var shift = 0.0f;
  if (R_STAT >= R_VAR) {
    var total = 0.0f;
    var count = 0u;
    for (var j = 0u; j < R_LEN; j++) {
      let v = r_value(r_pos(lane, j));
      if ((bitcast<u32>(v) & 0x7fffffffu) < R_POS_INF) {
        total += v;
        count++;
      }
    }
    shift = total / f32(max(count, 1u));
  }
  var w = Window(0, 0, 0, 0.0f, 0.0f, 0.0f, 0.0f);
  for (var j = 0u; j < R_LEN; j++) {
    let pos = r_pos(lane, j);
    w = r_update(w, r_value(pos), 1, shift);
    if (j >= R_WINDOW) { w = r_update(w, r_value(r_pos(lane, j - R_WINDOW)), -1, shift); }
    r_store(pos, r_statistic(w));
  }
}

fn r_isnan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > R_POS_INF; }

/** a strictly better than b: greater for max, less for min. */
fn r_better(a: f32, b: f32) -> bool { return select((a < b), (a > b), R_STAT == R_MAX); }

@compute @workgroup_size(WG)
fn extreme(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = gid.x + gid.y * (nwg.x * WG);
  if (lane >= R_LANES) { return; }
  let base = lane * R_CAP;
  var head = 0u;
  var tail = 0u;
  var valid = 0u;
  for (var j = 0u; j < R_LEN; j++) {
    let pos = r_pos(lane, j);
    let v = r_value(pos);
    if (!r_isnan(v)) {
      valid++;
      // Entries no better than v can never be the window's extreme again.
      loop {
        if (tail <= head) { break; }
        if (r_better(r_value(r_pos(lane, r_deques[base + (tail - 1u) % R_CAP])), v)) { break; }
        tail--;
      }
      r_deques[base + tail % R_CAP] = j;
      tail++;
    }
    if (j >= R_WINDOW) {
      let leaving = j - R_WINDOW;
      if (!r_isnan(r_value(r_pos(lane, leaving)))) { valid--; }
      if (tail > head && r_deques[base + head % R_CAP] == leaving) { head++; }
    }
    var result = r_f32(R_NAN);
    if (valid > 0u && valid >= R_MIN_PERIODS) { result = r_value(r_pos(lane, r_deques[base + head % R_CAP])); }
    r_store(pos, result);
  }
}
`;
