import { CONFIDENCE, EWMA_ALPHA, ROLLING_WINDOW, TRADING_DAYS, type BookSummary, type PositionBook, type RiskSteps, type TailRisk } from './model.js';
import { greeks, impliedVolOne } from './plain-options.js';
import { philoxNormal } from './plain-random.js';

/**
 * The risk steps as a user would write them over Float64Arrays: the same algorithms
 * as the Quiver version, with the ordinary care hand-written loops get (row-major
 * traversal, symmetric and triangular halves skipped, running sums for windows), and
 * nothing deliberately slow.
 */
export const plainSteps = {
  logReturns(prices, days, assets) {
    const out = new Float64Array((days - 1) * assets);
    for (let t = 1; t < days; t++) {
      for (let i = 0; i < assets; i++) out[(t - 1) * assets + i] = Math.log(prices[t * assets + i]! / prices[(t - 1) * assets + i]!);
    }
    return out;
  },

  annualisedVol(returns, periods, assets) {
    const mean = columnMeans(returns, periods, assets);
    const ss = new Float64Array(assets);
    for (let t = 0; t < periods; t++) {
      for (let i = 0; i < assets; i++) {
        const d = returns[t * assets + i]! - mean[i]!;
        ss[i] += d * d;
      }
    }
    return ss.map((s) => Math.sqrt(s / (periods - 1)) * Math.sqrt(TRADING_DAYS));
  },

  correlation(returns, periods, assets) {
    const mean = columnMeans(returns, periods, assets);
    // Demeaned and transposed to [assets x periods], so each covariance is a dot product of two contiguous rows.
    const d = new Float64Array(assets * periods);
    for (let t = 0; t < periods; t++) {
      for (let i = 0; i < assets; i++) d[i * periods + t] = returns[t * assets + i]! - mean[i]!;
    }
    const cov = new Float64Array(assets * assets);
    for (let i = 0; i < assets; i++) {
      for (let j = i; j < assets; j++) {
        let s = 0;
        for (let t = 0; t < periods; t++) s += d[i * periods + t]! * d[j * periods + t]!;
        cov[i * assets + j] = cov[j * assets + i] = s / (periods - 1);
      }
    }
    const sd = Float64Array.from({ length: assets }, (_, i) => Math.sqrt(cov[i * assets + i]!));
    const corr = cov.map((c, k) => Math.min(1, Math.max(-1, c / (sd[Math.floor(k / assets)]! * sd[k % assets]!))));
    return { cov, corr };
  },

  portfolio(returns, periods, cov, weights) {
    const n = weights.length;
    let q = 0;
    for (let i = 0; i < n; i++) {
      let row = 0;
      for (let j = 0; j < n; j++) row += cov[i * n + j]! * weights[j]!;
      q += weights[i]! * row;
    }
    const daily = new Float64Array(periods);
    for (let t = 0; t < periods; t++) {
      let p = 0;
      for (let i = 0; i < n; i++) p += weights[i]! * Math.expm1(returns[t * n + i]!);
      daily[t] = p;
    }
    const mean = daily.reduce((a, b) => a + b, 0) / periods;
    let ss = 0;
    let downside = 0;
    let wealth = 1;
    let peak = 1;
    let maxDrawdown = 0;
    for (const p of daily) {
      ss += (p - mean) ** 2;
      downside += Math.min(p, 0) ** 2;
      wealth *= 1 + p;
      peak = Math.max(peak, wealth);
      maxDrawdown = Math.min(maxDrawdown, wealth / peak - 1);
    }
    const scale = Math.sqrt(TRADING_DAYS);
    return {
      annualVol: Math.sqrt(TRADING_DAYS * q),
      sharpe: (mean / Math.sqrt(ss / (periods - 1))) * scale,
      sortino: (mean / Math.sqrt(downside / periods)) * scale,
      maxDrawdown,
      returns: daily,
    };
  },

  rollingVol(returns, periods, assets) {
    // Running sums of x and x² per asset, added and removed as the window slides.
    const w = ROLLING_WINDOW;
    const out = new Float64Array(periods * assets).fill(NaN);
    const s = new Float64Array(assets);
    const ss = new Float64Array(assets);
    for (let t = 0; t < periods; t++) {
      for (let i = 0; i < assets; i++) {
        const x = returns[t * assets + i]!;
        s[i] += x;
        ss[i] += x * x;
        if (t >= w) {
          const old = returns[(t - w) * assets + i]!;
          s[i] -= old;
          ss[i] -= old * old;
        }
        if (t >= w - 1) out[t * assets + i] = Math.sqrt((Math.max(ss[i]! - (s[i]! * s[i]!) / w, 0) / (w - 1)) * TRADING_DAYS);
      }
    }
    return out;
  },

  ewmaVol(returns, periods, assets) {
    // pandas' ewmcov recursion with adjust=true: a weighted Welford update per asset.
    const decay = 1 - EWMA_ALPHA;
    const out = new Float64Array(periods * assets);
    for (let i = 0; i < assets; i++) {
      let mean = returns[i]!;
      let moment = 0;
      let sumW = 1;
      let sumW2 = 1;
      let oldW = 1;
      out[i] = NaN;
      for (let t = 1; t < periods; t++) {
        const x = returns[t * assets + i]!;
        sumW *= decay;
        sumW2 *= decay * decay;
        oldW *= decay;
        const oldMean = mean;
        if (mean !== x) mean = (oldW * oldMean + x) / (oldW + 1);
        moment = (oldW * (moment + (oldMean - mean) ** 2) + (x - mean) ** 2) / (oldW + 1);
        sumW += 1;
        sumW2 += 1;
        oldW += 1;
        out[t * assets + i] = Math.sqrt(Math.max((sumW * sumW) / (sumW * sumW - sumW2) * moment, 0) * TRADING_DAYS);
      }
    }
    return out;
  },

  valueAtRisk(portfolioReturns) {
    const n = portfolioReturns.length;
    const sorted = Float64Array.from(portfolioReturns).sort();
    const mean = sorted.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(sorted.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
    // z and φ(z) / (1 - α) at 99%, from scipy.stats.norm: the constants a hand-written report would paste in.
    const z = 2.3263478740408408;
    const esFactor = 2.6652142203458045;
    return {
      historical: tail(sorted),
      parametric: { valueAtRisk: sd * z - mean, expectedShortfall: sd * esFactor - mean },
    };
  },

  monteCarlo([k0, k1], cov, weights, scenarios, onProgress) {
    const n = weights.length;
    const lower = cholesky(cov, n);
    const pnl = new Float64Array(scenarios);
    const z = new Float64Array(n);
    const progressEvery = Math.max(1, Math.floor(scenarios / 20));
    for (let s = 0; s < scenarios; s++) {
      for (let j = 0; j < n; j++) z[j] = philoxNormal(s * n + j, k0, k1);
      // shock[j] = row j of L · z; L is lower-triangular, so only k <= j.
      let p = 0;
      for (let j = 0; j < n; j++) {
        let x = 0;
        for (let k = 0; k <= j; k++) x += lower[j * n + k]! * z[k]!;
        p += weights[j]! * Math.expm1(x);
      }
      pnl[s] = p;
      if ((s + 1) % progressEvery === 0) onProgress((s + 1) / scenarios);
    }
    return { ...tail(Float64Array.from(pnl).sort()), pnl };
  },

  greeks,

  impliedVol(book, prices) {
    const vol = new Float64Array(prices.length);
    let iterations = 0;
    for (let i = 0; i < prices.length; i++) {
      const r = impliedVolOne(prices[i]!, book.spot[i]!, book.strike[i]!, book.time[i]!, book.rate, book.dividend, book.call[i] === 1);
      vol[i] = r.vol;
      iterations = Math.max(iterations, r.iterations);
    }
    return { vol, iterations };
  },

  bookByDesk(positions) {
    return groupBook(positions);
  },
} satisfies RiskSteps;

/** A Map from "desk/sector" to running sums (Welford for the P&L's variance), then sorted by desk and sector. */
function groupBook(b: PositionBook): BookSummary {
  const groups = new Map<string, { desk: string; sector: number; exposure: number; pnl: number; n: number; mean: number; m2: number }>();
  for (let i = 0; i < b.sector.length; i++) {
    const key = `${b.desk[i]}/${b.sector[i]}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { desk: b.desk[i]!, sector: b.sector[i]!, exposure: 0, pnl: 0, n: 0, mean: 0, m2: 0 }));
    const exposure = b.quantity[i]! * b.price[i]!;
    const pnl = exposure * b.ret[i]!;
    g.exposure += exposure;
    g.pnl += pnl;
    g.n++;
    const d = pnl - g.mean;
    g.mean += d / g.n;
    g.m2 += d * (pnl - g.mean);
  }
  const sorted = [...groups.values()].sort((x, y) => (x.desk < y.desk ? -1 : x.desk > y.desk ? 1 : x.sector - y.sector));
  return {
    keys: sorted.map((g) => `${g.desk}/${g.sector}`),
    exposure: Float64Array.from(sorted, (g) => g.exposure),
    pnl: Float64Array.from(sorted, (g) => g.pnl),
    pnlStd: Float64Array.from(sorted, (g) => (g.n > 1 ? Math.sqrt(g.m2 / (g.n - 1)) : NaN)),
    count: Float64Array.from(sorted, (g) => g.n),
  };
}

function columnMeans(x: Float64Array, rows: number, cols: number): Float64Array {
  const sum = new Float64Array(cols);
  for (let t = 0; t < rows; t++) for (let i = 0; i < cols; i++) sum[i] += x[t * cols + i]!;
  return sum.map((s) => s / rows);
}

/**
 * VaR: minus NumPy's linear quantile at 1%; CVaR: minus the mean of the worst 1% with a
 * fraction of the boundary observation (Acerbi-Tasche). `sorted` ascends.
 */
function tail(sorted: Float64Array): TailRisk {
  const n = sorted.length;
  const p = 1 - CONFIDENCE;
  const v = (n - 1) * p;
  const lo = Math.floor(v);
  const g = v - lo;
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, n - 1)]!;
  const q = g >= 0.5 ? b - (b - a) * (1 - g) : a + (b - a) * g;
  let t = n * p;
  if (Math.abs(t - Math.round(t)) <= 1e-9 * Math.max(1, t)) t = Math.round(t);
  const whole = Math.floor(t);
  let sum = 0;
  for (let i = 0; i < whole; i++) sum += sorted[i]!;
  if (t > whole) sum += (t - whole) * sorted[whole]!;
  return { valueAtRisk: -q, expectedShortfall: -sum / t };
}

/** Cholesky-Banachiewicz: the lower-triangular L with L Lᵀ = a, row-major. */
function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`cholesky: matrix is not positive definite (pivot ${i} is ${s})`);
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  return l;
}
