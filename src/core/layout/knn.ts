// Exact k-nearest-neighbour graph on embeddings, in plain typed-array JavaScript.
//
// Method: the points are partitioned into ~sqrt(N) cells (seeded sample of centres + 2 Lloyd
// steps); each cell knows its centre and radius. For each cell of queries we visit the other cells
// in order of the triangle-inequality lower bound ‖q − c_B‖ − r_B and stop once that bound exceeds
// every query's current k-th distance; cell pairs that survive are computed brute force, four
// queries at a time, with d² = ‖a‖² + ‖b‖² − 2a·b (norms precomputed, float64 accumulation,
// clamped at 0) — or, when a few principal directions dominate the variance (typical of trained
// embeddings), by partial-distance search in the PCA basis (exact rotation in float64; a pair is
// abandoned once its partial sum passes the query's k-th distance). Nothing is approximated: the pruning is exact, so the result equals the O(N²)
// answer. The final k distances are recomputed directly as sqrt(Σ(a−b)²) and sorted by
// (distance, index), so exact duplicates (distance 0) and other ties are ordered by index.
//
// Worst case (isotropic high-dimensional data, where no bound prunes) is brute force; on clustered
// embeddings most cell pairs are skipped. No dimension reduction is applied (results are exact for
// any dim); callers wanting speed on very wide embeddings can reduce them first with `pca`.
import { CancelledError, type KnnGraph, type RunControl } from '../types';
import { mulberry32, sampleIndices } from '../random';
import { pcaRows } from './pca';

/** Below this many points a single cell (plain blocked brute force) is used. */
const SMALL_N = 3000;
/** Partial-distance search is used when the top PDS_HEAD principal directions hold ≥ PDS_MIN_SHARE of the variance. */
const PDS_MIN_DIM = 12;
const PDS_HEAD = 8;
const PDS_MIN_SHARE = 0.5;

export function buildKnn(
  embeddings: Float32Array,
  n: number,
  dim: number,
  k: number,
  control: RunControl = {},
): KnnGraph {
  return buildKnnWithInfo(embeddings, n, dim, k, control).graph;
}

export interface KnnBuildInfo {
  graph: KnnGraph;
  /** Which distance kernel ran: blocked dot products, or partial-distance search in the PCA basis. */
  kernel: 'blocked' | 'partial-distance';
  /** Number of cells of the partition (1 = plain brute force). */
  cells: number;
}

/** buildKnn plus how it ran (for tests, benchmarks and reports). */
export function buildKnnWithInfo(
  embeddings: Float32Array,
  n: number,
  dim: number,
  k: number,
  control: RunControl = {},
): KnnBuildInfo {
  const kk = Math.max(0, Math.min(Math.floor(k), n - 1));
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  if (kk === 0 || dim <= 0) {
    if (kk > 0) {
      // dim 0: every point is at distance 0; neighbours by index.
      for (let i = 0; i < n; i++) {
        let t = 0;
        for (let j = 0; j < n && t < kk; j++) if (j !== i) indices[i * kk + t++] = j;
      }
    }
    return { graph: { k: kk, indices, distances }, kernel: 'blocked', cells: 1 };
  }
  const check = () => {
    if (control.isCancelled?.()) throw new CancelledError();
  };
  const progress = (fraction: number) => control.onProgress?.({ stage: 'knn', fraction });
  check();
  progress(0);

  // ---- cells --------------------------------------------------------------------------------
  const cellOf = new Int32Array(n);
  let numCells = 1;
  let centres = new Float64Array(dim);
  if (n >= SMALL_N) {
    numCells = Math.max(2, Math.round(Math.sqrt(n)));
    const seeds = sampleIndices(n, numCells, mulberry32(0x5eed));
    centres = new Float64Array(numCells * dim);
    for (let c = 0; c < numCells; c++)
      for (let t = 0; t < dim; t++) centres[c * dim + t] = embeddings[seeds[c] * dim + t];
    for (let iter = 0; iter < 3; iter++) {
      assignCells(embeddings, n, dim, centres, numCells, cellOf);
      check();
      if (iter === 2) break;
      const sums = new Float64Array(numCells * dim);
      const counts = new Int32Array(numCells);
      for (let i = 0; i < n; i++) {
        const c = cellOf[i];
        counts[c]++;
        for (let t = 0; t < dim; t++) sums[c * dim + t] += embeddings[i * dim + t];
      }
      for (let c = 0; c < numCells; c++)
        if (counts[c] > 0) for (let t = 0; t < dim; t++) centres[c * dim + t] = sums[c * dim + t] / counts[c];
    }
    progress(0.05);
  } else {
    for (let t = 0; t < dim; t++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += embeddings[i * dim + t];
      centres[t] = s / n;
    }
  }
  // Compact cells (drop empty ones) and reorder the points cell by cell.
  const counts = new Int32Array(numCells);
  for (let i = 0; i < n; i++) counts[cellOf[i]]++;
  const remap = new Int32Array(numCells).fill(-1);
  let m = 0;
  for (let c = 0; c < numCells; c++) if (counts[c] > 0) remap[c] = m++;
  const cc = new Float64Array(m * dim);
  const start = new Int32Array(m + 1);
  for (let c = 0; c < numCells; c++) {
    const r = remap[c];
    if (r < 0) continue;
    for (let t = 0; t < dim; t++) cc[r * dim + t] = centres[c * dim + t];
    start[r + 1] = counts[c];
  }
  for (let r = 0; r < m; r++) start[r + 1] += start[r];
  const fill = start.slice(0, m);
  const orig = new Int32Array(n);
  for (let i = 0; i < n; i++) orig[fill[remap[cellOf[i]]]++] = i;
  const x = new Float32Array(n * dim);
  for (let p = 0; p < n; p++) x.set(embeddings.subarray(orig[p] * dim, orig[p] * dim + dim), p * dim);
  const norms = new Float64Array(n);
  let maxNorm = 0;
  for (let p = 0; p < n; p++) {
    let s = 0;
    const o = p * dim;
    for (let t = 0; t < dim; t++) s += x[o + t] * x[o + t];
    norms[p] = s;
    if (s > maxNorm) maxNorm = s;
  }
  const radius = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let best = 0;
    for (let p = start[r]; p < start[r + 1]; p++) {
      let s = 0;
      for (let t = 0; t < dim; t++) {
        const d = x[p * dim + t] - cc[r * dim + t];
        s += d * d;
      }
      if (s > best) best = s;
    }
    radius[r] = Math.sqrt(best);
  }
  // Partial-distance search: when a few principal directions carry most of the variance (typical
  // of trained embeddings), distances are computed in the PCA basis (an exact rotation, kept in
  // float64) coordinate by coordinate and abandoned as soon as the partial sum exceeds the
  // query's current k-th distance. Otherwise the blocked dot-product kernel is used.
  const xr = pdsRotation(x, n, dim, start, cc, m);
  check();
  // Absolute slack covering float rounding in the bounds (never prunes a true neighbour).
  const slack = 1e-6 * (Math.sqrt(maxNorm) + 1e-12);

  // ---- search -------------------------------------------------------------------------------
  let done = 0;
  for (let a = 0; a < m; a++) {
    check();
    const q0 = start[a];
    const na = start[a + 1] - q0;
    const bd = new Float64Array(na * kk).fill(Infinity);
    const bi = new Int32Array(na * kk).fill(0x7fffffff);
    // Distances of this cell's queries to every centre.
    const dqc = new Float64Array(na * m);
    const minLb = new Float64Array(m).fill(Infinity);
    for (let q = 0; q < na; q++) {
      const oq = (q0 + q) * dim;
      for (let b = 0; b < m; b++) {
        let s = 0;
        const ob = b * dim;
        for (let t = 0; t < dim; t++) {
          const d = x[oq + t] - cc[ob + t];
          s += d * d;
        }
        const lb = Math.sqrt(s) - radius[b];
        dqc[q * m + b] = lb;
        if (lb < minLb[b]) minLb[b] = lb;
      }
    }
    const order = Array.from({ length: m }, (_, b) => b).sort((u, v) =>
      u === a ? -1 : v === a ? 1 : minLb[u] - minLb[v] || u - v,
    );
    const active = new Int32Array(na);
    for (const b of order) {
      // Largest current k-th distance over the queries (Infinity while some list is not full).
      let worst = 0;
      for (let q = 0; q < na; q++) {
        const w = bd[q * kk + kk - 1];
        if (w > worst) worst = w;
      }
      const worstD = Math.sqrt(Math.max(0, worst));
      if (b !== a && minLb[b] > worstD + slack) break;
      let nact = 0;
      for (let q = 0; q < na; q++) {
        const kth = Math.sqrt(Math.max(0, bd[q * kk + kk - 1]));
        if (b === a || dqc[q * m + b] <= kth + slack) active[nact++] = q;
      }
      if (nact === 0) continue;
      const b0 = start[b];
      const b1 = start[b + 1];
      if (xr) scanBlockPds(xr, orig, dim, bd, bi, kk, q0, active, nact, b0, b1);
      else scanBlock(x, norms, orig, dim, bd, bi, kk, q0, active, nact, b0, b1);
    }
    // Exact distances for the chosen neighbours, sorted by (distance, index).
    const tmpI = new Int32Array(kk);
    const tmpD = new Float64Array(kk);
    for (let q = 0; q < na; q++) {
      const i = orig[q0 + q];
      const oi = i * dim;
      for (let t = 0; t < kk; t++) {
        const j = bi[q * kk + t];
        const oj = j * dim;
        let s = 0;
        for (let u = 0; u < dim; u++) {
          const d = embeddings[oi + u] - embeddings[oj + u];
          s += d * d;
        }
        tmpI[t] = j;
        tmpD[t] = s;
      }
      for (let t = 1; t < kk; t++) {
        const dj = tmpD[t];
        const ij = tmpI[t];
        let u = t - 1;
        while (u >= 0 && (tmpD[u] > dj || (tmpD[u] === dj && tmpI[u] > ij))) {
          tmpD[u + 1] = tmpD[u];
          tmpI[u + 1] = tmpI[u];
          u--;
        }
        tmpD[u + 1] = dj;
        tmpI[u + 1] = ij;
      }
      for (let t = 0; t < kk; t++) {
        indices[i * kk + t] = tmpI[t];
        distances[i * kk + t] = Math.sqrt(tmpD[t]);
      }
    }
    done += na;
    progress(0.05 + 0.95 * (done / n));
  }
  progress(1);
  return { graph: { k: kk, indices, distances }, kernel: xr ? 'partial-distance' : 'blocked', cells: m };
}

/**
 * Distances from the `nact` active queries (cell offsets in `active`, cell start q0) to the points
 * b0..b1, four queries at a time; updates the sorted top-k lists. Kept small and monomorphic so
 * the JIT optimises it.
 */
function scanBlock(
  x: Float32Array,
  norms: Float64Array,
  orig: Int32Array,
  dim: number,
  bd: Float64Array,
  bi: Int32Array,
  kk: number,
  q0: number,
  active: Int32Array,
  nact: number,
  b0: number,
  b1: number,
): void {
  let ai = 0;
  for (; ai + 4 <= nact; ai += 4) {
    const qa = active[ai];
    const qb = active[ai + 1];
    const qc = active[ai + 2];
    const qd = active[ai + 3];
    const pa = q0 + qa;
    const pb = q0 + qb;
    const pc = q0 + qc;
    const pd = q0 + qd;
    const oa = pa * dim;
    const ob = pb * dim;
    const oc = pc * dim;
    const od = pd * dim;
    for (let j = b0; j < b1; j++) {
      const oj = j * dim;
      let sa = 0;
      let sb = 0;
      let sc = 0;
      let sd = 0;
      for (let t = 0; t < dim; t++) {
        const v = x[oj + t];
        sa += x[oa + t] * v;
        sb += x[ob + t] * v;
        sc += x[oc + t] * v;
        sd += x[od + t] * v;
      }
      const nj = norms[j];
      const oi = orig[j];
      const da = Math.max(0, norms[pa] + nj - 2 * sa);
      const db = Math.max(0, norms[pb] + nj - 2 * sb);
      const dc = Math.max(0, norms[pc] + nj - 2 * sc);
      const dd = Math.max(0, norms[pd] + nj - 2 * sd);
      if (da <= bd[qa * kk + kk - 1] && j !== pa) insertNearest(bd, bi, qa * kk, kk, da, oi);
      if (db <= bd[qb * kk + kk - 1] && j !== pb) insertNearest(bd, bi, qb * kk, kk, db, oi);
      if (dc <= bd[qc * kk + kk - 1] && j !== pc) insertNearest(bd, bi, qc * kk, kk, dc, oi);
      if (dd <= bd[qd * kk + kk - 1] && j !== pd) insertNearest(bd, bi, qd * kk, kk, dd, oi);
    }
  }
  for (; ai < nact; ai++) {
    const qa = active[ai];
    const pa = q0 + qa;
    const oa = pa * dim;
    for (let j = b0; j < b1; j++) {
      if (j === pa) continue;
      const oj = j * dim;
      let sa = 0;
      for (let t = 0; t < dim; t++) sa += x[oa + t] * x[oj + t];
      insertNearest(bd, bi, qa * kk, kk, Math.max(0, norms[pa] + norms[j] - 2 * sa), orig[j]);
    }
  }
}

/**
 * The reordered rows `x` rotated into the principal basis of their residuals from their cell
 * centres (the local spread that matters for neighbour search), when partial-distance search pays
 * off: the top PDS_HEAD residual directions hold ≥ max(PDS_MIN_SHARE, 1.5·PDS_HEAD/dim) of the
 * residual variance, i.e. clearly more than an isotropic cloud. Else null.
 */
function pdsRotation(
  x: Float32Array,
  n: number,
  dim: number,
  start: Int32Array,
  centres: Float64Array,
  m: number,
): Float64Array | null {
  if (dim < PDS_MIN_DIM || dim > 128 || n < SMALL_N) return null;
  const step = Math.max(1, Math.floor(n / 5000));
  const rows = Math.ceil(n / step);
  const res = new Float32Array(rows * dim);
  let cell = 0;
  for (let r = 0; r < rows; r++) {
    const q = r * step;
    while (cell < m - 1 && q >= start[cell + 1]) cell++;
    for (let t = 0; t < dim; t++) res[r * dim + t] = x[q * dim + t] - centres[cell * dim + t];
  }
  const p = pcaRows(res, dim, null, rows, dim, 1);
  let head = 0;
  for (let t = 0; t < PDS_HEAD; t++) head += p.variances[t];
  const need = Math.min(0.95, Math.max(PDS_MIN_SHARE, (1.5 * PDS_HEAD) / dim));
  if (!(p.totalVariance > 0) || head / p.totalVariance < need) return null;
  const xr = new Float64Array(n * dim);
  for (let q = 0; q < n; q++) {
    const o = q * dim;
    for (let c = 0; c < dim; c++) {
      let v = 0;
      const oc = c * dim;
      for (let t = 0; t < dim; t++) v += x[o + t] * p.components[oc + t];
      xr[o + c] = v;
    }
  }
  return xr;
}

/** Partial-distance kernel in the rotated (PCA) basis: abandons a pair once its partial sum exceeds the k-th. */
function scanBlockPds(
  xr: Float64Array,
  orig: Int32Array,
  dim: number,
  bd: Float64Array,
  bi: Int32Array,
  kk: number,
  q0: number,
  active: Int32Array,
  nact: number,
  b0: number,
  b1: number,
): void {
  for (let ai = 0; ai < nact; ai++) {
    const q = active[ai];
    const pq = q0 + q;
    const oq = pq * dim;
    const last = q * kk + kk - 1;
    let kth = bd[last];
    for (let j = b0; j < b1; j++) {
      if (j === pq) continue;
      const oj = j * dim;
      let s = 0;
      let t = 0;
      while (t < dim) {
        const end = t + 8 < dim ? t + 8 : dim;
        for (; t < end; t++) {
          const d = xr[oq + t] - xr[oj + t];
          s += d * d;
        }
        if (s > kth) break;
      }
      if (t === dim && s <= kth) {
        insertNearest(bd, bi, q * kk, kk, s, orig[j]);
        kth = bd[last];
      }
    }
  }
}

/**
 * Inserts (d2, idx) into the ascending list bd/bi[off .. off+k) if it beats the k-th entry (ties:
 * the lower idx first). Unfilled entries are Infinity / -1.
 */
export function insertNearest(
  bd: Float64Array,
  bi: Int32Array,
  off: number,
  k: number,
  d2: number,
  idx: number,
): void {
  const last = off + k - 1;
  const wd = bd[last];
  if (d2 > wd || (d2 === wd && idx >= bi[last])) return;
  let p = last;
  while (p > off && (bd[p - 1] > d2 || (bd[p - 1] === d2 && bi[p - 1] > idx))) {
    bd[p] = bd[p - 1];
    bi[p] = bi[p - 1];
    p--;
  }
  bd[p] = d2;
  bi[p] = idx;
}

/** Assigns each point to its nearest centre (ties: lower centre index). */
function assignCells(
  x: Float32Array,
  n: number,
  dim: number,
  centres: Float64Array,
  m: number,
  out: Int32Array,
): void {
  const cn = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += centres[c * dim + t] * centres[c * dim + t];
    cn[c] = s;
  }
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    let best = Infinity;
    let arg = 0;
    for (let c = 0; c < m; c++) {
      const oc = c * dim;
      let s = 0;
      for (let t = 0; t < dim; t++) s += x[oi + t] * centres[oc + t];
      const d = cn[c] - 2 * s;
      if (d < best) {
        best = d;
        arg = c;
      }
    }
    out[i] = arg;
  }
}
