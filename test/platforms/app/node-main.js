// Node runs the installed package by its name, as an app depending on it would.
import * as quiver from 'quiverjs';
import { arrowRoundTrip, runSmoke } from './smoke.js';

const { cases, lines, problems } = await runSmoke(quiver, { requireWebGpu: process.env.QUIVER_REQUIRE_WEBGPU === '1' });
const arrowProblem = await arrowRoundTrip(quiver);
if (arrowProblem) problems.push(arrowProblem);
for (const line of lines) console.log(line);
for (const p of problems) console.log(`FAIL ${p}`);
console.log(`${cases} cases on js, wasm and webgpu, and an Arrow round trip; ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
