// Deno smoke test of the built package (run by run-deno.mjs after `npm run build`). Plain JS:
// tsc (npm run typecheck) knows neither Deno nor the untyped smoke.js.
import * as quiver from '../../dist/index.js';
import { describeGpu, runSmoke } from './smoke.js';

console.log(`deno smoke: ${await describeGpu()}`);
const { cases, lines, problems } = await runSmoke(quiver, { requireWebGpu: Deno.env.get('QUIVER_REQUIRE_WEBGPU') === '1' });
for (const line of lines) console.log(`deno smoke: ${line}`);
for (const p of problems) console.log(`deno smoke: FAIL ${p}`);
console.log(`deno smoke: ${cases} cases on js, wasm and webgpu; ${problems.length} problems`);
Deno.exit(problems.length === 0 ? 0 : 1);
