import { sizeOf } from '../../../graph/shape.js';
import type { Load, OpaqueKernel } from '../../../kernel/program.js';
import { constantsOf } from '../../../kernel/constants.js';
import { emitBodyFunction } from './body.js';
import { convert } from './ops.js';
import { positionFunction } from './position.js';
import { grid, ShaderBuilder, type GpuKernel, type DeviceProfile, type PassSpec } from './shader.js';
import { splice } from '../templates.js';
import { KIND, WGSL_TYPE, type Kind } from './types.js';

/**
 * Elements one invocation walks per block in a radix pass. 256 keeps the per-block
 * digit counts (16 words each) at 1/16 of the keys, and a lane of a million elements
 * still spreads over 4,096 invocations.
 */
const BLOCK = 256;
/** One invocation per element for the passes that touch every element. */
const WG = 64;
/**
 * Digit counts one invocation of an `offsets` pass walks before more invocations share
 * the lane (up to WG, each walking its part twice). 256 keeps lanes of up to 4,096
 * elements on the barrier-free one-invocation path, which many short lanes need: the
 * workgroup path's barriers slowed an argsort of 20,000 lanes of 16 on SwiftShader
 * (bench/sort.bench.ts times sorts per backend). A long lane's serial walk is
 * 2 x 16 x blocks / WG + WG iterations; llvmpipe stops an invocation's loops after
 * 65,535 iterations, which that reaches at about 33M elements a lane, and llvmpipe's
 * 128 MiB storage binding caps the scratch (20 bytes an element) at 6.7M elements first:
 * past the device's binding a sort runs on the CPU (route.ts).
 */
const COUNTS_PER_INVOCATION = 256;

/** Keys whose unsigned order is NumPy's sort order for each kind (floats: NaN last, -0 equal to +0). */
const KEY: { [K in Kind]: string } = {
  f: `let b = bitcast<u32>(v);
  if ((b & 0x7fffffffu) > 0x7f800000u) { return 0xffffffffu; }
  if ((b << 1u) == 0u) { return 0x80000000u; }
  return select(b | 0x80000000u, ~b, (b >> 31u) != 0u);`,
  i: 'return bitcast<u32>(v) ^ 0x80000000u;',
  u: 'return v;',
  b: 'return v;',
};
/** Digit passes each kind needs: bool keys are one bit. */
const KEY_BITS: { [K in Kind]: number } = { f: 32, i: 32, u: 32, b: 1 };

/** sort / argsort along `axis` from shaders/sort.wgsl, the input's prologue spliced in. */
export function sortKernel(p: OpaqueKernel, random: readonly Load[], limits: DeviceProfile, template: string): GpuKernel {
  const b = new ShaderBuilder(random, constantsOf(p), limits);
  const shape = p.shape;
  const len = shape[p.axis]!;
  const n = sizeOf(shape);
  const lanes = len === 0 ? 0 : n / len;
  const blocks = Math.max(1, Math.ceil(len / BLOCK));
  let split = 1;
  while (split < WG && 16 * blocks > split * COUNTS_PER_INVOCATION) split *= 2;
  const input = p.inputs[0]!;
  const ref = p.refs[0]!;
  const vk = KIND[input.instrs[ref]!.dtype];
  const out = p.outputs[0]!;
  const passes = Math.ceil(KEY_BITS[vk] / 4);
  const prologue = emitBodyFunction('q_in', input, [ref], b);
  const others = shape.map((_, i) => i).filter((i) => i !== p.axis);
  b.scratch(0, 'q_work', 'u32');
  const target = b.slot(out.slot, out.dtype, true);
  const stored = p.op === 'sort' ? convert('v', vk, KIND[out.dtype], b.need) : convert('index', 'u', KIND[out.dtype], b.need);
  const entry = (name: string, call: string, args = '@builtin(global_invocation_id) gid: vec3<u32>') =>
    `@compute @workgroup_size(WG)\nfn ${name}(${args}, @builtin(num_workgroups) nwg: vec3<u32>) { ${call} }`;
  const digits = Array.from({ length: passes }, (_, d) => ({ shift: 4 * d, from: d % 2 === 0 ? 0 : n }));
  // An empty axis has no lanes (Q_LANES = 0, so N = 0 either way); a Q_LEN of 1 keeps the
  // template's `e / Q_LEN` a valid constant expression (WGSL rejects dividing by 0).
  const code = splice(template, {
    sizes: [`const WG: u32 = ${WG}u;`, `const Q_LANES: u32 = ${lanes}u;`, `const Q_LEN: u32 = ${Math.max(len, 1)}u;`, `const Q_BLOCK: u32 = ${BLOCK}u;`, `const Q_BLOCKS: u32 = ${blocks}u;`, `const Q_SPLIT: u32 = ${split}u;`, `const Q_FINAL: u32 = ${passes % 2 === 0 ? 0 : n}u;`].join('\n'),
    bindings: b.declarations(),
    'fused-prologue': [
      `alias T = ${WGSL_TYPE[vk]};`,
      positionFunction('q_pos', shape, others, [p.axis]),
      prologue,
      `fn q_value(lane: u32, j: u32) -> T { return q_in(q_pos(lane, j)).v${ref}; }`,
      `fn q_key(v: T) -> u32 {\n  ${KEY[vk]}\n}`,
    ].join('\n'),
    'fused-epilogue': `fn q_store(lane: u32, j: u32, index: u32, v: T) { ${target}[q_pos(lane, j)] = ${stored}; }`,
    passes: digits
      .flatMap(({ shift, from }, d) => [
        entry(`hist${d}`, `q_histogram(q_invocation(gid, nwg), ${shift}u, ${from}u);`),
        split === 1
          ? entry(`offsets${d}`, 'q_lane_offsets(q_invocation(gid, nwg));')
          : entry(`offsets${d}`, 'q_shared_offsets(lid, wid.x + wid.y * nwg.x);', '@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>'),
        entry(`scatter${d}`, `q_scatter(q_invocation(gid, nwg), ${shift}u, ${from}u);`),
      ])
      .join('\n'),
  });
  const perElement = grid(Math.ceil(n / WG), limits);
  const perBlock = grid(Math.ceil((lanes * blocks) / WG), limits);
  const perLane = grid(Math.ceil((lanes * split) / WG), limits);
  const specs: PassSpec[] = [
    { entry: 'keys', dispatch: perElement },
    ...digits.flatMap((_, d) => [
      { entry: `hist${d}`, dispatch: perBlock },
      { entry: `offsets${d}`, dispatch: perLane },
      { entry: `scatter${d}`, dispatch: perBlock },
    ]),
    { entry: 'output', dispatch: perElement },
  ];
  const words = Math.max(1, n);
  return {
    label: p.op,
    code,
    bindings: b.bindings(),
    status: b.status,
    passes: specs,
    // Keys and indices (twice each: ping-pong), value bits, then digit counts.
    scratch: [(5 * words + Math.max(1, lanes * 16 * blocks)) * 4],
  };
}
