// The one expression every platform smoke test evaluates on the BUILT package: a transposed
// view, a broadcast against a row and a reduction, so the graph, views, broadcasting and the
// js backend are all exercised. Plain JavaScript so a browser can load it untranspiled.

/** np.array([[1,2,3],[4,5,6]]).T = [[1,4],[2,5],[3,6]]; + [10,20] then summed over axis 0. */
const EXPECTED = { backend: 'js', shape: [2], dtype: 'float64', values: [36, 75] };
const DESCRIPTION = 'array([[1,2,3],[4,5,6]]).T.add([10,20]).sum(axis 0)';

/** Runs the expression with the given `quiver` module; says what it got and what is wrong. */
export async function runSmoke({ init, backend, np }) {
  await init();
  const result = np.array([[1, 2, 3], [4, 5, 6]]).T.add(np.array([10, 20])).sum({ axis: 0 });
  const got = { backend: backend(), shape: result.shape, dtype: result.dtype, values: Array.from(await result.data()) };
  const problems = Object.keys(EXPECTED)
    .filter((k) => JSON.stringify(got[k]) !== JSON.stringify(EXPECTED[k]))
    .map((k) => `${k}: got ${JSON.stringify(got[k])}, expected ${JSON.stringify(EXPECTED[k])}`);
  return { description: DESCRIPTION, got, problems };
}

/** Informational only: whether this runtime offers a WebGPU adapter (bounded wait). */
export async function describeGpu() {
  if (!globalThis.navigator?.gpu) return 'navigator.gpu absent';
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), 10_000)));
  const adapter = await Promise.race([navigator.gpu.requestAdapter().catch((e) => `error ${e}`), timeout]);
  clearTimeout(timer); // a pending timer would keep Deno alive for the full wait
  if (adapter === null || typeof adapter === 'string') return `navigator.gpu present, no adapter (${adapter ?? 'null'})`;
  const { vendor, architecture, description } = adapter.info ?? {};
  return `navigator.gpu adapter present (${[vendor, architecture, description].filter(Boolean).join(', ')})`;
}
