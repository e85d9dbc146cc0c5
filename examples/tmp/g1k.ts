import { Frame, init } from '../../src/index.js';
await init({ backend: 'wasm', threads: Number(process.env.T ?? 2) });
const n = 10_000_000, card = Number(process.argv[2] ?? 1000);
let s = 1;
const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return (s >>> 0) / 4294967296; };
const k = new Int32Array(n), x = new Float64Array(n);
const cdf = new Float64Array(card); for (let r = 0, t = 0; r < card; r++) cdf[r] = t += 1 / (r + 1);
const zipf = () => { const u = next() * cdf[card - 1]!; let lo = 0; for (let hi = card - 1; lo < hi; ) { const m = (lo + hi) >>> 1; if (cdf[m]! < u) lo = m + 1; else hi = m; } return (lo * 7919) % card; };
for (let i = 0; i < n; i++) { k[i] = process.env.Z ? zipf() : Math.floor(next() * card); x[i] = next() * 100 - 50; }
const f = new Frame({ k, x });
const times: number[] = [];
for (let r = 0; r < 30; r++) {
  const t = performance.now();
  await f.groupby('k').agg({ x: ['sum', 'mean', 'count'] });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log('median', times[15]!.toFixed(1), 'best', times[0]!.toFixed(1));
