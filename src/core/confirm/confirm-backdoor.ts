// Backdoor confirmation: does a suspect cluster carry a working trigger? Reconstruct the trigger
// from the cluster, stamp it on held-out clean images of the other classes, and count how many a
// probe trained on the data now calls the cluster's class (the attack success rate). A backdoor
// makes the probe obey the trigger; a cluster that is merely unusual (a mode of its class, a
// batch of mislabels) does not have that power over images of other classes.
import type * as tf from '@tensorflow/tfjs';
import { chooseEpochs } from '../model/kfold';
import { buildProbe } from '../model/probe';
import { predictRows, trainRows } from '../model/train';
import { mulberry32, sampleIndices, subSeed } from '../random';
import type { RunControl } from '../types';
import { reconstructTrigger, stampTrigger, type ReconstructedTrigger } from './reconstruct-trigger';

/** At or above this attack success rate the cluster is called a backdoor. */
export const BACKDOOR_RATE = 0.5;
/** At or below this rate the cluster is probably something else. */
export const NOT_BACKDOOR_RATE = 0.2;
/** Clean images the trigger is tried on (held out from the probe when Assay trains it). */
export const DEFAULT_PROBES = 400;

export interface ConfirmInput {
  /** n×h×w×c images (NHWC), values in [0, 1], as featurize() makes them. */
  images: Float32Array;
  /** [h, w, c]. */
  shape: number[];
  /** Class index per row, -1 = missing. */
  labels: Int32Array;
  classes: string[];
  /** The selected or flagged rows. */
  clusterRows: readonly number[];
  /** The class the cluster claims; default: its most common label. */
  clusterLabel?: number;
  /**
   * A probe to ask. Without one, a fresh probe is trained on every labelled row except the
   * held-out probes (the cluster included, so a backdoor in it is learned as it would be).
   */
  model?: tf.LayersModel;
  /** How many clean images of other classes the trigger is stamped on (default 400). */
  probes?: number;
  /** How many before/after examples to return (default 6; those the trigger flipped first). */
  examples?: number;
  seed?: number;
  /** Training epochs of the fresh probe (0 = chosen by data size, as in a scan). */
  epochs?: number;
}

export interface ConfirmExample {
  row: number;
  label: string;
  /** Predicted class before and after stamping, and the probability of the cluster's class. */
  before: string;
  after: string;
  pBefore: number;
  pAfter: number;
}

export type ConfirmVerdict = 'backdoor' | 'inconclusive' | 'not a backdoor';

export interface BackdoorConfirmation {
  clusterLabel: string;
  clusterSize: number;
  trigger: ReconstructedTrigger;
  /** Clean images of other classes the trigger was stamped on. */
  probes: number;
  /** Share of the probes predicted as the cluster's class before stamping, and after. */
  before: number;
  after: number;
  /** after − before: what the trigger itself does. */
  attackSuccessRate: number;
  verdict: ConfirmVerdict;
  examples: ConfirmExample[];
  probe: { source: 'given' | 'trained'; trainedRows: number; epochs: number; ms: number };
}

export function verdictOf(rate: number): ConfirmVerdict {
  return rate >= BACKDOOR_RATE ? 'backdoor' : rate <= NOT_BACKDOOR_RATE ? 'not a backdoor' : 'inconclusive';
}

/** Most common label among the rows (-1 when none is labelled). */
export function majorityLabel(labels: Int32Array, rows: readonly number[], classes: number): number {
  const counts = new Int32Array(classes);
  for (const r of rows) if (labels[r] >= 0) counts[labels[r]]++;
  let best = -1;
  for (let j = 0; j < classes; j++) if (counts[j] > 0 && (best < 0 || counts[j] > counts[best])) best = j;
  return best;
}

export async function confirmBackdoor(
  input: ConfirmInput,
  control: RunControl = {},
): Promise<BackdoorConfirmation> {
  const { images, shape, labels, classes } = input;
  const n = labels.length;
  const c = classes.length;
  const seed = input.seed ?? 1;
  const cluster = [...new Set(input.clusterRows)].filter((r) => Number.isInteger(r) && r >= 0 && r < n);
  if (!cluster.length) throw new RangeError('confirmBackdoor: no cluster rows inside the data');
  const target = input.clusterLabel ?? majorityLabel(labels, cluster, c);
  if (target < 0 || target >= c) throw new RangeError('confirmBackdoor: the cluster has no label');
  const inCluster = new Uint8Array(n);
  for (const r of cluster) inCluster[r] = 1;

  // The references: the rest of the cluster's class, and the other classes (a class that is all
  // cluster is compared with the other classes only).
  let classRows: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < n; i++) {
    if (inCluster[i] || labels[i] < 0) continue;
    (labels[i] === target ? classRows : others).push(i);
  }
  if (!classRows.length) classRows = others;
  const trigger = reconstructTrigger(images, shape, cluster, { classRows, otherRows: others });

  // Held-out probes: clean images of other classes, outside the cluster.
  const pick = sampleIndices(others.length, input.probes ?? DEFAULT_PROBES, mulberry32(subSeed(seed, 0xc0f)));
  const probeRows = Int32Array.from(pick, (j) => others[j]).sort();
  if (!probeRows.length) throw new RangeError('confirmBackdoor: no images of other classes to stamp');

  const t0 = performance.now();
  let model = input.model;
  let trainedRows = 0;
  let epochs = 0;
  if (!model) {
    const heldOut = new Uint8Array(n);
    for (const r of probeRows) heldOut[r] = 1;
    const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => labels[i] >= 0 && !heldOut[i]);
    trainedRows = rows.length;
    epochs = input.epochs && input.epochs > 0 ? input.epochs : chooseEpochs('image', rows.length);
    model = buildProbe({ kind: 'image', shape, classes: c, seed: subSeed(seed, 0xc0f, 1) });
    await trainRows({
      model,
      x: { data: images, shape },
      y: Int32Array.from(labels, (v) => Math.max(0, v)),
      rows,
      epochs,
      seed: subSeed(seed, 0xc0f, 2),
      control,
      onFraction: (f) => control.onProgress?.({ stage: 'train probe', fraction: 0.9 * f }),
    });
  }
  const m = probeRows.length;
  const all = Int32Array.from({ length: m }, (_, i) => i);
  const per = shape.reduce((a, b) => a * b, 1);
  const clean = new Float32Array(m * per);
  probeRows.forEach((r, i) => clean.set(images.subarray(r * per, (r + 1) * per), i * per));
  const stamped = stampTrigger(images, shape, probeRows, trigger);
  const pBefore = new Float32Array(m * c);
  const pAfter = new Float32Array(m * c);
  try {
    await predictRows(model, { data: clean, shape }, all, c, pBefore, control);
    await predictRows(model, { data: stamped, shape }, all, c, pAfter, control);
  } finally {
    if (!input.model) model.dispose();
  }
  const argmax = (p: Float32Array, i: number) => {
    let best = 0;
    for (let j = 1; j < c; j++) if (p[i * c + j] > p[i * c + best]) best = j;
    return best;
  };
  let hitsBefore = 0;
  let hitsAfter = 0;
  const flippedRows: number[] = [];
  const otherRows: number[] = [];
  for (let i = 0; i < m; i++) {
    const b = argmax(pBefore, i);
    const a = argmax(pAfter, i);
    if (b === target) hitsBefore++;
    if (a === target) hitsAfter++;
    (a === target && b !== target ? flippedRows : otherRows).push(i);
  }
  const examples = [...flippedRows, ...otherRows].slice(0, input.examples ?? 6).map((i) => ({
    row: probeRows[i],
    label: classes[labels[probeRows[i]]],
    before: classes[argmax(pBefore, i)],
    after: classes[argmax(pAfter, i)],
    pBefore: pBefore[i * c + target],
    pAfter: pAfter[i * c + target],
  }));
  const before = hitsBefore / m;
  const after = hitsAfter / m;
  control.onProgress?.({ stage: 'done', fraction: 1 });
  return {
    clusterLabel: classes[target],
    clusterSize: cluster.length,
    trigger,
    probes: m,
    before,
    after,
    attackSuccessRate: after - before,
    verdict: verdictOf(after - before),
    examples,
    probe: { source: input.model ? 'given' : 'trained', trainedRows, epochs, ms: performance.now() - t0 },
  };
}
