// Deno runs the installed package through an npm: specifier, resolved from the local node_modules.
import * as quiver from 'npm:quiverjs';
import { arrowRoundTrip, describeGpu, runSmoke } from './smoke.js';

console.log(await describeGpu());
const { cases, lines, problems } = await runSmoke(quiver, { requireWebGpu: Deno.env.get('QUIVER_REQUIRE_WEBGPU') === '1' });
const arrowProblem = await arrowRoundTrip(quiver);
if (arrowProblem) problems.push(arrowProblem);
for (const line of lines) console.log(line);
for (const p of problems) console.log(`FAIL ${p}`);
console.log(`${cases} cases on js, wasm and webgpu, and an Arrow round trip; ${problems.length} problems`);
Deno.exit(problems.length === 0 ? 0 : 1);
