// Simulated annotators of known accuracy over items of known true class: the dataset builder of
// bench/consensus.ts, shared with the tests that guard its numbers. Five annotators, three
// distinct ones per item: a1–a4 right with probability 0.95, 0.90, 0.85, 0.80; a5 is adversarial
// on one class pair: every item of `from` gets `to` (and, when `twoWay`, every `to` gets `from`),
// right with probability 0.95 elsewhere. An honest mistake lands, with probability 0.8, on a class
// that looks alike (`lookalikes`, e.g. Shirt for T-shirt), else on any other class: people confuse
// similar classes, and uniformly random mistakes would almost never collide on one item, which
// makes majority vote look better than it is on real labelling work. Optionally, on a share of
// the items all three annotators give the same wrong label (coordinated flips).
import { mulberry32 } from '../../../src/core/random';
import type { Frame } from '../../../src/core/types';

export const ANNOTATORS = ['a1', 'a2', 'a3', 'a4', 'a5'];
export const ACCURACY = [0.95, 0.9, 0.85, 0.8];
const LOOKALIKE_SHARE = 0.8;
const ADVERSARY_ELSEWHERE = 0.95;
const PER_ITEM = 3;

export interface Adversary {
  from: string;
  to: string;
  twoWay: boolean;
}

/** Groups of classes that look alike; a class in no group has no look-alikes. */
export type Lookalikes = string[][];

export interface Simulated {
  /** Long-format judgements (item = the item's index as text, annotator, label). */
  frame: Frame;
  /** Each annotator's real accuracy on the judgements they gave. */
  accuracy: Record<string, number>;
  /** Items whose annotators all gave the same wrong label on purpose. */
  coordinated: Set<number>;
}

export function simulate(
  truth: string[],
  classes: string[],
  adversary: Adversary,
  coordinatedRate: number,
  seed: number,
  lookalikes: Lookalikes = [],
): Simulated {
  const rand = mulberry32(seed);
  const c = classes.length;
  const classIndex = new Map(classes.map((k, i) => [k, i]));
  const from = classIndex.get(adversary.from)!;
  const to = classIndex.get(adversary.to)!;
  const similar = classes.map((k) => {
    const group = lookalikes.find((g) => g.includes(k)) ?? [];
    return group.filter((o) => o !== k).map((o) => classIndex.get(o)!);
  });
  const wrong = (t: number) => {
    const near = similar[t];
    if (near.length > 0 && rand() < LOOKALIKE_SHARE) return near[Math.floor(rand() * near.length)];
    return (t + 1 + Math.floor(rand() * (c - 1))) % c;
  };
  const cols = { item: [] as string[], annotator: [] as string[], label: [] as string[] };
  const right = new Float64Array(ANNOTATORS.length);
  const given = new Float64Array(ANNOTATORS.length);
  const coordinated = new Set<number>();
  for (let i = 0; i < truth.length; i++) {
    const t = classIndex.get(truth[i])!;
    const chosen = [0, 1, 2, 3, 4].sort(() => rand() - 0.5).slice(0, PER_ITEM);
    const together = rand() < coordinatedRate;
    const sharedWrong = wrong(t);
    if (together) coordinated.add(i);
    for (const a of chosen) {
      let label: number;
      if (together) label = sharedWrong;
      else if (a < ACCURACY.length) label = rand() < ACCURACY[a] ? t : wrong(t);
      else if (t === from) label = to;
      else if (t === to && adversary.twoWay) label = from;
      else label = rand() < ADVERSARY_ELSEWHERE ? t : wrong(t);
      cols.item.push(String(i));
      cols.annotator.push(ANNOTATORS[a]);
      cols.label.push(classes[label]);
      given[a]++;
      if (label === t) right[a]++;
    }
  }
  const frame: Frame = {
    columns: [
      { name: 'item', type: 'string', values: cols.item },
      { name: 'annotator', type: 'string', values: cols.annotator },
      { name: 'label', type: 'string', values: cols.label },
    ],
    numRows: cols.item.length,
  };
  const accuracy = Object.fromEntries(
    ANNOTATORS.map((a, j) => [a, Number((right[j] / given[j]).toFixed(4))]),
  );
  return { frame, accuracy, coordinated };
}
