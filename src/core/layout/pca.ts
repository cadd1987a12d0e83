// Principal component analysis on typed arrays, deterministic for a given seed.
// dim <= 128: exact covariance (float64) + cyclic Jacobi eigen-decomposition.
// dim  > 128: randomised subspace iteration (Halko et al. 2011) with a seeded Gaussian start,
//             3 power iterations and a Rayleigh-Ritz step.
import { gaussian, mulberry32 } from '../random';

export interface PcaResult {
  /** rows × outDim projections of the centred rows onto the components. */
  projected: Float32Array;
  /** outDim × dim principal directions (unit vectors, row-major), largest variance first. */
  components: Float64Array;
  /** Per-dimension mean of the rows used. */
  mean: Float64Array;
  /** Variance (population, /rows) along each component, descending; length outDim. */
  variances: Float64Array;
  /** Total variance (trace of the covariance). */
  totalVariance: number;
  /** Number of output dimensions actually produced (min(outDim, dim)). */
  outDim: number;
}

/**
 * Eigen-decomposition of a symmetric m×m matrix (row-major, not modified) by cyclic Jacobi.
 * Returns eigenvalues descending and the matching unit eigenvectors as rows of `vectors`.
 */
export function symmetricEigen(
  matrix: Float64Array,
  m: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < m; p++) {
      diag += a[p * m + p] * a[p * m + p];
      for (let q = p + 1; q < m; q++) off += a[p * m + q] * a[p * m + q];
    }
    if (off <= 1e-30 * Math.max(diag, 1e-300) || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * m + p];
        const aqq = a[q * m + q];
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < m; r++) {
          const arp = a[r * m + p];
          const arq = a[r * m + q];
          a[r * m + p] = c * arp - s * arq;
          a[r * m + q] = s * arp + c * arq;
        }
        for (let r = 0; r < m; r++) {
          const apr = a[p * m + r];
          const aqr = a[q * m + r];
          a[p * m + r] = c * apr - s * aqr;
          a[q * m + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < m; r++) {
          const vrp = v[r * m + p];
          const vrq = v[r * m + q];
          v[r * m + p] = c * vrp - s * vrq;
          v[r * m + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i] || i - j);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = Math.max(0, a[src * m + src]);
    // Deterministic sign: largest-magnitude coordinate positive.
    let big = 0;
    for (let r = 0; r < m; r++) if (Math.abs(v[r * m + src]) > Math.abs(v[big * m + src])) big = r;
    const sign = v[big * m + src] < 0 ? -1 : 1;
    for (let r = 0; r < m; r++) vectors[dst * m + r] = sign * v[r * m + src];
  });
  return { values, vectors };
}

/** cov[p][q] (q ≥ p) += Σ_b block[b][p]·block[b][q] for the four rows of `block`. */
function accumulateRank4(cov: Float64Array, block: Float64Array, dim: number): void {
  const o1 = dim;
  const o2 = 2 * dim;
  const o3 = 3 * dim;
  for (let p = 0; p < dim; p++) {
    const a0 = block[p];
    const a1 = block[o1 + p];
    const a2 = block[o2 + p];
    const a3 = block[o3 + p];
    const base = p * dim;
    for (let q = p; q < dim; q++) {
      cov[base + q] += a0 * block[q] + a1 * block[o1 + q] + a2 * block[o2 + q] + a3 * block[o3 + q];
    }
  }
}

/** Orthonormalises the r columns of a column-major (len × r) matrix in place (modified Gram-Schmidt). */
function orthonormalColumns(q: Float64Array, len: number, r: number, rand: () => number): void {
  let retries = 0;
  for (let j = 0; j < r; j++) {
    const cj = j * len;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const ci = i * len;
        let d = 0;
        for (let t = 0; t < len; t++) d += q[ci + t] * q[cj + t];
        for (let t = 0; t < len; t++) q[cj + t] -= d * q[ci + t];
      }
    }
    let nrm = 0;
    for (let t = 0; t < len; t++) nrm += q[cj + t] * q[cj + t];
    nrm = Math.sqrt(nrm);
    if (nrm < 1e-12) {
      if (j >= len || retries >= 8) {
        // More columns than dimensions (e.g. 16 rows, 40 columns): no orthogonal direction is
        // left, so the column stays zero. (Retrying here used to loop forever.)
        q.fill(0, cj, cj + len);
        retries = 0;
        continue;
      }
      // Rank deficient: replace by a random direction orthogonal to the previous ones.
      for (let t = 0; t < len; t++) q[cj + t] = rand() - 0.5;
      retries++;
      j--;
      continue;
    }
    retries = 0;
    for (let t = 0; t < len; t++) q[cj + t] /= nrm;
  }
}

/**
 * PCA of a subset of rows of a row-major matrix `x` with `dim` columns.
 * `rows` = row indices to use (null = the first `n` rows).
 */
export function pcaRows(
  x: Float32Array,
  dim: number,
  rows: Int32Array | null,
  n: number,
  outDim: number,
  seed = 1,
): PcaResult {
  const m = rows ? rows.length : n;
  const k = Math.max(0, Math.min(outDim, dim));
  const row = (i: number) => (rows ? rows[i] : i) * dim;
  const mean = new Float64Array(dim);
  for (let i = 0; i < m; i++) {
    const o = row(i);
    for (let t = 0; t < dim; t++) mean[t] += x[o + t];
  }
  if (m > 0) for (let t = 0; t < dim; t++) mean[t] /= m;
  const components = new Float64Array(k * dim);
  const variances = new Float64Array(k);
  let totalVariance = 0;
  const centred = new Float64Array(dim);
  if (m > 0 && k > 0) {
    if (dim <= 128) {
      const cov = new Float64Array(dim * dim);
      // Rank-4 updates: four centred rows at a time, so each covariance cell is loaded and stored
      // once per four rows.
      const block = new Float64Array(4 * dim);
      for (let i0 = 0; i0 < m; i0 += 4) {
        const rowsHere = Math.min(4, m - i0);
        block.fill(0);
        for (let b = 0; b < rowsHere; b++) {
          const o = row(i0 + b);
          for (let t = 0; t < dim; t++) block[b * dim + t] = x[o + t] - mean[t];
        }
        accumulateRank4(cov, block, dim);
      }
      for (let p = 0; p < dim; p++)
        for (let q = p; q < dim; q++) {
          const val = cov[p * dim + q] / m;
          cov[p * dim + q] = val;
          cov[q * dim + p] = val;
        }
      for (let p = 0; p < dim; p++) totalVariance += cov[p * dim + p];
      const eig = symmetricEigen(cov, dim);
      for (let j = 0; j < k; j++) {
        variances[j] = eig.values[j];
        for (let t = 0; t < dim; t++) components[j * dim + t] = eig.vectors[j * dim + t];
      }
    } else {
      const rand = mulberry32(seed);
      const g = gaussian(rand);
      const r = Math.min(dim, k + 8);
      // Z: dim × r column-major basis of the row space.
      let z = new Float64Array(dim * r);
      for (let i = 0; i < z.length; i++) z[i] = g();
      orthonormalColumns(z, dim, r, rand);
      const y = new Float64Array(m * r); // column-major m × r
      const applyX = () => {
        // y = Xc z
        y.fill(0);
        for (let i = 0; i < m; i++) {
          const o = row(i);
          for (let t = 0; t < dim; t++) centred[t] = x[o + t] - mean[t];
          dotsInto(centred, z, r, dim, y, i, m);
        }
      };
      const applyXt = () => {
        // z = Xc^T y, four columns at a time (each sum in the same order as one at a time).
        const nz = new Float64Array(dim * r);
        for (let i = 0; i < m; i++) {
          const o = row(i);
          for (let t = 0; t < dim; t++) centred[t] = x[o + t] - mean[t];
          let j = 0;
          for (; j + 4 <= r; j += 4) {
            const y0 = y[j * m + i];
            const y1 = y[(j + 1) * m + i];
            const y2 = y[(j + 2) * m + i];
            const y3 = y[(j + 3) * m + i];
            if (y0 === 0 || y1 === 0 || y2 === 0 || y3 === 0) {
              for (let u = j; u < j + 4; u++) axpy(nz, u * dim, y[u * m + i], centred, dim);
              continue;
            }
            const c0 = j * dim;
            const c1 = c0 + dim;
            const c2 = c1 + dim;
            const c3 = c2 + dim;
            for (let t = 0; t < dim; t++) {
              const c = centred[t];
              nz[c0 + t] += y0 * c;
              nz[c1 + t] += y1 * c;
              nz[c2 + t] += y2 * c;
              nz[c3 + t] += y3 * c;
            }
          }
          for (; j < r; j++) axpy(nz, j * dim, y[j * m + i], centred, dim);
        }
        z = nz;
      };
      for (let it = 0; it < 3; it++) {
        applyX();
        orthonormalColumns(y, m, r, rand);
        applyXt();
        orthonormalColumns(z, dim, r, rand);
      }
      // Rayleigh-Ritz: covariance restricted to span(z): S = (Xc z)^T (Xc z) / m.
      applyX();
      const s = new Float64Array(r * r);
      for (let a = 0; a < r; a++)
        for (let b = a; b < r; b++) {
          let v = 0;
          for (let i = 0; i < m; i++) v += y[a * m + i] * y[b * m + i];
          s[a * r + b] = v / m;
          s[b * r + a] = v / m;
        }
      const eig = symmetricEigen(s, r);
      for (let j = 0; j < k; j++) {
        variances[j] = eig.values[j];
        for (let t = 0; t < dim; t++) {
          let v = 0;
          for (let a = 0; a < r; a++) v += eig.vectors[j * r + a] * z[a * dim + t];
          components[j * dim + t] = v;
        }
      }
      for (let i = 0; i < m; i++) {
        const o = row(i);
        for (let t = 0; t < dim; t++) {
          const d = x[o + t] - mean[t];
          totalVariance += d * d;
        }
      }
      totalVariance /= m;
    }
  }
  const projected = new Float32Array(m * k);
  for (let i = 0; i < m; i++) {
    const o = row(i);
    for (let t = 0; t < dim; t++) centred[t] = x[o + t] - mean[t];
    dotsInto(centred, components, k, dim, projected, i * k, 1);
  }
  return { projected, components, mean, variances, totalVariance, outDim: k };
}

/**
 * out[offset + j·stride] = Σ_t v[t]·mat[j·dim + t] for the `count` rows of `mat`, four rows at a
 * time so each v[t] is loaded once per four sums. Every sum runs over t in order, so the results
 * are bit-identical to one row at a time (~2× faster on 784-dim pixels).
 */
function dotsInto(
  v: Float64Array,
  mat: Float64Array,
  count: number,
  dim: number,
  out: Float32Array | Float64Array,
  offset: number,
  stride: number,
): void {
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const c0 = j * dim;
    const c1 = c0 + dim;
    const c2 = c1 + dim;
    const c3 = c2 + dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < dim; t++) {
      const a = v[t];
      s0 += a * mat[c0 + t];
      s1 += a * mat[c1 + t];
      s2 += a * mat[c2 + t];
      s3 += a * mat[c3 + t];
    }
    out[offset + j * stride] = s0;
    out[offset + (j + 1) * stride] = s1;
    out[offset + (j + 2) * stride] = s2;
    out[offset + (j + 3) * stride] = s3;
  }
  for (; j < count; j++) {
    let s = 0;
    const cj = j * dim;
    for (let t = 0; t < dim; t++) s += v[t] * mat[cj + t];
    out[offset + j * stride] = s;
  }
}

/** out[o + t] += a·v[t] for t < dim (skipped when a is 0, as the one-at-a-time loop did). */
function axpy(out: Float64Array, o: number, a: number, v: Float64Array, dim: number): void {
  if (a === 0) return;
  for (let t = 0; t < dim; t++) out[o + t] += a * v[t];
}

/** PCA of all n rows of the row-major n × dim matrix `x`, projected to `outDim` dimensions. */
export function pca(x: Float32Array, n: number, dim: number, outDim: number, seed = 1): PcaResult {
  return pcaRows(x, dim, null, n, outDim, seed);
}

/**
 * Projects all n rows of `x` (n × dim, row-major) onto the components of a fit made on some of
 * them (pcaRows on a sample): the same centring and directions, for rows the fit never saw.
 */
export function projectRows(x: Float32Array, n: number, dim: number, fit: PcaResult): Float32Array {
  const k = fit.outDim;
  const out = new Float32Array(n * k);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    for (let t = 0; t < dim; t++) centred[t] = x[o + t] - fit.mean[t];
    dotsInto(centred, fit.components, k, dim, out, i * k, 1);
  }
  return out;
}
