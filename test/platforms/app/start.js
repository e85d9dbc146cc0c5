// The browser app both bundlers build from the installed package: the smoke cases on every
// backend, then the first use of Arrow, which must fetch a script the page had not loaded
// (apache-arrow's chunk, imported on first use). run.mjs waits for window.smokeResult.
import * as quiver from 'quiverjs';
import { arrowRoundTrip, describeGpu, runSmoke } from './smoke.js';

// Vite's dev server adds a ?v= query to module URLs: compare paths.
const scripts = () => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.endsWith('.js'));

export async function start(initOptions) {
  const requireWebGpu = new URLSearchParams(location.search).get('requireWebGpu') === '1';
  let result;
  try {
    result = await runSmoke(quiver, { requireWebGpu, initOptions });
    const before = scripts();
    const arrowProblem = await arrowRoundTrip(quiver);
    const fetched = scripts().filter((n) => !before.includes(n));
    if (arrowProblem) result.problems.push(arrowProblem);
    if (fetched.length === 0) result.problems.push('arrow: no script was fetched on first use (apache-arrow is in the main bundle)');
    result.lines.push(`arrow: a frame to a Table and back; first use fetched ${fetched.map((n) => n.split('/').pop()).join(', ')}`);
  } catch (err) {
    result = { cases: 0, lines: [], problems: [`start: ${err?.stack ?? err}`] };
  }
  window.smokeResult = { ...result, gpu: await describeGpu(), isolated: self.crossOriginIsolated };
}
