// Exponentially weighted statistic template (mean, var, std with pandas' semantics; the js
// reference is src/backend/js/ewm.ts). src/backend/webgpu/wgsl/ewm.ts replaces the body of
// each region between `// @name` and `// @end`; as written here (an ewm std with α = 0.06
// down the columns of a 1024 x 64 f32 matrix) the file is valid WGSL.
//
// One invocation per lane (a line along the axis) runs pandas' ewma / ewmcov loop over it
// in float32: the first non-NaN entry starts the mean; each later step decays the weight
// of the past (a NaN position too, unless ignore_na) and each observation is a weighted
// Welford update of the mean and the second moment, with the running Σw and Σw² the
// unbiased variance needs. NaN is told by its bits: WGSL's float comparisons need not
// honour it. The recursion forgets old rounding, so float32 stays a few ulps of the data.

// @sizes
const WG: u32 = 64u;
const E_LANES: u32 = 64u;
const E_LEN: u32 = 1024u;
const E_MIN_PERIODS: u32 = 1u;
// 1 - α rounded to float32 and its float32 square; the new entry's weight (1 with adjust, else α).
const E_DECAY: f32 = 0.94f;
const E_DECAY2: f32 = 0.8836f;
const E_NEW_WEIGHT: f32 = 1.0f;
const E_ADJUST: bool = true;
const E_IGNORE_NA: bool = false;
const E_BIAS: bool = false;
// 0 mean, 1 var, 2 std.
// The statistics' codes come from src/backend/webgpu/wgsl/ewm.ts; E_STAT is this kernel's.
const E_MEAN: u32 = 0u;
const E_VAR: u32 = 1u;
const E_STD: u32 = 2u;
const E_STAT: u32 = 2u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
// @end

// @op
fn e_pos(lane: u32, j: u32) -> u32 { return j * E_LANES + lane; }
fn e_store(pos: u32, v: f32) { dst[pos] = v; }
// @end

// @fused-prologue
fn e_value(pos: u32) -> f32 { return src[pos]; }
// @end

const E_NAN: u32 = 0x7fc00000u;

/** A float from its bits, through a call: a constant bitcast to NaN does not compile. */
fn e_f32(bits: u32) -> f32 { return bitcast<f32>(bits); }

fn e_isnan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }

/** The variance (E_VAR) or its square root (E_STD) from the moment and the weight sums. */
fn e_spread(moment: f32, sum_w: f32, sum_w2: f32) -> f32 {
  var variance = moment;
  if (!E_BIAS) {
    let num = sum_w * sum_w;
    let den = num - sum_w2;
    if (!(den > 0.0f)) { return e_f32(E_NAN); }
    variance = (num / den) * moment;
  }
  if (E_STAT == E_VAR || e_isnan(variance)) { return variance; }
  return sqrt(max(variance, 0.0f));
}

@compute @workgroup_size(WG)
fn ewm(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lane = gid.x + gid.y * (nwg.x * WG);
  if (lane >= E_LANES) { return; }
  var mean = e_f32(E_NAN);
  var nobs = 0u;
  var moment = 0.0f;
  var sum_w = 1.0f;
  var sum_w2 = 1.0f;
  var old_weight = 1.0f;
  for (var j = 0u; j < E_LEN; j++) {
    let pos = e_pos(lane, j);
    let v = e_value(pos);
    let observed = !e_isnan(v);
    if (observed) { nobs++; }
    if (!e_isnan(mean)) {
      if (observed || !E_IGNORE_NA) {
        sum_w *= E_DECAY;
        sum_w2 *= E_DECAY2;
        old_weight *= E_DECAY;
        if (observed) {
          let old_mean = mean;
          // An equal value keeps the mean as it is: a constant series stays exactly constant.
          if (mean != v) { mean = (old_weight * old_mean + E_NEW_WEIGHT * v) / (old_weight + E_NEW_WEIGHT); }
          let d = old_mean - mean;
          moment = (old_weight * (moment + d * d) + E_NEW_WEIGHT * (v - mean) * (v - mean)) / (old_weight + E_NEW_WEIGHT);
          sum_w += E_NEW_WEIGHT;
          sum_w2 += E_NEW_WEIGHT * E_NEW_WEIGHT;
          old_weight += E_NEW_WEIGHT;
          if (!E_ADJUST) {
            sum_w /= old_weight;
            sum_w2 /= old_weight * old_weight;
            old_weight = 1.0f;
          }
        }
      }
    } else if (observed) {
      mean = v;
    }
    var result = e_f32(E_NAN);
    if (nobs >= E_MIN_PERIODS) { result = select(e_spread(moment, sum_w, sum_w2), mean, E_STAT == E_MEAN); }
    e_store(pos, result);
  }
}
