import { Frame, init } from '../../src/index.js';
await init({ backend: 'wasm', threads: Number(process.env.T ?? 2) });
const n = 10_000_000, card = Number(process.argv[2] ?? 1000);
let s = 1;
const next = () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return (s >>> 0) / 4294967296; };
const ids = Int32Array.from({ length: card }, () => Math.floor(next() * 2e9) - 1e9);
const k = new Int32Array(n), x = new Float64Array(n);
for (let i = 0; i < n; i++) { k[i] = ids[Math.floor(next() * card)]!; x[i] = next() * 100 - 50; }
const f = new Frame({ k, x });
console.log((await f.groupby('k').explain({ x: 'sum' })).split('\n')[0]);
const times: number[] = [];
for (let r = 0; r < 10; r++) {
  const t = performance.now();
  await f.groupby('k').agg({ x: ['sum', 'mean', 'count'] });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log('median', times[5]!.toFixed(1), 'best', times[0]!.toFixed(1));
