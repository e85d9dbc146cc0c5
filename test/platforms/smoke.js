// The cases every platform smoke test evaluates on the BUILT package, on each backend: the
// js reference, wasm (its threads) and webgpu. Each case's js result is the expected value
// (the js backend is pinned to NumPy by the Node suites); the other backends must agree
// within a float32 tolerance. Plain JavaScript so a browser can load it untranspiled.

/** Relative tolerance for float results: GPUs compute float32 transcendentals to a few ulp. */
const REL = 1e-5;

/** name -> (np) => NDArray. Covers views and broadcasting, every reduction, scans, matmul, sort and random. */
const CASES = {
  'transpose + broadcast + sum(axis 0)': (np) => np.array([[1, 2, 3], [4, 5, 6]]).T.add(np.array([10, 20])).sum({ axis: 0 }),
  'float32 sliced, flipped view * row, exp': (np) =>
    np.arange(0, 24, 1, 'float32').reshape([4, 6]).slice('1:, ::-2').mul(np.array([0.5, -1, 2], 'float32')).div(10).exp(),
  'float64 mixed expression': (np) => np.linspace(-3, 3, 1000).mul(1.5).sin().add(np.linspace(0, 1, 1000).sqrt()),
  'int32 mod and floorDiv': (np) => np.arange(-20, 20, 1, 'int32').mod(7).add(np.arange(-20, 20, 1, 'int32').floorDiv(3)),
  ...Object.fromEntries(
    ['sum', 'prod', 'mean', 'var', 'std', 'min', 'max', 'argmin', 'argmax', 'any', 'all'].map((r) => [
      `${r} over axis 1 and all (float32)`,
      (np) => np.stack([values(np, r, 1), values(np, r, null).reshape([1]).broadcastTo([5])]),
    ]),
  ),
  'cumsum and cumprod (float32, axis 0)': (np) =>
    np.concatenate([np.arange(1, 13, 1, 'float32').reshape([4, 3]).div(4).cumsum(0), np.arange(1, 13, 1, 'float32').reshape([4, 3]).div(4).cumprod(0)]),
  'matmul 16x24 @ 24x8 (float32)': (np) =>
    np.matmul(np.arange(0, 16 * 24, 1, 'float32').reshape([16, 24]).div(100).sin(), np.arange(0, 24 * 8, 1, 'float32').reshape([24, 8]).div(50).cos()),
  'sort and argsort with NaN and -0 (float32)': (np) => {
    const x = np.array([3, NaN, -0, 0, -Infinity, 2, 2, Infinity, -1, 5], 'float32');
    return np.concatenate([np.sort(x), np.argsort(x).astype('float32')]);
  },
  'Philox randomBits (uint32, exact)': (np) => np.randomBits([7, 11], [4096]),
};

/** A reduction of a 5x7 float32 array along axis 1 or (axis null) all of it, as float32. */
function values(np, reduction, axis) {
  const x = np.arange(0, 35, 1, 'float32').reshape([5, 7]).sub(17).div(3).cos().mul(4);
  const out = reduction.startsWith('arg') ? x[reduction](axis) : x[reduction](axis === null ? {} : { axis });
  return out.astype('float32');
}

const close = (got, want) =>
  got.length === want.length &&
  got.every((g, i) => Object.is(g, want[i]) || (Number.isNaN(g) && Number.isNaN(want[i])) || Math.abs(g - want[i]) <= REL * Math.max(1, Math.abs(want[i])));

/** Each case's values on the active backend, in case order; a thrown error becomes the case's problem. */
async function evaluateAll(np) {
  const out = {};
  for (const [name, build] of Object.entries(CASES)) {
    try {
      out[name] = Array.from(await build(np).data(), Number);
    } catch (err) {
      out[name] = `threw ${err?.message ?? err}`;
    }
  }
  return out;
}

/**
 * Runs the cases on js, then on each other backend that starts, against js's values.
 * `requireWebGpu` (CI sets QUIVER_REQUIRE_WEBGPU=1) makes a webgpu backend that cannot
 * start a failure instead of a note; `initOptions` go to every init() (e.g. a wasmUrl).
 * Returns one line per backend and the problems found.
 */
export async function runSmoke({ init, np, backendReport }, { requireWebGpu = false, initOptions = {} } = {}) {
  await init({ ...initOptions, backend: 'js' });
  const reference = await evaluateAll(np);
  const lines = [];
  const problems = Object.entries(reference)
    .filter(([, v]) => typeof v === 'string')
    .map(([name, v]) => `js: ${name}: ${v}`);
  for (const name of ['wasm', 'webgpu']) {
    try {
      await init({ ...initOptions, backend: name });
    } catch (err) {
      const line = `${name}: could not start: ${err.message}`;
      if (name === 'webgpu' && !requireWebGpu) lines.push(`${line} (not required here)`);
      else problems.push(line);
      continue;
    }
    const got = await evaluateAll(np);
    const bad = Object.keys(CASES).filter((c) => typeof got[c] === 'string' || typeof reference[c] === 'string' || !close(got[c], reference[c]));
    for (const c of bad) problems.push(`${name}: ${c}: got ${String(got[c]).slice(0, 200)}, js ${String(reference[c]).slice(0, 200)}`);
    lines.push(`${name}: ${Object.keys(CASES).length - bad.length}/${Object.keys(CASES).length} cases agree with js (${backendReport().description})`);
  }
  return { cases: Object.keys(CASES).length, lines, problems };
}

/**
 * A frame to an apache-arrow Table and back, on the js backend: the first use of Arrow,
 * which imports apache-arrow. Returns the problem, or undefined when the columns survive.
 */
export async function arrowRoundTrip({ init, Frame }) {
  await init({ backend: 'js' });
  const x = [1.5, -2, NaN];
  const s = ['a', null, 'c'];
  const table = await new Frame({ x: new Float64Array(x), s }).toArrow();
  const back = await Frame.fromArrow(table).toColumns();
  const same = table.numRows === 3 && Array.from(back.x).join() === x.join() && back.s.join() === s.join();
  return same ? undefined : `arrow round trip: got ${table.numRows} rows, x ${Array.from(back.x)}, s ${back.s}`;
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
