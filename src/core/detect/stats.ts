// Small robust-statistics helpers shared by the detectors. All functions return finite numbers.

/** Median of the values (0 for an empty input). Does not modify the input. */
export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const s = Float64Array.from(values as ArrayLike<number>).sort();
  const h = n >> 1;
  return n % 2 === 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
}

/** Median absolute deviation around `center` (raw, not scaled by 1.4826). */
export function mad(values: ArrayLike<number>, center: number): number {
  const d = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) d[i] = Math.abs(values[i] - center);
  return median(d);
}

/**
 * A robust spread: 1.4826·MAD, falling back to the mean absolute deviation and then to the
 * standard deviation when more than half of the values coincide. 0 only when all values are equal.
 */
export function robustSpread(values: ArrayLike<number>, center: number): number {
  const m = 1.4826 * mad(values, center);
  if (m > 0) return m;
  const n = values.length;
  if (n === 0) return 0;
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(values[i] - center);
  const meanAbs = (s / n) * 1.2533;
  if (meanAbs > 0) return meanAbs;
  return 0;
}

/** Sample indices per class (labels outside [0, c) are skipped). */
export function groupByClass(labels: Int32Array, c: number): Int32Array[] {
  const counts = new Int32Array(Math.max(0, c));
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y >= 0 && y < c) counts[y]++;
  }
  const groups = Array.from(counts, (m) => new Int32Array(m));
  const fill = new Int32Array(Math.max(0, c));
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y >= 0 && y < c) groups[y][fill[y]++] = i;
  }
  return groups;
}

/**
 * Rank-normalises scores to [0, 1]: the share of the other samples with a strictly smaller score.
 * Equal scores get equal ranks; a constant score vector maps to all zeros.
 */
export function rankNormalise(scores: ArrayLike<number>): Float32Array {
  const n = scores.length;
  const out = new Float32Array(n);
  if (n <= 1) return out;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const safe = (v: number) => (Number.isFinite(v) ? v : v > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE);
  order.sort((a, b) => safe(scores[a]) - safe(scores[b]) || a - b);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = safe(scores[order[i]]);
    while (j + 1 < n && safe(scores[order[j + 1]]) === v) j++;
    const r = i / (n - 1);
    for (let t = i; t <= j; t++) out[order[t]] = r;
    i = j + 1;
  }
  return out;
}

/** Replaces non-finite values by 0 (a last line of defence: detector scores must be finite). */
export function finite(scores: Float32Array): Float32Array {
  for (let i = 0; i < scores.length; i++) if (!Number.isFinite(scores[i])) scores[i] = 0;
  return scores;
}

/** Rounds to `d` decimals for reports. */
export function round(x: number, d = 4): number {
  if (!Number.isFinite(x)) return 0;
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** Class name for reasons (falls back to the index). */
export function className(classes: string[], y: number): string {
  return y >= 0 && y < classes.length ? classes[y] : y < 0 ? '(missing)' : String(y);
}

/** Index of the largest probability in row i of a row-major N×C matrix (ties: lower index). */
export function argmaxRow(probs: Float32Array, i: number, c: number): number {
  let best = -Infinity;
  let arg = 0;
  for (let j = 0; j < c; j++) {
    const v = probs[i * c + j];
    if (v > best) {
      best = v;
      arg = j;
    }
  }
  return arg;
}

/** A probability read defensively: non-finite values count as 0. */
export function prob(probs: Float32Array, i: number, c: number, j: number): number {
  const v = probs[i * c + j];
  return Number.isFinite(v) ? v : 0;
}

export interface TwoGaussians {
  /** Weight, mean and standard deviation of the minor (smaller weight) component. */
  minor: { w: number; mean: number; sd: number };
  major: { w: number; mean: number; sd: number };
  /** Posterior probability of the minor component per value. */
  posterior: Float64Array;
  /** Ashman's D = sqrt(2)·|μ1−μ2| / sqrt(σ1²+σ2²); > 2 means a clean separation. */
  separation: number;
  /** BIC(1 Gaussian) − BIC(2 Gaussians); > 10 is strong evidence for two modes. */
  deltaBic: number;
}

/**
 * Fits a two-component 1-D Gaussian mixture by EM (initialised from the best two-group split of
 * the sorted values, Otsu's criterion), deterministic. Also fits one Gaussian to compare by BIC.
 */
export function fitTwoGaussians(values: ArrayLike<number>): TwoGaussians {
  const n = values.length;
  const v = Float64Array.from(values);
  const posterior = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += v[i];
  mean = n > 0 ? mean / n : 0;
  let varAll = 0;
  for (let i = 0; i < n; i++) varAll += (v[i] - mean) ** 2;
  varAll = n > 0 ? varAll / n : 0;
  const flat = { w: 0, mean, sd: Math.sqrt(varAll) };
  const none: TwoGaussians = {
    minor: { ...flat },
    major: { ...flat, w: 1 },
    posterior,
    separation: 0,
    deltaBic: 0,
  };
  if (n < 4 || !(varAll > 0)) return none;
  const floor = varAll * 1e-4 + 1e-300;
  const sorted = Float64Array.from(v).sort();
  // Otsu split.
  let bestSplit = 1;
  let bestScore = -Infinity;
  let left = 0;
  const total = mean * n;
  for (let s = 1; s < n; s++) {
    left += sorted[s - 1];
    const ml = left / s;
    const mr = (total - left) / (n - s);
    const score = s * (n - s) * (ml - mr) ** 2;
    if (score > bestScore) {
      bestScore = score;
      bestSplit = s;
    }
  }
  const thr = sorted[bestSplit - 1];
  let w1 = 0;
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    if (v[i] <= thr) {
      w1++;
      m1 += v[i];
    } else m2 += v[i];
  }
  if (w1 === 0 || w1 === n) return none;
  m1 /= w1;
  m2 /= n - w1;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    if (v[i] <= thr) s1 += (v[i] - m1) ** 2;
    else s2 += (v[i] - m2) ** 2;
  }
  let var1 = Math.max(floor, s1 / w1);
  let var2 = Math.max(floor, s2 / (n - w1));
  let pi1 = w1 / n;
  const logN = (x: number, m: number, vv: number) =>
    -0.5 * Math.log(2 * Math.PI * vv) - (x - m) ** 2 / (2 * vv);
  // E-step in the linear domain (densities relative to the larger exponent), one exp each.
  const estep = (): number => {
    const c1 = Math.log(Math.max(pi1, 1e-300)) - 0.5 * Math.log(var1);
    const c2 = Math.log(Math.max(1 - pi1, 1e-300)) - 0.5 * Math.log(var2);
    let ll = -0.5 * n * Math.log(2 * Math.PI);
    for (let i = 0; i < n; i++) {
      const a = c1 - (v[i] - m1) ** 2 / (2 * var1);
      const b = c2 - (v[i] - m2) ** 2 / (2 * var2);
      if (a >= b) {
        const e = Math.exp(b - a);
        posterior[i] = 1 / (1 + e);
        ll += a + Math.log1p(e);
      } else {
        const e = Math.exp(a - b);
        posterior[i] = e / (1 + e);
        ll += b + Math.log1p(e);
      }
    }
    return ll;
  };
  let ll = -Infinity;
  for (let iter = 0; iter < 100; iter++) {
    const newLl = estep();
    let r1 = 0;
    let sx1 = 0;
    let sx2 = 0;
    for (let i = 0; i < n; i++) {
      const p = posterior[i];
      r1 += p;
      sx1 += p * v[i];
      sx2 += (1 - p) * v[i];
    }
    const r2 = n - r1;
    if (r1 < 1e-9 || r2 < 1e-9) break;
    m1 = sx1 / r1;
    m2 = sx2 / r2;
    let q1 = 0;
    let q2 = 0;
    for (let i = 0; i < n; i++) {
      q1 += posterior[i] * (v[i] - m1) ** 2;
      q2 += (1 - posterior[i]) * (v[i] - m2) ** 2;
    }
    var1 = Math.max(floor, q1 / r1);
    var2 = Math.max(floor, q2 / r2);
    pi1 = r1 / n;
    if (Math.abs(newLl - ll) < 1e-7 * Math.abs(newLl)) break;
    ll = newLl;
  }
  // Final posteriors and log-likelihood with the final parameters.
  const ll2 = estep();
  let ll1 = 0;
  const v1 = Math.max(floor, varAll);
  for (let i = 0; i < n; i++) ll1 += logN(v[i], mean, v1);
  const deltaBic = 2 * (ll2 - ll1) - 3 * Math.log(n);
  const c1 = { w: pi1, mean: m1, sd: Math.sqrt(var1) };
  const c2 = { w: 1 - pi1, mean: m2, sd: Math.sqrt(var2) };
  const firstIsMinor = pi1 <= 0.5;
  if (!firstIsMinor) for (let i = 0; i < n; i++) posterior[i] = 1 - posterior[i];
  const separation = (Math.SQRT2 * Math.abs(m1 - m2)) / Math.sqrt(var1 + var2);
  return {
    minor: firstIsMinor ? c1 : c2,
    major: firstIsMinor ? c2 : c1,
    posterior,
    separation: Number.isFinite(separation) ? separation : 0,
    deltaBic: Number.isFinite(deltaBic) ? deltaBic : 0,
  };
}
