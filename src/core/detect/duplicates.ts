// Duplicates (cleanlab's near_duplicate issue; split-view poisoning).
// Groups = connected components of (a) identical content hashes and (b) kNN pairs whose distance is
// ≤ 1% of the median 1-NN distance (or exactly 0). A group whose known labels differ is a
// conflict: every labelled member is flagged, scored 0.5 + 0.5·(1 − share of its own label in the
// group), so the minority label scores highest. Groups with one label are leakage, not poisoning:
// reported and scored 0.2 (exact) / 0.1 (near), never flagged. Missing labels score 0.
import type { Detector, DetectorInputs, DetectorResult, Reason } from '../types';
import { className, median, round } from './stats';

export const DUPLICATE_PARAMS = { nearFraction: 0.01, maxGroupsInDetails: 500 };

export interface DuplicateGroup {
  members: number[];
  labels: string[];
  kind: 'exact' | 'near';
  conflict: boolean;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return;
  // Smaller index becomes the root: deterministic.
  if (ra < rb) parent[rb] = ra;
  else parent[ra] = rb;
}

export interface DuplicatesDetails {
  groupCount: number;
  conflictingGroups: number;
  samplesInConflicts: number;
  groups: DuplicateGroup[];
  truncated: boolean;
}

export const duplicates: Detector<DuplicatesDetails> = {
  name: 'duplicates',
  title: 'Duplicates',
  description: 'Duplicates: identical content or near-identical embeddings; conflicting labels are flagged',
  explanation: 'Identical or near-identical samples carry conflicting labels.',
  severity: 'medium',
  weight: 0.95,
  flag: 'group',
  run(inputs: DetectorInputs): DetectorResult<DuplicatesDetails> {
    const { n, c, labels, knn, contentHash, classes } = inputs;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    const parent = new Int32Array(n);
    for (let i = 0; i < n; i++) parent[i] = i;
    const firstByHash = new Map<string, number>();
    for (let i = 0; i < n && i < contentHash.length; i++) {
      const h = contentHash[i];
      if (!h) continue;
      const f = firstByHash.get(h);
      if (f === undefined) firstByHash.set(h, i);
      else union(parent, f, i);
    }
    const k = knn.k;
    const nn1 = new Float64Array(k > 0 ? n : 0);
    for (let i = 0; i < nn1.length; i++) nn1[i] = knn.distances[i * k];
    const medNn = median(nn1);
    const tau = Number.isFinite(medNn) ? DUPLICATE_PARAMS.nearFraction * medNn : 0;
    for (let i = 0; i < n && k > 0; i++) {
      for (let t = 0; t < k; t++) {
        const d = knn.distances[i * k + t];
        if (!(d <= tau)) break;
        const j = knn.indices[i * k + t];
        if (j >= 0 && j < n) union(parent, i, j);
      }
    }
    const groupsByRoot = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const r = find(parent, i);
      if (r === i && !groupsByRoot.has(i)) groupsByRoot.set(i, [i]);
      else if (r !== i) {
        const g = groupsByRoot.get(r);
        if (g) g.push(i);
        else groupsByRoot.set(r, [i]);
      }
    }
    const groups: DuplicateGroup[] = [];
    let conflicting = 0;
    let inConflict = 0;
    for (const members of groupsByRoot.values()) {
      if (members.length < 2) continue;
      members.sort((a, b) => a - b);
      const h0 = contentHash[members[0]];
      const exact = !!h0 && members.every((i) => contentHash[i] === h0);
      const labelCounts = new Map<number, number>();
      let known = 0;
      for (const i of members) {
        const y = labels[i];
        if (y < 0 || y >= c) continue;
        labelCounts.set(y, (labelCounts.get(y) ?? 0) + 1);
        known++;
      }
      const conflict = labelCounts.size >= 2;
      if (conflict) {
        conflicting++;
        const summary = [...labelCounts.entries()]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .map(([y, m]) => `${className(classes, y)}×${m}`)
          .join(', ');
        for (const i of members) {
          const y = labels[i];
          if (y < 0 || y >= c) continue;
          const share = (labelCounts.get(y) ?? 0) / known;
          scores[i] = 0.5 + 0.5 * (1 - share);
          flagged[i] = 1;
          inConflict++;
          const others = members.filter((j) => j !== i).slice(0, 3);
          // No tag: the sentence names what it is.
          reasons[i] = {
            detector: 'duplicates',
            tag: '',
            text:
              `${exact ? 'exact' : 'near'} duplicate of #${others.join(', #')}${members.length - 1 > 3 ? ', …' : ''} ` +
              `with conflicting labels (${summary})`,
            values: { groupSize: members.length, labelShare: share },
          };
        }
      } else {
        for (const i of members) if (labels[i] >= 0 && labels[i] < c) scores[i] = exact ? 0.2 : 0.1;
      }
      groups.push({
        members,
        labels: members.map((i) => className(classes, labels[i])),
        kind: exact ? 'exact' : 'near',
        conflict,
      });
    }
    groups.sort(
      (a, b) =>
        Number(b.conflict) - Number(a.conflict) ||
        b.members.length - a.members.length ||
        a.members[0] - b.members[0],
    );
    return {
      name: 'duplicates',
      scores,
      flagged,
      reasons,
      params: { ...DUPLICATE_PARAMS, nearThreshold: round(tau, 6) },
      details: {
        groupCount: groups.length,
        conflictingGroups: conflicting,
        samplesInConflicts: inConflict,
        groups: groups.slice(0, DUPLICATE_PARAMS.maxGroupsInDetails),
        truncated: groups.length > DUPLICATE_PARAMS.maxGroupsInDetails,
      },
    };
  },
};
