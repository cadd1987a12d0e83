// Synthetic data for the detector tests: seeded Gaussian class blobs, planted poison, AUROC.
import { gaussian, mulberry32 } from '../../../src/core/random';
import { auroc as rankingAuroc } from '../../../src/core/redteam/ranking-metrics';
import { buildKnn } from '../../../src/core/layout/knn';
import { reasonLine } from '../../../src/core/report/reasons';
import type { DetectorInputs, Reason } from '../../../src/core/types';

/**
 * The AUROC of src/core/redteam/ranking-metrics (ties count half), as a number: 0.5 (chance) where
 * that one says null, when `truth` has no positives or no negatives.
 */
export function auroc(scores: ArrayLike<number>, truth: ArrayLike<number | boolean>): number {
  return rankingAuroc(scores, truth) ?? 0.5;
}

export interface Blobs {
  n: number;
  dim: number;
  c: number;
  x: Float32Array;
  /** True class of each sample. */
  truth: Int32Array;
  means: Float64Array;
}

/** `perClass` samples per class around random means (N(0, sep²) per coordinate), unit noise. */
export function blobs(
  perClass: number,
  c: number,
  dim: number,
  seed: number,
  sep = 3,
  scales?: number[],
): Blobs {
  const g = gaussian(mulberry32(seed));
  const means = new Float64Array(c * dim);
  for (let i = 0; i < means.length; i++) means[i] = g() * sep;
  const n = perClass * c;
  const x = new Float32Array(n * dim);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = i % c;
    truth[i] = y;
    for (let t = 0; t < dim; t++) x[i * dim + t] = means[y * dim + t] + g() * (scales ? scales[t] : 1);
  }
  return { n, dim, c, x, truth, means };
}

/** Probabilities that reflect the true class: p(true) ~ 0.55..0.95, the rest spread at random. */
export function trueProbs(truth: Int32Array, c: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const n = truth.length;
  const p = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    const top = 0.55 + 0.4 * rand();
    const w = Array.from({ length: c }, () => rand() + 0.05);
    w[truth[i]] = 0;
    const s = w.reduce((a, b) => a + b, 0);
    for (let j = 0; j < c; j++) p[i * c + j] = j === truth[i] ? top : ((1 - top) * w[j]) / s;
  }
  return p;
}

export function makeInputs(
  x: Float32Array,
  dim: number,
  labels: Int32Array,
  c: number,
  opts: {
    probs?: Float32Array;
    hashes?: string[];
    annotators?: (string | null)[] | null;
    k?: number;
    /** Raw input features for the input-space graph (default: the embeddings themselves). */
    input?: { x: Float32Array; dim: number };
  } = {},
): DetectorInputs {
  const n = labels.length;
  const probs =
    opts.probs ??
    trueProbs(
      Int32Array.from(labels, (y) => Math.max(0, y)),
      Math.max(1, c),
      99,
    );
  const knn = buildKnn(x, n, dim, opts.k ?? 10);
  return {
    n,
    c,
    classes: Array.from({ length: c }, (_, i) => `class${i}`),
    labels,
    probs,
    embeddings: x,
    dim,
    knn,
    inputKnn: opts.input ? buildKnn(opts.input.x, n, opts.input.dim, opts.k ?? 10) : knn,
    contentHash: opts.hashes ?? Array.from({ length: n }, (_, i) => `h${i}`),
    annotators: opts.annotators ?? null,
  };
}

/**
 * Plants a backdoor-like sub-population: `rate` × (size of the target class) extra samples drawn
 * from the source class's blob, shifted by `shift` along a random unit direction, labelled target.
 */
export function plantBackdoor(
  b: Blobs,
  rate: number,
  source: number,
  target: number,
  seed: number,
  shift = 4,
): { x: Float32Array; labels: Int32Array; poison: Uint8Array; truth: Int32Array } {
  const g = gaussian(mulberry32(seed));
  const { dim, c } = b;
  const perTarget = Math.round(b.n / c);
  const m = Math.max(1, Math.round(rate * perTarget));
  const u = Array.from({ length: dim }, () => g());
  const norm = Math.sqrt(u.reduce((a, v) => a + v * v, 0));
  const n = b.n + m;
  const x = new Float32Array(n * dim);
  x.set(b.x);
  const labels = new Int32Array(n);
  labels.set(b.truth);
  const truth = new Int32Array(n);
  truth.set(b.truth);
  const poison = new Uint8Array(n);
  for (let p = 0; p < m; p++) {
    const i = b.n + p;
    for (let t = 0; t < dim; t++) x[i * dim + t] = b.means[source * dim + t] + g() + (shift * u[t]) / norm;
    labels[i] = target;
    truth[i] = source;
    poison[i] = 1;
  }
  return { x, labels, poison, truth };
}

export function count(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] ? 1 : 0;
  return s;
}

export function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/** A detector's reason for one sample as scores.csv writes it ('' when none). */
export function why(reason: Reason | null | undefined): string {
  return reason ? reasonLine(reason) : '';
}
