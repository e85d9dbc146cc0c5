// Deno smoke test of the built package (run by run-deno.mjs after `npm run build`). Plain JS:
// tsc (npm run typecheck) knows neither Deno nor the untyped smoke.js.
import * as quiver from '../../dist/index.js';
import { describeGpu, runSmoke } from './smoke.js';

const { description, got, problems } = await runSmoke(quiver);
console.log(`deno smoke: ${await describeGpu()} (informational)`);
if (problems.length === 0) {
  console.log(`deno smoke: PASS ${description} = [${got.values}] (${got.dtype}, backend ${got.backend})`);
} else {
  console.log(`deno smoke: FAIL ${description}\n  ${problems.join('\n  ')}`);
  Deno.exit(1);
}
