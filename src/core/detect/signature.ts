// The embedding signature of a flagged group: which other samples of its class look like it to
// the model. Direction v = mean(group) − mean(rest); each rest sample's position along v is 0 at
// the rest's mean and 1 at the group's mean. A sample joins when it is past the midpoint and far
// outside the rest's own spread (robust z), and only when the group really stands apart along v
// (separation = gap between the medians in units of the rest's robust spread): a group carved
// out of one continuous population has no such gap, and then nobody joins.
import { median, robustSpread } from './stats';

export const SIGNATURE_PARAMS = {
  /** Minimum position along the rest → group direction (0.5 = the midpoint). */
  minPosition: 0.5,
  /** Minimum robust z of the position within the rest. */
  minZ: 3,
  /** Minimum separation of the group's median from the rest's, in robust spreads of the rest. */
  minSeparation: 3,
  /** Groups smaller than this give no reliable direction. */
  minGroup: 5,
};

export interface SignatureResult {
  members: { row: number; position: number }[];
  separation: number;
}

export function signatureMembers(
  embeddings: Float32Array,
  dim: number,
  group: number[],
  rest: number[],
  params = SIGNATURE_PARAMS,
): SignatureResult {
  if (group.length < params.minGroup || rest.length < params.minGroup || dim === 0)
    return { members: [], separation: 0 };
  const mean = (rows: number[]) => {
    const m = new Float64Array(dim);
    for (const i of rows) for (let t = 0; t < dim; t++) m[t] += embeddings[i * dim + t];
    for (let t = 0; t < dim; t++) m[t] /= rows.length;
    return m;
  };
  const restMean = mean(rest);
  const groupMean = mean(group);
  const v = new Float64Array(dim);
  let norm2 = 0;
  for (let t = 0; t < dim; t++) {
    v[t] = groupMean[t] - restMean[t];
    norm2 += v[t] * v[t];
  }
  if (!(norm2 > 0)) return { members: [], separation: 0 };
  const position = (i: number) => {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (embeddings[i * dim + t] - restMean[t]) * v[t];
    return s / norm2;
  };
  const restPos = Float64Array.from(rest, position);
  const groupPos = Float64Array.from(group, position);
  const restMedian = median(restPos);
  const spread = robustSpread(restPos, restMedian);
  if (!(spread > 0)) return { members: [], separation: 0 };
  const separation = (median(groupPos) - restMedian) / spread;
  if (separation < params.minSeparation) return { members: [], separation };
  const members = [];
  for (let u = 0; u < rest.length; u++) {
    const p = restPos[u];
    if (p >= params.minPosition && (p - restMedian) / spread >= params.minZ)
      members.push({ row: rest[u], position: p });
  }
  return { members, separation };
}
