// Vote counts per item and class, the common first step of every consensus method.
import type { JudgementTable } from '../annotations/judgements';

export interface Votes {
  n: number;
  c: number;
  /** items × classes vote counts. */
  counts: Float64Array;
  /** Judgements per item. */
  total: Int32Array;
}

export function countVotes(table: JudgementTable): Votes {
  const n = table.items.length;
  const c = table.classes.length;
  const counts = new Float64Array(n * c);
  const total = new Int32Array(n);
  for (let j = 0; j < table.item.length; j++) {
    counts[table.item[j] * c + table.label[j]]++;
    total[table.item[j]]++;
  }
  return { n, c, counts, total };
}

/** Index of the largest value in row i of an n × c matrix (first on ties). */
export function argmaxRow(m: ArrayLike<number>, i: number, c: number): number {
  let best = 0;
  for (let k = 1; k < c; k++) if (m[i * c + k] > m[i * c + best]) best = k;
  return best;
}

/** Checks that the probabilities fit the table; a mismatch is a programming error, not bad input. */
export function checkProbs(probs: Float32Array | null | undefined, table: JudgementTable): void {
  if (probs && probs.length !== table.items.length * table.classes.length)
    throw new Error(
      `probabilities are ${probs.length} values for ${table.items.length} items × ${table.classes.length} classes`,
    );
}

/** Share of an item's judgements that agree with its consensus label; NaN without judgements. */
export function agreementWith(table: JudgementTable, labels: Int32Array): Float32Array {
  const n = table.items.length;
  const agree = new Float32Array(n);
  const total = new Float32Array(n);
  for (let j = 0; j < table.item.length; j++) {
    const i = table.item[j];
    total[i]++;
    if (table.label[j] === labels[i]) agree[i]++;
  }
  return agree.map((a, i) => (total[i] > 0 ? a / total[i] : NaN));
}
