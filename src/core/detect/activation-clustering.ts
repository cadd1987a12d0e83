// Activation clustering (Chen et al. 2018; IBM ART's ActivationDefence).
//
// Per class: reduce the embeddings to 10 dims with PCA, split them with 2-means (k-means++ seeded,
// 4 restarts on a ≤ 2000-point subsample, best inertia, then Lloyd on all points), and measure the
// split's silhouette (exact per-sample silhouette against a stratified reference sample of ≤ 64
// points per cluster). A class is suspect only when all of these hold:
//   small:      the smaller cluster holds ≤ 35% of the class (and ≥ 3 samples, ≥ 0.5%);
//   separated:  mean silhouette ≥ 0.15, and along the axis through the two centroids the class is
//               two modes, not one population cut in two: a two-Gaussian fit to the projections
//               has Ashman's D ≥ 3 (as in spectral.ts);
//   reclassified: the small cluster fails the stand-in for Chen et al.'s exclusionary
//               reclassification (reclassify.ts): the model is sure of a label its raw-input
//               look-alikes do not carry (a learned trigger). Without a probe the scan judges the
//               small cluster by its surroundings instead (surroundings.ts).
// Why the last one: clean classes are often two styles (sneakers and slip-ons), and the better the
// probe is trained the more cleanly it separates them. Measured on clean Fashion-MNIST at 60k rows
// (seed 1) such splits reach 32–34% with silhouette 0.31–0.38 (Sneaker, Sandal); geometry alone
// flagged a whole clean class (Sneaker, 1,830 samples) on a planted-trigger run, while the
// planted cluster's own silhouette was lower (it mixes images of several source classes). The
// small-cluster silhouette is therefore reported, not required.
//
// Scores: a member of a suspect class's small cluster gets 0.5 + 0.5·max(0, its silhouette)
// (flagged). Every other sample gets a small continuous score < 0.5:
// 0.45 · (d_big / (d_big + d_small)) · g_class, where d_* are distances to the two centroids and
// g_class ∈ [0, 1] grades how close the class's split came to the geometric rule (silhouette, size
// and separation).
import type { ClassVerdict, Detector, DetectorInputs, DetectorResult, Reason } from '../types';
import { verdictLine } from '../report/reasons';
import { pcaRows } from '../layout/pca';
import { mulberry32, sampleIndices } from '../random';
import { describeReclassification, reclassifyGroup, type Reclassification } from './reclassify';
import { className, fitTwoGaussians, groupByClass, round } from './stats';
import { nominate, type CandidateGroup, type Surroundings } from './surroundings';

export const AC_PARAMS = {
  dims: 10,
  maxSmallFraction: 0.35,
  minSilhouette: 0.15,
  minSmallCount: 3,
  minSmallFraction: 0.005,
  /** Ashman's D of a two-Gaussian fit along the centroid axis. */
  minSeparation: 3,
  restarts: 4,
  silhouetteReference: 64,
};

export interface AcClassDetail {
  class: string;
  count: number;
  sizes: [number, number];
  smallFraction: number;
  silhouette: number;
  /** Mean silhouette of the small cluster's members (reported; a planted cluster of several
   * source classes' images scores low here too). */
  smallSilhouette: number;
  /** Ashman's D of a two-Gaussian fit to the projections on the centroid axis. */
  separation: number;
  /** The small cluster's reclassification (null when the geometry already clears the class). */
  reclassification: Reclassification | null;
  /** Without a probe: what the small cluster's surroundings say instead (surroundings.ts). */
  surroundings?: Surroundings | null;
  suspect: boolean;
  verdict: string;
}

/** Squared distance of point i (row-major, r columns) to centroid k. */
function dist2(pts: Float32Array, i: number, cen: Float64Array, k: number, r: number): number {
  let s = 0;
  const oi = i * r;
  const ok = k * r;
  for (let t = 0; t < r; t++) {
    const d = pts[oi + t] - cen[ok + t];
    s += d * d;
  }
  return s;
}

/** Lloyd iterations for 2 centroids over the listed points; returns the inertia. */
function lloyd(
  pts: Float32Array,
  ids: Int32Array,
  r: number,
  cen: Float64Array,
  assign: Uint8Array,
  maxIter: number,
): number {
  const m = ids.length;
  let inertia = 0;
  const sums = new Float64Array(2 * r);
  for (let iter = 0; iter < maxIter; iter++) {
    let changed = 0;
    inertia = 0;
    sums.fill(0);
    let c0 = 0;
    for (let u = 0; u < m; u++) {
      const i = ids[u];
      const a = dist2(pts, i, cen, 0, r);
      const b = dist2(pts, i, cen, 1, r);
      const k = b < a ? 1 : 0;
      inertia += k ? b : a;
      if (assign[u] !== k) changed++;
      assign[u] = k;
      if (k === 0) c0++;
      const oi = i * r;
      for (let t = 0; t < r; t++) sums[k * r + t] += pts[oi + t];
    }
    const cnt = [c0, m - c0];
    for (let k = 0; k < 2; k++)
      if (cnt[k] > 0) for (let t = 0; t < r; t++) cen[k * r + t] = sums[k * r + t] / cnt[k];
    if (changed === 0 && iter > 0) break;
  }
  return inertia;
}

/**
 * 2-means on m points of dimension r (row-major): k-means++ seeding with `restarts` restarts on a
 * seeded subsample of ≤ 2000 points (best inertia wins), then Lloyd on all points from the winner.
 */
export function twoMeans(
  pts: Float32Array,
  m: number,
  r: number,
  rand: () => number,
  restarts: number,
): { assign: Uint8Array; centroids: Float64Array; inertia: number } {
  const sub = m > 2000 ? sampleIndices(m, 2000, rand).sort() : Int32Array.from({ length: m }, (_, i) => i);
  let bestCen = new Float64Array(2 * r);
  let bestInertia = Infinity;
  for (let rep = 0; rep < restarts; rep++) {
    const cen = new Float64Array(2 * r);
    const first = sub[Math.floor(rand() * sub.length)];
    for (let t = 0; t < r; t++) cen[t] = pts[first * r + t];
    let total = 0;
    const w = new Float64Array(sub.length);
    for (let u = 0; u < sub.length; u++) {
      w[u] = dist2(pts, sub[u], cen, 0, r);
      total += w[u];
    }
    let second = first;
    if (total > 0) {
      let x = rand() * total;
      for (let u = 0; u < sub.length; u++) {
        x -= w[u];
        if (x <= 0 && w[u] > 0) {
          second = sub[u];
          break;
        }
      }
      if (second === first) {
        for (let u = sub.length - 1; u >= 0; u--) {
          if (w[u] > 0) {
            second = sub[u];
            break;
          }
        }
      }
    }
    for (let t = 0; t < r; t++) cen[r + t] = pts[second * r + t];
    const inertia = lloyd(pts, sub, r, cen, new Uint8Array(sub.length).fill(255), 60);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      bestCen = cen;
    }
  }
  const all = Int32Array.from({ length: m }, (_, i) => i);
  const assign = new Uint8Array(m).fill(255);
  const inertia = lloyd(pts, all, r, bestCen, assign, 60);
  return { assign, centroids: bestCen, inertia };
}

export interface ActivationClusteringDetails {
  perClass: AcClassDetail[];
}

export const activationClustering: Detector<ActivationClusteringDetails> = {
  name: 'activation-clustering',
  title: 'Activation clustering',
  description:
    'Activation clustering: per class 2-means on PCA-reduced embeddings; a small, well-separated cluster is suspect',
  explanation:
    'Within their class the model’s internal representations split into a small, well-separated cluster, as samples sharing a planted trigger do (activation clustering, Chen et al. 2018).',
  severity: 'medium',
  weight: 0.8,
  family: 'backdoor',
  // Its flags pass reclassification (a learned shortcut): a trigger group.
  flag: 'group',
  run(inputs: DetectorInputs): DetectorResult<ActivationClusteringDetails> {
    const { n, c, dim, embeddings, labels, classes } = inputs;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    const perClass: AcClassDetail[] = [];
    const verdicts: ClassVerdict[] = [];
    const groups = groupByClass(labels, c);
    const candidates: CandidateGroup[] = [];
    const P = AC_PARAMS;
    for (let y = 0; y < c; y++) {
      const rows = groups[y];
      const m = rows.length;
      const name = className(classes, y);
      const detail: AcClassDetail = {
        class: name,
        count: m,
        sizes: [m, 0],
        smallFraction: 0,
        silhouette: 0,
        smallSilhouette: 0,
        separation: 0,
        reclassification: null,
        suspect: false,
        verdict: '',
      };
      perClass.push(detail);
      const judge = (kind: ClassVerdict['kind'], text: string, values?: Record<string, number>) => {
        verdicts[y] = {
          detector: 'activation-clustering',
          class: name,
          kind,
          text,
          ...(values && { values }),
        };
        detail.verdict = verdictLine(verdicts[y]);
      };
      judge('undecided', 'too few samples');
      if (m < 4 || dim === 0) continue;
      const rand = mulberry32(104729 + y * 7919);
      const p = pcaRows(embeddings, dim, rows, m, Math.min(P.dims, dim), 31 + y);
      const r = p.outDim;
      const { assign, centroids } = twoMeans(p.projected, m, r, rand, P.restarts);
      const cnt = [0, 0];
      for (let i = 0; i < m; i++) cnt[assign[i]]++;
      if (cnt[0] === 0 || cnt[1] === 0) {
        judge('undecided', 'no split (identical points)');
        continue;
      }
      const small = cnt[1] < cnt[0] ? 1 : 0;
      const smallCount = cnt[small];
      const frac = smallCount / m;
      detail.sizes = [cnt[1 - small], smallCount];
      detail.smallFraction = round(frac);
      // Stratified reference sample for the silhouette.
      const members: number[][] = [[], []];
      for (let i = 0; i < m; i++) members[assign[i]].push(i);
      const refs = members.map((list) => {
        const pick = sampleIndices(list.length, P.silhouetteReference, rand);
        return Array.from(pick, (t) => list[t]);
      });
      const sil = new Float64Array(m);
      const dist = (i: number, j: number) => {
        let s = 0;
        for (let t = 0; t < r; t++) {
          const d = p.projected[i * r + t] - p.projected[j * r + t];
          s += d * d;
        }
        return Math.sqrt(s);
      };
      let silSum = 0;
      let silSmall = 0;
      for (let i = 0; i < m; i++) {
        const own = assign[i];
        if (cnt[own] === 1) continue;
        let a = 0;
        let na = 0;
        for (const j of refs[own]) {
          if (j === i) continue;
          a += dist(i, j);
          na++;
        }
        let b = 0;
        for (const j of refs[1 - own]) b += dist(i, j);
        a = na > 0 ? a / na : 0;
        b = b / refs[1 - own].length;
        const mx = Math.max(a, b);
        sil[i] = mx > 0 ? (b - a) / mx : 0;
        silSum += sil[i];
        if (own === small) silSmall += sil[i];
      }
      const silhouette = silSum / m;
      const smallSilhouette = silSmall / smallCount;
      detail.silhouette = round(silhouette);
      detail.smallSilhouette = round(smallSilhouette);
      // Separation along the axis through the two centroids (one population cut in two gives
      // one mode there; a sub-population a second one).
      const axisProj = new Float64Array(m);
      let axisNorm = 0;
      for (let t = 0; t < r; t++)
        axisNorm += (centroids[small * r + t] - centroids[(1 - small) * r + t]) ** 2;
      if (axisNorm > 0)
        for (let i = 0; i < m; i++) {
          let v = 0;
          for (let t = 0; t < r; t++)
            v += p.projected[i * r + t] * (centroids[small * r + t] - centroids[(1 - small) * r + t]);
          axisProj[i] = v / Math.sqrt(axisNorm);
        }
      const separation = axisNorm > 0 ? fitTwoGaussians(axisProj).separation : 0;
      detail.separation = round(separation, 2);
      const geometric =
        frac <= P.maxSmallFraction &&
        silhouette >= P.minSilhouette &&
        separation >= P.minSeparation &&
        smallCount >= Math.max(P.minSmallCount, Math.ceil(P.minSmallFraction * m));
      let reclass: Reclassification | null = null;
      if (geometric) {
        const smallRows: number[] = [];
        for (let i = 0; i < m; i++) if (assign[i] === small) smallRows.push(rows[i]);
        candidates.push({ y, rows: smallRows });
        reclass = reclassifyGroup(inputs, smallRows, y);
        detail.reclassification = reclass;
      }
      const suspect = geometric && reclass !== null && reclass.shortcut;
      detail.suspect = suspect;
      const grade =
        Math.min(1, Math.max(0, silhouette / P.minSilhouette)) *
        Math.min(1, Math.max(0, (0.5 - frac) / (0.5 - P.maxSmallFraction))) *
        Math.min(1, Math.max(0, separation / P.minSeparation));
      const pct = (frac * 100).toFixed(1);
      const values = { smallFraction: frac, smallCount, silhouette, separation, smallSilhouette };
      if (suspect)
        judge(
          'suspect',
          `small cluster ${pct}% (n=${smallCount}), silhouette ${silhouette.toFixed(2)}, ` +
            `separation ${separation.toFixed(1)}; ${describeReclassification(reclass!)}`,
          values,
        );
      else if (geometric)
        judge(
          'clean',
          `small cluster ${pct}% (n=${smallCount}) is separated, but ${describeReclassification(reclass!)}`,
          values,
        );
      else
        judge(
          'clean',
          `split ${(100 - frac * 100).toFixed(0)}%/${pct}%, silhouette ${silhouette.toFixed(2)}, ` +
            `separation ${separation.toFixed(1)} (small cluster silhouette ${smallSilhouette.toFixed(2)})`,
          values,
        );
      for (let i = 0; i < m; i++) {
        const idx = rows[i];
        if (suspect && assign[i] === small) {
          scores[idx] = 0.5 + 0.5 * Math.max(0, sil[i]);
          flagged[idx] = 1;
          reasons[idx] = {
            detector: 'activation-clustering',
            tag: 'activation clustering',
            text:
              `in a separate small cluster (${pct}%) of class ${name} ` +
              `(silhouette ${silhouette.toFixed(2)}); the model is sure of its label, its look-alikes are not`,
            values: { smallFraction: frac, silhouette },
          };
        } else {
          let dBig = 0;
          let dSmall = 0;
          for (let t = 0; t < r; t++) {
            const v = p.projected[i * r + t];
            dBig += (v - centroids[(1 - small) * r + t]) ** 2;
            dSmall += (v - centroids[small * r + t]) ** 2;
          }
          dBig = Math.sqrt(dBig);
          dSmall = Math.sqrt(dSmall);
          const rel = dBig + dSmall > 0 ? dBig / (dBig + dSmall) : 0.5;
          scores[idx] = 0.45 * rel * grade;
        }
      }
    }
    for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i])) scores[i] = 0;
    return nominate(
      {
        name: 'activation-clustering',
        scores,
        flagged,
        reasons,
        params: { ...AC_PARAMS },
        classVerdicts: verdicts,
        details: { perClass },
      },
      candidates,
    );
  },
};
