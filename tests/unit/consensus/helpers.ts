// Small judgement tables for the consensus tests.
import type { JudgementTable } from '../../../src/core/annotations';
import { mulberry32 } from '../../../src/core/random';

/** A table from rows of labels per item: rows[i][a] = class of annotator a on item i, or null. */
export function tableOf(rows: (number | null)[][], classes = ['x', 'y', 'z']): JudgementTable {
  const item: number[] = [];
  const annotator: number[] = [];
  const label: number[] = [];
  const m = Math.max(...rows.map((r) => r.length));
  rows.forEach((r, i) =>
    r.forEach((l, a) => {
      if (l === null) return;
      item.push(i);
      annotator.push(a);
      label.push(l);
    }),
  );
  return {
    items: rows.map((_, i) => String(i)),
    annotators: Array.from({ length: m }, (_, a) => `ann${a}`),
    classes,
    item: Int32Array.from(item),
    annotator: Int32Array.from(annotator),
    label: Int32Array.from(label),
  };
}

/**
 * n items of c classes, `accuracies.length` annotators each judging every item (right with their
 * accuracy, else a random other class), and model probabilities right with `modelAccuracy`
 * (0.8 on the class it picks, the rest spread).
 */
export function synthetic(n: number, c: number, accuracies: number[], modelAccuracy: number, seed: number) {
  const rand = mulberry32(seed);
  const truth = Int32Array.from({ length: n }, () => Math.floor(rand() * c));
  const rows = Array.from(truth, (t) =>
    accuracies.map((acc) => (rand() < acc ? t : (t + 1 + Math.floor(rand() * (c - 1))) % c)),
  );
  const probs = new Float32Array(n * c);
  truth.forEach((t, i) => {
    const pick = rand() < modelAccuracy ? t : (t + 1 + Math.floor(rand() * (c - 1))) % c;
    for (let k = 0; k < c; k++) probs[i * c + k] = k === pick ? 0.8 : 0.2 / (c - 1);
  });
  const classes = Array.from({ length: c }, (_, k) => `c${k}`);
  return { truth, table: tableOf(rows, classes), probs };
}

export function accuracy(labels: Int32Array, truth: Int32Array): number {
  let right = 0;
  labels.forEach((l, i) => (right += l === truth[i] ? 1 : 0));
  return right / labels.length;
}
