/**
 * Problem sizes. `small`, the default, runs in about 15 s on the js backend of a 2-core
 * machine, `medium` in about 2 minutes. `large` is the issue's: 500 assets x 10 years of
 * days, a 1M-scenario Monte Carlo, a 1M-option book and 1M positions, sized for the compiled backends;
 * on the js reference backend expect most of an hour (scaled from medium), nearly all of
 * it the Monte Carlo's 1M x 500 draws and matmul, and several minutes for plain JS.
 */
export const SIZES = {
  small: { assets: 50, days: 1000, scenarios: 20_000, options: 100_000, impliedVols: 20_000, positions: 200_000 },
  medium: { assets: 200, days: 2520, scenarios: 100_000, options: 250_000, impliedVols: 100_000, positions: 1_000_000 },
  large: { assets: 500, days: 2520, scenarios: 1_000_000, options: 1_000_000, impliedVols: 1_000_000, positions: 1_000_000 },
} as const;
export type SizeName = keyof typeof SIZES;
