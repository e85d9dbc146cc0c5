// Generated from shaders/reduce.wgsl by scripts/gen-shaders.ts (npm run build): edit the .wgsl, not this file.
export const reduce = `// Reduction template. src/backend/webgpu/wgsl/reduce.ts replaces the body of each region
// between \`// @name\` and \`// @end\` with generated code; as written here (a row sum of a
// 4 x 1024 f32 matrix) the file is valid WGSL on its own.
//
// Output o reduces a run of Q_RUN elements into a State (one field per fused reduction).
// - \`direct\`: one invocation per output folds its run in order. Used for short runs, or
//   when there are enough outputs to occupy the device.
// - \`partials\` then \`finish\`: each workgroup folds one Q_CHUNK-element chunk of one output.
//   Its invocations fold a strided share each; in workgroup memory Q_GROUPS invocations
//   then combine Q_PER states each and one invocation combines those, and one state per
//   chunk is written. Two barriers, none in a loop: SwiftShader compiles each barrier as
//   a coroutine split, and a halving tree (8 barriers in a loop) made the shader far
//   slower to compile. \`finish\` combines each output's chunk states in chunk order, so the
//   result never depends on scheduling, and runs the fused epilogue. No invocation waits
//   on another workgroup.
// - \`q_workgroup\` is the intra-workgroup step of \`partials\`: the shared-memory tree below
//   (\`q_tree\`), or on adapters with the \`subgroups\` feature a subgroup variant that
//   wgsl/reduce-subgroups.ts splices in together with \`enable subgroups;\`.

// @enable
// @end

// @sizes
const WG: u32 = 64u;
const Q_OUTPUTS: u32 = 4u;
const Q_RUN: u32 = 1024u;
const Q_CHUNK: u32 = 512u;
const Q_CHUNKS: u32 = 2u;
const Q_GROUPS: u32 = 8u;
const Q_PER: u32 = 8u;
// @end

// @bindings
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> q_partials: array<State>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
// @end

// @state
struct State { sum: f32 }
fn q_identity() -> State { return State(0.0f); }
fn q_combine(a: State, b: State) -> State { return State(a.sum + b.sum); }
// @end

// @fused-prologue
fn q_fold(s: State, o: u32, r: u32) -> State { return State(s.sum + src[o * Q_RUN + r]); }
// @end

// @fused-epilogue
fn q_epilogue(o: u32, s: State) { dst[o] = s.sum; }
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
`;
