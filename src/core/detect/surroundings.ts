// Confirmation of a backdoor detector's candidate group by its surroundings, where there is no
// probe. Spectral signatures and activation clustering nominate a group (a class's separate mode);
// with a probe, reclassification confirms it (reclassify.ts: the model is surer of the label than
// the group's raw-input look-alikes). Without one (an embedding column alone past
// scan/features.ts PROBE_MAX_ROWS: the scan's detector stage is told `probeTrained = false`) there
// is no model to be sure, and the embeddings are the only view of the inputs. What a trigger still
// leaves there: the group is another class's content carrying this label, so the rows nearest to it
// outside it carry the other class's label. A natural second mode of a class (two styles) has its
// own class around it.
//
// The test (campaign.ts's surroundings test, on the embeddings):
//   core:      the coordinate-wise median of the group's embeddings (of ≤ `coreSample` members);
//   outsiders: the `surround` labelled rows nearest to the core outside the group, by brute force
//              over every row (a trigger group is its own neighbourhood in the kNN graph, so the
//              graph has no outsiders near it); one pass over the n × dim matrix per group;
//   null:      if the data agreed with the group's label y, the outsiders would carry y as often as
//              the neighbours of y's own rows do (ρ_y, the class's homophily in the kNN graph, every
//              candidate group's rows left out); p = P(Binomial(surround, ρ_y) ≤ observed),
//              required with another class in plurality.
// A group is confirmed when p ≤ α / (candidate groups tested) (Bonferroni over every group the two
// detectors nominated). A confirmed group is flagged by the detector that nominated it, as a
// reclassified group would be (activation clustering: the group tier; spectral: its own tier).
// Not told apart: a natural mode of class y that lies among another class's rows (all its nearest
// outsiders carry that class) looks the same; so does a cluster of mislabelled rows.
import type { ClassVerdict, DetectorInputs, DetectorResult, Reason } from '../types';
import { insertNearest } from '../layout/knn';
import { verdictLine } from '../report/reasons';
import { binomCdf, CAMPAIGN_PARAMS, classHomophily } from './campaign';
import { className, median, round } from './stats';

export const SURROUNDINGS_PARAMS = {
  /** Labelled outsiders nearest to a group's core (as campaign.ts). */
  surround: CAMPAIGN_PARAMS.surround,
  /** Family-wise error rate over the candidate groups (Bonferroni; as campaign.ts). */
  alpha: CAMPAIGN_PARAMS.alpha,
  /** Members the core (coordinate-wise median) is taken over. */
  coreSample: 2000,
};

/** What a group's surroundings say. */
export interface Surroundings {
  /** Labelled outsiders looked at. */
  seen: number;
  /** Of them, carrying the group's label. */
  sameLabel: number;
  /** The label most of them carry, and how many. */
  plurality: string;
  pluralityCount: number;
  /** ρ_y: the share of the group's label around its class's own rows (the kNN graph). */
  classShare: number;
  /**
   * Share of the members' kNN-graph neighbours that are members (reported, not used: a trigger
   * group is its own neighbourhood; a mode of natural confusion would be interleaved with the
   * other class).
   */
  internalShare: number;
  p: number;
  threshold: number;
  confirmed: boolean;
}

/** A group a backdoor detector nominated: rows of one class. */
export interface CandidateGroup {
  y: number;
  rows: ArrayLike<number>;
}

/** The groups each result's detector nominated (kept beside the result, not in its output). */
const nominations = new WeakMap<DetectorResult, CandidateGroup[]>();

/** Records the groups a detector nominated, for confirmBySurroundings. */
export function nominate<R extends DetectorResult>(result: R, groups: CandidateGroup[]): R {
  nominations.set(result, groups);
  return result;
}

/** One line for a group's surroundings, for reasons and verdicts. */
export function describeSurroundings(s: Surroundings, label: string): string {
  const around = `its ${s.seen} nearest rows outside the group`;
  const p = s.p < 1e-300 ? 'p<1e-300' : `p=${s.p.toExponential(1)}`;
  return s.confirmed
    ? `${around} are labelled ${s.plurality} (${s.pluralityCount}/${s.seen}), not ${label} ` +
        `(${s.sameLabel}/${s.seen}; ${(s.classShare * 100).toFixed(0)}% around the class's own rows, ${p})`
    : `${around} carry ${label} ${s.sameLabel}/${s.seen} (most: ${s.plurality}; ` +
        `${(s.classShare * 100).toFixed(0)}% around the class's own rows): ` +
        (s.p >= 1 ? 'its own class around it' : `not significant (${p})`);
}

/** The `count` labelled rows nearest to `core` (squared Euclidean) that `inGroup` does not mark. */
export function nearestOutsiders(
  data: Float32Array,
  dim: number,
  n: number,
  labels: Int32Array,
  core: Float64Array,
  inGroup: Uint8Array,
  count: number,
): Int32Array {
  if (count <= 0) return new Int32Array(0);
  // Ascending distances and rows (knn.ts's insertNearest: ties keep the lower row), Infinity/-1
  // until filled.
  const bestD = new Float64Array(count).fill(Infinity);
  const bestJ = new Int32Array(count).fill(-1);
  for (let j = 0; j < n; j++) {
    if (inGroup[j] || labels[j] < 0) continue;
    const bound = bestD[count - 1];
    const o = j * dim;
    let s = 0;
    // Abandoned once past the bound (checked every 32 dimensions).
    for (let d0 = 0; d0 < dim && s < bound; d0 += 32) {
      const d1 = Math.min(dim, d0 + 32);
      for (let d = d0; d < d1; d++) {
        const e = data[o + d] - core[d];
        s += e * e;
      }
    }
    if (s < bound) insertNearest(bestD, bestJ, 0, count, s, j);
  }
  const filled = bestJ.indexOf(-1);
  return filled < 0 ? bestJ : bestJ.slice(0, filled);
}

/**
 * The surroundings test for every group the results' detectors nominated (see the top of this
 * file); confirmed groups are flagged in their detector's result, and every tested class's verdict
 * says what the surroundings showed. Returns the number of groups tested.
 */
export function confirmBySurroundings(
  inputs: DetectorInputs,
  results: DetectorResult[],
  params = SURROUNDINGS_PARAMS,
): number {
  const { n, c, labels, classes, embeddings: data, dim } = inputs;
  const nominated = results.flatMap((result) =>
    (nominations.get(result) ?? []).filter((g) => g.rows.length > 0).map((group) => ({ result, group })),
  );
  if (!nominated.length || dim === 0) return 0;
  const graph = inputs.inputKnn ?? inputs.knn;
  const inGroup = new Uint8Array(n);
  for (const { group } of nominated) for (let u = 0; u < group.rows.length; u++) inGroup[group.rows[u]] = 1;
  const homophily = classHomophily(graph, labels, n, c, inGroup);
  inGroup.fill(0);
  const threshold = params.alpha / nominated.length;
  for (const { result, group } of nominated) {
    const { y, rows } = group;
    const m = rows.length;
    // The core: the coordinate-wise median of (an evenly spaced sample of) the members.
    const step = Math.max(1, m / params.coreSample);
    const sample: number[] = [];
    for (let t = 0; t < m; t += step) sample.push(rows[Math.floor(t)]);
    const core = new Float64Array(dim);
    const column = new Float64Array(sample.length);
    for (let d = 0; d < dim; d++) {
      for (let t = 0; t < sample.length; t++) column[t] = data[sample[t] * dim + d];
      core[d] = median(column);
    }
    for (let u = 0; u < m; u++) inGroup[rows[u]] = 1;
    const near = nearestOutsiders(data, dim, n, labels, core, inGroup, params.surround);
    let internal = 0;
    let edges = 0;
    for (let u = 0; u < m; u++)
      for (let t = 0; t < graph.k; t++) {
        const j = graph.indices[rows[u] * graph.k + t];
        if (j < 0 || j >= n) continue;
        edges++;
        internal += inGroup[j];
      }
    for (let u = 0; u < m; u++) inGroup[rows[u]] = 0;
    const votes = new Float64Array(Math.max(1, c));
    for (const j of near) votes[labels[j]]++;
    let top = -1;
    for (let j = 0; j < c; j++) if (votes[j] > 0 && (top < 0 || votes[j] > votes[top])) top = j;
    const seen = near.length;
    const p = seen && top >= 0 && top !== y ? binomCdf(votes[y], seen, homophily[y]) : 1;
    const s: Surroundings = {
      seen,
      sameLabel: votes[y],
      plurality: top >= 0 ? className(classes, top) : '',
      pluralityCount: top >= 0 ? votes[top] : 0,
      classShare: round(homophily[y], 3),
      internalShare: round(edges ? internal / edges : 0, 3),
      p,
      threshold,
      confirmed: p <= threshold,
    };
    record(result, group, s, m);
  }
  return nominated.length;
}

interface ClassDetail {
  class: string;
  verdict: string;
  flagged?: number;
  suspect?: boolean;
  surroundings?: Surroundings | null;
}

/** Writes a group's surroundings into its detector's result: flags, reasons, the class's verdict. */
function record(result: DetectorResult, group: CandidateGroup, s: Surroundings, m: number): void {
  const { y, rows } = group;
  const perClass = (result.details as { perClass?: ClassDetail[] } | undefined)?.perClass;
  const detail = perClass?.[y];
  const label = detail?.class ?? result.classVerdicts?.[y]?.class ?? String(y);
  const line = describeSurroundings(s, label);
  const what =
    result.name === 'spectral'
      ? `a separate mode along class ${label}'s top singular direction`
      : `a separate small cluster of class ${label}`;
  if (s.confirmed)
    for (let u = 0; u < m; u++) {
      const i = rows[u];
      result.flagged[i] = 1;
      const reason: Reason = {
        detector: result.name,
        tag: result.name === 'spectral' ? 'spectral' : 'activation clustering',
        text: `one of ${m} rows in ${what} (no probe: confirmed by its surroundings); ${line}`,
        values: { groupSize: m, sameLabel: s.sameLabel, seen: s.seen, pSurround: s.p },
      };
      result.reasons[i] = reason;
    }
  const verdict: ClassVerdict = {
    detector: result.name,
    class: label,
    kind: s.confirmed ? 'suspect' : 'clean',
    text: `${m} samples form ${what}; no probe: ${line}`,
    values: { groupSize: m, sameLabel: s.sameLabel, seen: s.seen, pSurround: s.p },
  };
  if (result.classVerdicts) result.classVerdicts[y] = verdict;
  if (detail) {
    detail.surroundings = s;
    detail.verdict = verdictLine(verdict);
    if ('suspect' in detail) detail.suspect = s.confirmed;
    if (s.confirmed && 'flagged' in detail) detail.flagged = m;
  }
}
