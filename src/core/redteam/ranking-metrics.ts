// How well a score ranks the positives: AUROC, recall in the top k, average precision. The same
// definitions as ../shared/tools/score.mjs (ties get average ranks; at the top-k cut-off a tie
// counts by its expected share), so red-team numbers and benchmark numbers are comparable.

/** Row indices sorted by score, and the groups of equal scores in that order. */
function tieGroups(scores: ArrayLike<number>, descending: boolean): { order: Int32Array; ends: number[] } {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  const value = (i: number) => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  order.sort((a, b) => (descending ? value(b) - value(a) : value(a) - value(b)) || a - b);
  const ends: number[] = [];
  for (let i = 0; i < order.length; i++)
    if (i + 1 === order.length || value(order[i + 1]) !== value(order[i])) ends.push(i + 1);
  return { order, ends };
}

const positives = (truth: ArrayLike<number | boolean>) => {
  let p = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i]) p++;
  return p;
};

/** Area under the ROC curve (Mann-Whitney U, ties counted half); null without both classes. */
export function auroc(scores: ArrayLike<number>, truth: ArrayLike<number | boolean>): number | null {
  const p = positives(truth);
  const n = scores.length - p;
  if (p === 0 || n === 0) return null;
  const { order, ends } = tieGroups(scores, false);
  let rankSum = 0;
  let start = 0;
  for (const end of ends) {
    const mid = (start + 1 + end) / 2;
    for (let t = start; t < end; t++) if (truth[order[t]]) rankSum += mid;
    start = end;
  }
  return (rankSum - (p * (p + 1)) / 2) / (p * n);
}

/** Expected number of positives among the k highest scores when ties are broken at random. */
export function expectedHitsAtK(
  scores: ArrayLike<number>,
  truth: ArrayLike<number | boolean>,
  k: number,
): number {
  const { order, ends } = tieGroups(scores, true);
  let hits = 0;
  let taken = 0;
  let start = 0;
  for (const end of ends) {
    if (taken >= k) break;
    let pos = 0;
    for (let t = start; t < end; t++) if (truth[order[t]]) pos++;
    const room = Math.min(end - start, k - taken);
    hits += (pos * room) / (end - start);
    taken += room;
    start = end;
  }
  return hits;
}

/** Share of the positives among the top k = round(1.5 × positives) scores; null without positives. */
export function recallAtK(
  scores: ArrayLike<number>,
  truth: ArrayLike<number | boolean>,
  k = Math.round(1.5 * positives(truth)),
): number | null {
  const p = positives(truth);
  if (p === 0) return null;
  return expectedHitsAtK(scores, truth, Math.min(k, scores.length)) / p;
}

/** Area under the precision-recall curve, ties grouped; null without positives. */
export function averagePrecision(
  scores: ArrayLike<number>,
  truth: ArrayLike<number | boolean>,
): number | null {
  const p = positives(truth);
  if (p === 0) return null;
  const { order, ends } = tieGroups(scores, true);
  let hits = 0;
  let ap = 0;
  let start = 0;
  for (const end of ends) {
    let pos = 0;
    for (let t = start; t < end; t++) if (truth[order[t]]) pos++;
    hits += pos;
    ap += (pos / p) * (hits / end);
    start = end;
  }
  return ap;
}

/** Precision, recall and F1 of a flagged set against the positives. */
export function flagQuality(
  flagged: ArrayLike<number | boolean>,
  truth: ArrayLike<number | boolean>,
): { flagged: number; truePositives: number; precision: number; recall: number | null; f1: number } {
  let count = 0;
  let tp = 0;
  for (let i = 0; i < flagged.length; i++)
    if (flagged[i]) {
      count++;
      if (truth[i]) tp++;
    }
  const p = positives(truth);
  const precision = count ? tp / count : 0;
  const recall = p ? tp / p : null;
  const f1 = recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { flagged: count, truePositives: tp, precision, recall, f1 };
}
