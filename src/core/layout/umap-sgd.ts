// UMAP's layout optimisation (umap-learn's optimize_layout_euclidean, which umap-js follows):
// stochastic gradient descent on the fuzzy cross-entropy between the graph and the 2-D
// similarities 1/(1 + a·d^(2b)). Each edge is sampled in proportion to its weight (an edge of
// weight w every w_max/w epochs) and pulls its two ends together; every sample also pushes the
// head away from `negativeSampleRate` random points. Gradients are clipped to ±4 per coordinate
// and the learning rate falls linearly to 0 over the epochs.
//
// Speed: flat typed arrays walked row by row over the CSR graph, the row's point kept in locals;
// the two gradient coefficients (functions of d² only) read from tables (curve-table.ts) instead
// of two Math.pow calls; an inlined xorshift picks negative samples; no allocation per epoch.
//
// Threads: an instance may own only the rows [from, to) (its edges' sampling state and its own
// random stream), so several threads can each run the epoch over their rows on one shared
// positions array — umap-learn's parallel mode (Hogwild: a tail's update may race with another
// thread's; lock-free SGD tolerates that). See umap-threads.ts.
import type { FuzzyGraph } from './fuzzy-graph';
import { CURVE_TABLE_SHIFT, CurveTable } from './curve-table';

export interface SgdSettings {
  a: number;
  b: number;
  nEpochs: number;
  negativeSampleRate: number;
  /** Weight of the repulsive term (umap's repulsion_strength). */
  gamma: number;
  learningRate: number;
  seed: number;
}

/** Rows [from, to) of the graph; an instance with a range samples only those rows' edges. */
export interface RowRange {
  from: number;
  to: number;
}

const CLIP = 4;

/** Edges the optimiser samples: those with weight ≥ w_max / nEpochs (others never come due). */
export function sampledEdgeCount(graph: FuzzyGraph, nEpochs: number): number {
  const { weights } = graph;
  let wMax = 0;
  for (let e = 0; e < weights.length; e++) if (weights[e] > wMax) wMax = weights[e];
  const cut = wMax / nEpochs;
  let kept = 0;
  for (let e = 0; e < weights.length; e++) if (weights[e] >= cut && weights[e] > 0) kept++;
  return kept;
}

/** SGD state for one layout: call `epoch(e)` for e = 0 .. nEpochs−1 in order. */
export class UmapSgd {
  /** Edges kept: the graph's, minus those too weak to be sampled once in nEpochs (rows from..to). */
  readonly rowPtr: Int32Array;
  readonly from: number;
  readonly to: number;
  readonly cols: Int32Array;
  private readonly epochsPerSample: Float32Array;
  private readonly nextSample: Float64Array;
  private readonly nextNegative: Float64Array;
  private rng: number;
  /** Attraction coefficient −2ab·d^(2b−2)/(1 + a·d^(2b)) as a function of d². */
  private readonly attraction: CurveTable;
  /** Repulsion coefficient 2γb/((0.001 + d²)(1 + a·d^(2b))) as a function of d². */
  private readonly repulsion: CurveTable;
  // Scratch for reading a float32's bits (the table index).
  private readonly f32 = new Float32Array(1);
  private readonly u32 = new Uint32Array(this.f32.buffer);

  constructor(
    graph: FuzzyGraph,
    /** n×2 positions, updated in place. */
    readonly positions: Float32Array,
    readonly settings: SgdSettings,
    rows: RowRange = { from: 0, to: graph.n },
  ) {
    const { rowPtr, cols, weights } = graph;
    const { from, to } = rows;
    if (!(from >= 0 && from <= to && to <= graph.n)) throw new Error(`bad row range ${from}..${to}`);
    this.from = from;
    this.to = to;
    // The cut is the whole graph's (every thread must keep the same edges).
    let wMax = 0;
    for (let e = 0; e < weights.length; e++) if (weights[e] > wMax) wMax = weights[e];
    const cut = wMax / settings.nEpochs;
    // rowPtr is indexed by row − from.
    this.rowPtr = new Int32Array(to - from + 1);
    let kept = 0;
    for (let e = rowPtr[from]; e < rowPtr[to]; e++) if (weights[e] >= cut && weights[e] > 0) kept++;
    this.cols = new Int32Array(kept);
    this.epochsPerSample = new Float32Array(kept);
    let m = 0;
    for (let i = from; i < to; i++) {
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        if (!(weights[e] >= cut && weights[e] > 0)) continue;
        this.cols[m] = cols[e];
        this.epochsPerSample[m++] = wMax / weights[e];
      }
      this.rowPtr[i + 1 - from] = m;
    }
    this.nextSample = Float64Array.from(this.epochsPerSample);
    this.nextNegative = new Float64Array(kept);
    const rate = Math.max(settings.negativeSampleRate, 0);
    for (let e = 0; e < kept; e++)
      this.nextNegative[e] = rate > 0 ? this.epochsPerSample[e] / rate : Infinity;
    // xorshift32 needs a non-zero state.
    this.rng = settings.seed >>> 0 || 0x9e3779b9;
    const { a, b, gamma } = settings;
    this.attraction = new CurveTable((d2) => {
      const pb = Math.pow(d2, b);
      return (-2 * a * b * pb) / (d2 * (a * pb + 1));
    });
    this.repulsion = new CurveTable((d2) => (2 * gamma * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1)));
  }

  /** Number of edges sampled by the optimiser (each direction counted). */
  get edgeCount(): number {
    return this.cols.length;
  }

  /** One epoch at index `epoch` (0-based); the learning rate is learningRate·(1 − epoch/nEpochs). */
  epoch(epoch: number): void {
    const { nEpochs, negativeSampleRate: rate } = this.settings;
    const alpha = this.settings.learningRate * (1 - epoch / nEpochs);
    const pos = this.positions;
    const n = pos.length >> 1;
    const { rowPtr, cols, epochsPerSample, nextSample, nextNegative, f32, u32, from, to } = this;
    const attractFn = this.attraction.fn;
    const repelFn = this.repulsion.fn;
    const attract = this.attraction.values;
    const repel = this.repulsion.values;
    // Both tables share the same segment layout.
    const base = this.attraction.base;
    const segments = this.attraction.segments;
    const fracMask = (1 << CURVE_TABLE_SHIFT) - 1;
    const fracScale = 1 / (1 << CURVE_TABLE_SHIFT);
    const invTwo32 = 1 / 4294967296;
    let rng = this.rng;
    for (let i = from; i < to; i++) {
      const e1 = rowPtr[i + 1 - from];
      let e = rowPtr[i - from];
      // Skip rows with nothing due this epoch without touching the positions.
      for (; e < e1; e++) if (nextSample[e] <= epoch) break;
      if (e === e1) continue;
      let cx = pos[2 * i];
      let cy = pos[2 * i + 1];
      for (; e < e1; e++) {
        if (nextSample[e] > epoch) continue;
        const k = cols[e];
        let dx = cx - pos[2 * k];
        let dy = cy - pos[2 * k + 1];
        let d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          f32[0] = d2;
          const bits = u32[0];
          const s = (bits >>> CURVE_TABLE_SHIFT) - base;
          let coeff: number;
          if (s >= 0 && s < segments) {
            const lo = attract[s];
            coeff = lo + (attract[s + 1] - lo) * (bits & fracMask) * fracScale;
          } else coeff = attractFn(d2);
          let gx = coeff * dx;
          let gy = coeff * dy;
          gx = gx > CLIP ? CLIP : gx < -CLIP ? -CLIP : gx;
          gy = gy > CLIP ? CLIP : gy < -CLIP ? -CLIP : gy;
          cx += gx * alpha;
          cy += gy * alpha;
          pos[2 * k] -= gx * alpha;
          pos[2 * k + 1] -= gy * alpha;
        }
        const eps = epochsPerSample[e];
        nextSample[e] += eps;
        if (!(rate > 0)) continue;
        const epsNeg = eps / rate;
        const negatives = Math.floor((epoch - nextNegative[e]) / epsNeg);
        if (negatives <= 0) continue;
        nextNegative[e] += negatives * epsNeg;
        // The negatives of one sample are computed from the same position and summed: this drops
        // the step-to-step dependency (each update waiting for the previous one), so the CPU
        // overlaps them. umap-learn applies them one by one; with a learning rate ≤ 1 and
        // gradients clipped to ±4 the difference is well inside the optimiser's own noise.
        let sx = 0;
        let sy = 0;
        for (let p = 0; p < negatives; p++) {
          rng ^= rng << 13;
          rng ^= rng >>> 17;
          rng ^= rng << 5;
          // Multiply-shift instead of %: an integer division costs more than the rest of the step.
          const j = Math.floor((rng >>> 0) * invTwo32 * n);
          if (j === i) continue;
          dx = cx - pos[2 * j];
          dy = cy - pos[2 * j + 1];
          d2 = dx * dx + dy * dy;
          if (!(d2 > 0)) continue;
          f32[0] = d2;
          const bits = u32[0];
          const s = (bits >>> CURVE_TABLE_SHIFT) - base;
          let coeff: number;
          if (s >= 0 && s < segments) {
            const lo = repel[s];
            coeff = lo + (repel[s + 1] - lo) * (bits & fracMask) * fracScale;
          } else coeff = repelFn(d2);
          const gx = coeff * dx;
          const gy = coeff * dy;
          sx += gx > CLIP ? CLIP : gx < -CLIP ? -CLIP : gx;
          sy += gy > CLIP ? CLIP : gy < -CLIP ? -CLIP : gy;
        }
        cx += sx * alpha;
        cy += sy * alpha;
      }
      pos[2 * i] = cx;
      pos[2 * i + 1] = cy;
    }
    this.rng = rng;
  }
}
