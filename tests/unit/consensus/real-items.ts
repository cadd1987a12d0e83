// The real items of bench/consensus.ts and how its numbers are computed, shared with the test that
// guards them (consensus-goals.test.ts), so both measure exactly the same thing.
// Items: fashion-badnets' 5,700 clean images (the 300 poisoned ones left out), or spam-flip's
// 3,000 mails with their 240 flipped labels restored from truth.json.
import fs from 'node:fs';
import path from 'node:path';
import type { JudgementTable } from '../../../src/core/annotations';
import {
  annotatorQuality,
  coordinatedFlips,
  crowdlab,
  dawidSkene,
  majorityVote,
  type Consensus,
} from '../../../src/core/consensus';
import { sourcesFromPath } from '../../../src/core/data/node-source';
import { loadAndInfer, type LoadedWithRoles } from '../../../src/core/pipeline';
import type { Column, Frame } from '../../../src/core/types';
import { ANNOTATORS, type Adversary, type Lookalikes } from './simulate';

export const SHARED = path.resolve(process.cwd(), '../shared/datasets');

export interface RealItems {
  key: 'fashion' | 'spam';
  name: string;
  /** The items as loaded, ready to scan (label column still the dataset's own). */
  prepared: LoadedWithRoles;
  /** True class name per item (row of the frame). */
  truth: string[];
  classes: string[];
  adversary: Adversary;
  lookalikes: Lookalikes;
}

const text = (v: unknown) => String(v);

function subsetFrame(frame: Frame, rows: number[]): Frame {
  const columns: Column[] = frame.columns.map((col) => ({
    ...col,
    values:
      col.values instanceof Float64Array
        ? Float64Array.from(rows, (r) => col.values[r] as number)
        : rows.map((r) => col.values[r]),
  }));
  return { columns, numRows: rows.length };
}

export async function fashionItems(): Promise<RealItems> {
  const dir = path.join(SHARED, 'fashion-badnets');
  const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8'));
  const poisoned = new Set((truth.poisoned_ids as number[]).map(String));
  const prepared = await loadAndInfer(await sourcesFromPath(path.join(dir, 'data.arrow')));
  const frame = prepared.loaded.frame;
  const ids = frame.columns.find((c) => c.name === 'id')!;
  const labels = frame.columns.find((c) => c.name === 'label')!;
  const rows = Array.from({ length: frame.numRows }, (_, r) => r).filter(
    (r) => !poisoned.has(text(ids.values[r])),
  );
  const truthLabels = rows.map((r) => text(labels.values[r]));
  return {
    key: 'fashion',
    name: 'fashion-badnets, 5,700 clean images, 10 classes',
    prepared: {
      ...prepared,
      loaded: { ...prepared.loaded, frame: subsetFrame(frame, rows), rowErrors: [] },
    },
    truth: truthLabels,
    classes: [...new Set(truthLabels)].sort(),
    // Swaps the two shoe classes both ways.
    adversary: { from: 'Sandal', to: 'Sneaker', twoWay: true },
    // Fashion-MNIST's known confusions: tops with tops, shoes with shoes.
    lookalikes: [
      ['T-shirt/top', 'Shirt', 'Pullover', 'Coat', 'Dress'],
      ['Sandal', 'Sneaker', 'Ankle boot'],
    ],
  };
}

export async function spamItems(): Promise<RealItems> {
  const dir = path.join(SHARED, 'spam-flip');
  const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8'));
  const original = truth.original_label_by_id as Record<string, string>;
  const prepared = await loadAndInfer(await sourcesFromPath(path.join(dir, 'data.csv')));
  const frame = prepared.loaded.frame;
  const ids = frame.columns.find((c) => c.name === 'id')!;
  const labels = frame.columns.find((c) => c.name === 'label')!;
  const truthLabels = Array.from(
    { length: frame.numRows },
    (_, r) => original[text(ids.values[r])] ?? text(labels.values[r]),
  );
  // The data's own annotator column is no part of this simulation.
  const roles = { ...prepared.roles, annotator: 'ignore' as const };
  return {
    key: 'spam',
    name: 'spam-flip, 3,000 mails (flips restored), 2 classes',
    prepared: { ...prepared, roles },
    truth: truthLabels,
    classes: [...new Set(truthLabels)].sort(),
    // Lets spam through: every spam marked ham; a two-way swap would be a perfect inverse labeller.
    adversary: { from: 'spam', to: 'ham', twoWay: false },
    lookalikes: [],
  };
}

const round = (x: number, d = 4) => Number(x.toFixed(d));

/** Share of items whose label is the true class (items named by their index). */
export function accuracyOf(
  labels: Int32Array,
  table: JudgementTable,
  truth: string[],
  skip?: Set<number>,
): number {
  let right = 0;
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    if (skip?.has(i)) continue;
    total++;
    if (table.classes[labels[i]] === truth[Number(table.items[i])]) right++;
  }
  return round(right / total);
}

/** Spearman rank correlation. */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
    const r = new Array<number>(v.length);
    order.forEach((i, k) => (r[i] = k));
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const n = x.length;
  const d2 = rx.reduce((s, r, i) => s + (r - ry[i]) ** 2, 0);
  return round(1 - (6 * d2) / (n * (n * n - 1)));
}

export function methods(table: JudgementTable, probs: Float32Array): Record<string, Consensus> {
  const input = { table, probs };
  return {
    'majority vote': majorityVote(input),
    'dawid-skene (judgements only)': dawidSkene({ table }),
    'dawid-skene (model as prior)': dawidSkene(input, { model: 'prior' }),
    'dawid-skene (model as annotator)': dawidSkene(input, { model: 'annotator' }),
    crowdlab: crowdlab(input),
  };
}

export interface MethodScore {
  accuracy: number;
  ranking_worst_first: string[];
  adversary_rank_from_worst: number;
  spearman_vs_true_accuracy: number;
  adversary_worst_confusion: unknown;
}

/** Consensus accuracy and the annotator ranking of one method, against the truth. */
export function score(
  table: JudgementTable,
  consensus: Consensus,
  truth: string[],
  trueAccuracy: Record<string, number>,
): MethodScore {
  const ranking = annotatorQuality(table, consensus);
  const estimated = ANNOTATORS.map((a) => ranking.find((r) => r.annotator === a)!.quality);
  return {
    accuracy: accuracyOf(consensus.labels, table, truth),
    ranking_worst_first: ranking.map((r) => `${r.annotator} ${round(r.quality, 3)}`),
    adversary_rank_from_worst: ranking.findIndex((r) => r.annotator === 'a5') + 1,
    spearman_vs_true_accuracy: spearman(
      estimated,
      ANNOTATORS.map((a) => trueAccuracy[a]),
    ),
    adversary_worst_confusion: ranking.find((r) => r.annotator === 'a5')!.worstConfusion,
  };
}

/** coordinatedFlips() on a consensus, scored against the planted coordinated items. */
export function scoreFlips(
  table: JudgementTable,
  probs: Float32Array,
  consensus: Consensus,
  truth: string[],
  planted: Set<number>,
) {
  const { flips } = coordinatedFlips(table, probs, consensus.labels);
  const hits = flips.filter((f) => planted.has(f.item)).length;
  return {
    accuracy: accuracyOf(consensus.labels, table, truth),
    accuracy_without_planted: accuracyOf(consensus.labels, table, truth, planted),
    flagged: flips.length,
    precision: round(hits / Math.max(1, flips.length)),
    recall: round(hits / Math.max(1, planted.size)),
  };
}

/** The probe's probabilities as saved by bench/consensus.ts (Float32, little-endian). */
export function probsPath(key: string, run: 'plain' | 'coordinated'): string {
  return path.resolve(process.cwd(), `tests/unit/consensus/probe-${key}-${run}.f32`);
}

/** The simulation's seed for a run of bench/consensus.ts (so the guard test replays it exactly). */
export function simulationSeed(run: 'plain' | 'coordinated', items: number, seed = 1): number {
  return run === 'plain' ? seed * 7919 + items : seed * 104729 + items;
}
