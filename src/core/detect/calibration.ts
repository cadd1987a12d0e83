// Temperature scaling (Guo et al., ICML 2017) of the probe's out-of-fold probabilities: one
// temperature T for all classes, fitted by minimising the negative log-likelihood of the given
// labels, p_T(j|x) ∝ p(j|x)^(1/T). The out-of-fold probabilities are the only held-out
// predictions a scan has, and the given labels the only targets; a few wrong labels barely move
// one scalar. Measured on the shared datasets (seed 1): T = 0.83–1.02, the probe is close to
// calibrated; the label evidence (label-evidence.ts) reads calibrated probabilities all the same,
// so its odds mean what they say on a probe that is not.

/** Bounds of the search; outside them the probe is broken rather than miscalibrated. */
const T_MIN = 0.2;
const T_MAX = 5;
/** Rows the fit reads at most. */
const FIT_ROWS = 8192;

function everyNth(probs: Float32Array, labels: Int32Array, c: number, stride: number) {
  const m = Math.ceil(labels.length / stride);
  const p = new Float32Array(m * c);
  const y = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const i = r * stride;
    y[r] = labels[i];
    p.set(probs.subarray(i * c, i * c + c), r * c);
  }
  return { probs: p, labels: y };
}

/** Log-probabilities (floored at 1e-12), N×C, computed once for every temperature tried. */
function logProbs(probs: Float32Array): Float32Array {
  const out = new Float32Array(probs.length);
  for (let t = 0; t < probs.length; t++) out[t] = Math.log(Math.max(probs[t], 1e-12));
  return out;
}

/** Mean negative log-likelihood of the labels under the probabilities at temperature t. */
export function labelNll(probs: Float32Array, labels: Int32Array, c: number, t: number): number {
  return nllOfLogs(logProbs(probs), labels, c, t);
}

function nllOfLogs(logs: Float32Array, labels: Int32Array, c: number, t: number): number {
  const n = labels.length;
  const inv = 1 / t;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y < 0 || y >= c) continue;
    const row = i * c;
    let max = -Infinity;
    for (let j = 0; j < c; j++) if (logs[row + j] > max) max = logs[row + j];
    let z = 0;
    for (let j = 0; j < c; j++) z += Math.exp((logs[row + j] - max) * inv);
    sum += Math.log(z) - (logs[row + y] - max) * inv;
    count++;
  }
  return count ? sum / count : 0;
}

/** The temperature with the least label NLL (golden-section search on log T); 1 without labels. */
export function fitTemperature(allProbs: Float32Array, allLabels: Int32Array, c: number): number {
  if (c < 2 || !allLabels.some((y) => y >= 0 && y < c)) return 1;
  // One scalar needs no more than FIT_ROWS rows: every s-th row (deterministic), so a 60k scan
  // fits in ~0.2 s rather than 1.5 s; on fashion-60k T = 0.955 either way.
  const stride = Math.max(1, Math.ceil(allLabels.length / FIT_ROWS));
  const { probs, labels } =
    stride === 1 ? { probs: allProbs, labels: allLabels } : everyNth(allProbs, allLabels, c, stride);
  const logs = logProbs(probs);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(T_MIN);
  let b = Math.log(T_MAX);
  const f = (u: number) => nllOfLogs(logs, labels, c, Math.exp(u));
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  // 25 steps shrink the bracket (log 25 wide) to under 0.002 in log T.
  for (let it = 0; it < 25; it++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    }
  }
  const t = Math.exp((a + b) / 2);
  return Number.isFinite(t) ? t : 1;
}

/** Probabilities at temperature t (rows renormalised); a new array. */
export function applyTemperature(probs: Float32Array, c: number, t: number): Float32Array {
  const out = new Float32Array(probs.length);
  const n = c > 0 ? probs.length / c : 0;
  const logs = new Float64Array(c);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) {
      logs[j] = Math.log(Math.max(probs[i * c + j], 1e-12)) / t;
      if (logs[j] > max) max = logs[j];
    }
    let z = 0;
    for (let j = 0; j < c; j++) z += logs[j] = Math.exp(logs[j] - max);
    for (let j = 0; j < c; j++) out[i * c + j] = logs[j] / z;
  }
  return out;
}
