// UMAP's low-dimensional similarity curve 1 / (1 + a·d^(2b)), fitted to the target
// "1 within min_dist, then exp(−(d − min_dist)/spread)" by least squares on 300 points of
// [0, 3·spread], exactly the data umap-learn and umap-js fit (they use curve_fit / Levenberg-
// Marquardt; this is a small damped Gauss-Newton with an analytic Jacobian).

export interface CurveParams {
  a: number;
  b: number;
}

export function findAbParams(spread: number, minDist: number): CurveParams {
  const m = 300;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const x = (i * spread * 3) / (m - 1);
    xs[i] = x;
    ys[i] = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
  }
  const loss = (a: number, b: number) => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const r = 1 / (1 + a * Math.pow(xs[i], 2 * b)) - ys[i];
      s += r * r;
    }
    return s;
  };
  let a = 1;
  let b = 1;
  let current = loss(a, b);
  let lambda = 1e-3;
  for (let iter = 0; iter < 200; iter++) {
    // Normal equations J^T J δ = −J^T r for the two parameters.
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < m; i++) {
      const x = xs[i];
      if (x <= 0) continue; // f(0) = 1 for every (a, b): no gradient.
      const p = Math.pow(x, 2 * b);
      const f = 1 / (1 + a * p);
      const r = f - ys[i];
      const dfda = -p * f * f;
      const dfdb = -a * p * 2 * Math.log(x) * f * f;
      jaa += dfda * dfda;
      jab += dfda * dfdb;
      jbb += dfdb * dfdb;
      ga += dfda * r;
      gb += dfdb * r;
    }
    let accepted = false;
    for (let tries = 0; tries < 30 && !accepted; tries++) {
      const haa = jaa * (1 + lambda);
      const hbb = jbb * (1 + lambda);
      const det = haa * hbb - jab * jab;
      if (!(Math.abs(det) > 0)) break;
      const da = -(hbb * ga - jab * gb) / det;
      const db = -(haa * gb - jab * ga) / det;
      const na = a + da;
      const nb = b + db;
      const next = na > 0 && nb > 0 ? loss(na, nb) : Infinity;
      if (next < current) {
        const gain = current - next;
        a = na;
        b = nb;
        current = next;
        lambda = Math.max(lambda / 10, 1e-12);
        accepted = true;
        if (gain < 1e-14 * Math.max(current, 1e-300)) return { a, b };
      } else {
        lambda *= 10;
      }
    }
    if (!accepted) break;
  }
  return { a, b };
}
