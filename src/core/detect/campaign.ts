// Coordinated campaigns: a batch of near-duplicates (one template, small variations) that all
// carry one label, carried by one annotator, that the rest of the data disagrees with. The batch
// agrees with itself, so per-sample detectors (neighbour disagreement, confident learning) are
// silent; the group is what gives it away.
//
// 1. Near-duplicate groups: connected components of the input graph's edges (raw inputs, before
//    the probe learned the batch) between rows of the same label and the same annotator; without
//    an annotator column, same-label edges no longer than `nearFraction` × the median 1-NN distance.
// 2. Annotator concentration (with an annotator column, groups are built of one annotator's rows):
//    of the group's graph edges to rows of its label, x stay inside the group (beyond the m − 1
//    that built it); if annotators were assigned regardless of content, each would land on the
//    annotator's rows with probability q_a, its share of the data: p_a = P(Binomial ≥ x).
//    Groups with p_a ≤ α / groups go on (gatekeeping); without an annotator column all go on.
// 3. Surroundings: the `surround` labelled rows nearest to the group's core (the coordinate-wise
//    median of its members) in the raw features, outside the group. If the data agreed with the group's label y, they would carry
//    y as often as the neighbours of y's own rows do (ρ_y, the class's homophily in the input
//    graph); p_s = P(Binomial(surround, ρ_y) ≤ observed), required with another class in plurality.
// A group is a campaign when p_s (and p_a) ≤ α / (groups that went on) (Bonferroni).
// Members' score: 0.25 + 0.75 · min(1, −log10(max p) / 20) for a campaign, a quarter of that
// strength for a group that went on but was not one; every other row scores 0.
import type { Detector, DetectorInputs, DetectorResult, KnnGraph, Reason } from '../types';
import { className, median, round } from './stats';

export const CAMPAIGN_PARAMS = {
  /** Near-duplicate edge: input-graph distance ≤ this × the median 1-NN distance. */
  nearFraction: 0.5,
  /** Smallest group tested. */
  minSize: 3,
  /** Labelled outsiders nearest to a group's centroid that say what its content is. */
  surround: 20,
  /** Family-wise error rate over the groups tested (Bonferroni). */
  alpha: 0.01,
  maxGroupsInDetails: 50,
};

export interface CampaignGroup {
  members: number[];
  label: string;
  /** Share of the group's label among its `surround` nearest outsiders, and around its class's own rows. */
  surroundShare: number;
  classShare: number;
  pSurround: number;
  annotator: string | null;
  /** Share of the group's graph neighbours inside the group (all by `annotator`), and that annotator's share of all rows. */
  annotatorShare: number;
  annotatorBase: number;
  pAnnotator: number | null;
  campaign: boolean;
  /** The label most of the surroundings carry. */
  surroundLabel: string;
}

export interface CampaignDetails {
  groupsTested: number;
  /** Groups whose annotator concentration passed and whose surroundings were tested. */
  surroundingsTested: number;
  annotatorThreshold: number;
  campaigns: number;
  threshold: number;
  /** Annotators carrying a campaign, most campaign items first. */
  annotators: { annotator: string; campaigns: number; items: number; minP: number }[];
  groups: CampaignGroup[];
  truncated: boolean;
}

function logChoose(n: number, k: number): number {
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/** ln Γ(x), Lanczos (g = 7, n = 9); x > 0. */
function lgamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  x -= 1;
  let a = g[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function binomPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

/** P(X ≤ k), X ~ Binomial(n, p). */
export function binomCdf(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = 0; i <= k; i++) s += binomPmf(i, n, p);
  return Math.min(1, s);
}

/** P(X ≥ k), X ~ Binomial(n, p). */
export function binomSf(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = k; i <= n; i++) s += binomPmf(i, n, p);
  return Math.min(1, s);
}

/**
 * Each class's homophily in a kNN graph: the mean, over the class's rows, of the share of their
 * labelled neighbours that carry the class's label; rows marked in `exclude` are left out, as
 * rows and as neighbours (0 for a class without rows).
 */
export function classHomophily(
  graph: KnnGraph,
  labels: Int32Array,
  n: number,
  c: number,
  exclude: Uint8Array,
): Float64Array {
  const k = graph.k;
  const homophily = new Float64Array(Math.max(1, c));
  const homophilyRows = new Float64Array(Math.max(1, c));
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y < 0 || y >= c || exclude[i]) continue;
    let same = 0;
    let all = 0;
    for (let t = 0; t < k; t++) {
      const j = graph.indices[i * k + t];
      if (j < 0 || j >= n || labels[j] < 0 || exclude[j]) continue;
      all++;
      if (labels[j] === y) same++;
    }
    if (!all) continue;
    homophily[y] += same / all;
    homophilyRows[y]++;
  }
  for (let y = 0; y < c; y++) homophily[y] = homophilyRows[y] ? homophily[y] / homophilyRows[y] : 0;
  return homophily;
}

/** 0 … n − 1. */
function* allRows(n: number): Generator<number> {
  for (let j = 0; j < n; j++) yield j;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

export const campaign: Detector<CampaignDetails> = {
  name: 'campaign',
  title: 'Campaign',
  description:
    'Coordinated campaign: near-duplicate groups with one label, carried by one annotator, that their surroundings disagree with',
  explanation:
    'These samples are near-copies of one another, all labelled alike and mostly by one annotator, while the data around them carries another label: the mark of a planted batch.',
  severity: 'high',
  // As strong as duplicates with conflicting labels (a significance test over a whole group).
  weight: 0.95,
  // A family of its own: coordination is evidence besides any doubt about each sample's label
  // (which the batch hides), so it adds to the label family rather than competing in it.
  flag: 'group',
  run(inputs: DetectorInputs): DetectorResult<CampaignDetails> {
    const { n, c, labels, classes, annotators } = inputs;
    const P = CAMPAIGN_PARAMS;
    const graph = inputs.inputKnn ?? inputs.knn;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    const k = graph.k;
    const nn1 = new Float64Array(k > 0 ? n : 0);
    for (let i = 0; i < nn1.length; i++) nn1[i] = graph.distances[i * k];
    const medNn = median(nn1);
    const tau = Number.isFinite(medNn) ? P.nearFraction * medNn : 0;
    // Annotator ids (−1: none).
    const who = new Int32Array(n).fill(-1);
    const annotatorNames: string[] = [];
    if (annotators) {
      const ids = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const a = annotators[i];
        if (a === null || labels[i] < 0) continue;
        let id = ids.get(a);
        if (id === undefined) {
          id = annotatorNames.length;
          ids.set(a, id);
          annotatorNames.push(a);
        }
        who[i] = id;
      }
    }
    // With annotators: an edge joins two rows of the same label and the same annotator (any
    // distance in the graph); without: two rows of the same label closer than tau.
    const joins = (i: number, j: number, d: number) =>
      labels[j] === labels[i] && (annotators ? who[i] >= 0 && who[j] === who[i] : d <= tau);
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    for (let i = 0; i < n && k > 0; i++) {
      if (labels[i] < 0) continue;
      for (let t = 0; t < k; t++) {
        const j = graph.indices[i * k + t];
        if (j < 0 || j >= n || !joins(i, j, graph.distances[i * k + t])) continue;
        const a = find(parent, i);
        const b = find(parent, j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      if (labels[i] < 0) continue;
      const r = find(parent, i);
      const g = byRoot.get(r);
      if (g) g.push(i);
      else byRoot.set(r, [i]);
    }
    const candidates = [...byRoot.values()].filter((g) => g.length >= P.minSize);
    const classCount = new Float64Array(Math.max(1, c));
    let labelled = 0;
    for (let i = 0; i < n; i++)
      if (labels[i] >= 0 && labels[i] < c) {
        classCount[labels[i]]++;
        labelled++;
      }
    const annotatorCount = new Map<string, number>();
    if (annotators)
      for (let i = 0; i < n; i++) {
        const a = annotators[i];
        if (a !== null && labels[i] >= 0) annotatorCount.set(a, (annotatorCount.get(a) ?? 0) + 1);
      }
    const inGroup = new Uint8Array(n);
    // 1. Annotator concentration, every group: its graph edges stay within the annotator's rows
    //    of its label far more often than the annotator's share of the data allows if annotators
    //    were assigned regardless of content. The m − 1 edges that join the group were chosen by
    //    how it was built, so they are not counted as evidence.
    const concentration = candidates.map((members) => {
      if (!annotators) return null;
      const y = labels[members[0]];
      const m = members.length;
      const annotator = annotatorNames[who[members[0]]];
      let internal = 0;
      let slots = 0;
      for (const i of members) inGroup[i] = 1;
      for (const i of members)
        for (let t = 0; t < k; t++) {
          const j = graph.indices[i * k + t];
          if (j < 0 || j >= n || labels[j] !== y) continue;
          slots++;
          if (inGroup[j]) internal++;
        }
      for (const i of members) inGroup[i] = 0;
      internal = Math.max(0, internal - (m - 1));
      slots = Math.max(0, slots - (m - 1));
      const base = (annotatorCount.get(annotator) ?? 0) / Math.max(1, labelled);
      return { annotator, internal, slots, base, p: binomSf(internal, slots, base) };
    });
    // Gatekeeping: with annotators, only the groups whose concentration is significant over all
    // groups (α / groups) go on to the surroundings test, at α / (groups that went on).
    const annotatorThreshold = P.alpha / Math.max(1, candidates.length);
    const gated = candidates.map((_, g) => !concentration[g] || concentration[g]!.p <= annotatorThreshold);
    const gatedCount = gated.filter(Boolean).length;
    const threshold = P.alpha / Math.max(1, gatedCount);
    const space = gatedCount && inputs.inputFeatures ? inputs.inputFeatures() : null;
    // What the data says about a class's own content: the share of same-label neighbours around
    // its rows (its homophily in the input graph), the gated groups' rows left out.
    for (let g = 0; g < candidates.length; g++) if (gated[g]) for (const i of candidates[g]) inGroup[i] = 1;
    const homophily = classHomophily(graph, labels, n, c, inGroup);
    inGroup.fill(0);
    const groups: CampaignGroup[] = [];
    candidates.forEach((members, g) => {
      const y = labels[members[0]];
      const m = members.length;
      const conc = concentration[g];
      // 3. Surroundings: the labelled outsiders nearest to the group's core in the raw features
      //    (else the graph's outside neighbours).
      const votes = new Float64Array(Math.max(1, c));
      let seen = 0;
      if (gated[g]) {
        for (const i of members) inGroup[i] = 1;
        if (space) {
          const { data, dim } = space;
          // The group's core: the coordinate-wise median of its members (what the variants share;
          // a word swapped into a few of them, or their jitter, drops out).
          const mu = new Float64Array(dim);
          const column = new Float64Array(m);
          for (let d = 0; d < dim; d++) {
            for (let t = 0; t < m; t++) column[t] = data[members[t] * dim + d];
            mu[d] = median(column);
          }
          // Candidates: the rows within two hops of a member in the input graph, where a natural
          // group's nearest outsiders lie (an approximation of the exact search over every row,
          // which cost 31 s on fashion-60k, where many natural groups are tested).
          const near = new Set<number>();
          for (const i of members)
            for (let t = 0; t < k; t++) {
              const j = graph.indices[i * k + t];
              if (j < 0 || j >= n) continue;
              near.add(j);
              for (let u = 0; u < k; u++) {
                const h = graph.indices[j * k + u];
                if (h >= 0 && h < n) near.add(h);
              }
            }
          let outside = 0;
          for (const j of near) if (!inGroup[j] && labels[j] >= 0) outside++;
          // A group the graph keeps to itself (a campaign's variants are all each other's
          // neighbours) has too few outsiders there: then every row is a candidate.
          const pool: Iterable<number> = outside >= P.surround ? near : allRows(n);
          const dist: [number, number][] = [];
          for (const j of pool) {
            if (inGroup[j] || labels[j] < 0) continue;
            let s2 = 0;
            for (let d = 0; d < dim; d++) {
              const e = data[j * dim + d] - mu[d];
              s2 += e * e;
            }
            dist.push([s2, j]);
          }
          dist.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
          for (const [, j] of dist.slice(0, P.surround)) {
            votes[labels[j]]++;
            seen++;
          }
        } else {
          for (const i of members)
            for (let t = 0; t < k && seen < P.surround; t++) {
              const j = graph.indices[i * k + t];
              if (j < 0 || j >= n || inGroup[j] || labels[j] < 0) continue;
              votes[labels[j]]++;
              seen++;
            }
        }
        for (const i of members) inGroup[i] = 0;
      }
      let top = -1;
      for (let j = 0; j < c; j++) if (votes[j] > 0 && (top < 0 || votes[j] > votes[top])) top = j;
      // Disagreement: the surroundings' plurality is another class, and they carry y less often
      // than the class's own rows' neighbours do (a one-sided binomial test against its homophily).
      const piY = homophily[y];
      const pSurround = seen && top >= 0 && top !== y ? binomCdf(votes[y], seen, piY) : 1;
      const pAnnotator = conc ? conc.p : null;
      const p = Math.max(pSurround, pAnnotator ?? 0);
      const isCampaign = gated[g] && p <= threshold;
      // Score: −log10 of the deciding p-value over 20; a group that did not reach the
      // surroundings test keeps at most a quarter of it.
      const strength = Math.min(1, -Math.log10(Math.max(gated[g] ? p : (pAnnotator ?? 1), 1e-300)) / 20);
      // Groups that did not pass the annotator test score 0: a third of the rows of a real dataset
      // sit in some group, and their faint scores only blurred the combined ranking (spam-flip's
      // AUROC fell from 0.9918 to 0.9892 when they scored a quarter of their strength).
      const score = gated[g] ? (isCampaign ? 0.25 + 0.75 * strength : 0.25 * strength) : 0;
      for (const i of members) scores[i] = Math.max(scores[i], score);
      const group: CampaignGroup = {
        members,
        label: className(classes, y),
        surroundShare: seen ? votes[y] / seen : 0,
        classShare: piY,
        pSurround,
        annotator: conc ? conc.annotator : null,
        annotatorShare: conc && conc.slots ? conc.internal / conc.slots : 0,
        annotatorBase: conc ? conc.base : 0,
        pAnnotator,
        campaign: isCampaign,
        surroundLabel: top >= 0 ? className(classes, top) : '',
      };
      groups.push(group);
      if (!isCampaign) return;
      for (const i of members) {
        flagged[i] = 1;
        reasons[i] = {
          detector: 'campaign',
          tag: conc ? `campaign by ${conc.annotator}` : 'campaign',
          text:
            `one of ${m} near-duplicates labelled ${group.label}` +
            (conc
              ? `, all by ${conc.annotator} (${conc.internal} of their other ${conc.slots} ${group.label} neighbours are in the group)`
              : '') +
            `; ${votes[y]} of the ${seen} nearest other rows are ${group.label}, most are ${group.surroundLabel}`,
          values: { groupSize: m, pSurround, ...(pAnnotator !== null ? { pAnnotator } : {}) },
        };
      }
    });
    groups.sort(
      (a, b) =>
        Number(b.campaign) - Number(a.campaign) ||
        Math.max(a.pSurround, a.pAnnotator ?? 0) - Math.max(b.pSurround, b.pAnnotator ?? 0) ||
        b.members.length - a.members.length,
    );
    const byAnnotator = new Map<
      string,
      { annotator: string; campaigns: number; items: number; minP: number }
    >();
    for (const g of groups) {
      if (!g.campaign || g.annotator === null) continue;
      const e = byAnnotator.get(g.annotator) ?? { annotator: g.annotator, campaigns: 0, items: 0, minP: 1 };
      e.campaigns++;
      e.items += g.members.length;
      e.minP = Math.min(e.minP, Math.max(g.pSurround, g.pAnnotator ?? 0));
      byAnnotator.set(g.annotator, e);
    }
    const ranked = [...byAnnotator.values()].sort((a, b) => b.items - a.items || a.minP - b.minP);
    return {
      name: 'campaign',
      scores,
      flagged,
      reasons,
      params: { ...CAMPAIGN_PARAMS, nearThreshold: round(tau, 6) },
      ...(annotators ? { annotatorFindings: { table: [], suspect: ranked.map((a) => a.annotator) } } : {}),
      details: {
        groupsTested: candidates.length,
        surroundingsTested: gatedCount,
        annotatorThreshold,
        campaigns: groups.filter((g) => g.campaign).length,
        threshold,
        annotators: ranked,
        groups: groups
          .slice(0, P.maxGroupsInDetails)
          .map((g) => ({ ...g, members: g.members.slice(0, 200) })),
        truncated: groups.length > P.maxGroupsInDetails,
      },
    };
  },
};
