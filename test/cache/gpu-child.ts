/**
 * Run by gpu.test.ts with SwiftShader's Vulkan driver: the gpu tier's budget reaches the
 * webgpu backend's pool, np.memory() reports its buffers, and after device.destroy()
 * a dropped intermediate is recomputed from its lineage with the same values.
 * Prints one JSON line.
 */
import { init, np } from '../../src/index.js';
import type { WebGpuBackend } from '../../src/backend/webgpu/index.js';
import { activeBackend } from '../../src/runtime/init.js';
import { realizedOf } from '../../src/runtime/node-state.js';

await init({ backend: 'webgpu', memory: { gpu: '64MB', host: '4MB' } });
const x = np.array(Float32Array.from({ length: 65536 }, (_, i) => (i % 100) / 10));
const y = x.mul(2).add(1);
const before = Array.from(await y.data());
const gpu = np.memory().gpu;
// Enough persisted data to push y out of the 4 MiB host budget: it is dropped, not spilled.
const filler = [];
for (let i = 0; i < 20; i++) filler.push(await np.full([65536], i, 'float32').add(0.5).persist());
const dropped = realizedOf(y.node()) === undefined;
(activeBackend('test') as WebGpuBackend).dispose();
const after = Array.from(await y.data());
console.log(JSON.stringify({ gpu, dropped, same: JSON.stringify(before) === JSON.stringify(after), recomputes: np.memory().counters.recomputes }));
