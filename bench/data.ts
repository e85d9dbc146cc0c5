/** Seeded benchmark inputs (mulberry32), so every run measures the same data. */
export function uniformArray(n: number, lo: number, hi: number, seed: number): Float64Array {
  return fillUniform(new Float64Array(n), lo, hi, seed);
}

/** The float dtypes the suites measure, and the typed array a plain-JS user would hold each in. */
export type FloatDType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/** Like uniformArray, in the storage of `dtype`: float32 data is drawn directly, never held twice. */
export function uniformOf(dtype: FloatDType, n: number, lo: number, hi: number, seed: number): FloatArray {
  return fillUniform(dtype === 'float32' ? new Float32Array(n) : new Float64Array(n), lo, hi, seed);
}

/** 'f32' / 'f64', for task names. */
export const shortDType = (dtype: FloatDType): string => (dtype === 'float32' ? 'f32' : 'f64');

function fillUniform<T extends FloatArray>(out: T, lo: number, hi: number, seed: number): T {
  let a = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}
