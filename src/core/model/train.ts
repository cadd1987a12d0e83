// Mini-batch training and batched inference on a subset of rows, with progress and cancellation.
// The data stays a plain Float32Array; each batch is copied out of it into a small tensor.
// (tf.gather on a large wasm tensor was measured at 47 ms per 64-row batch of 3000×8192; the copy
// in JS takes well under 1 ms, and the data never has to sit in the wasm heap as well.)
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffleInPlace } from '../random';
import type { RunControl } from '../types';
import { CancelledError } from '../types';

/** Mini-batch size for small data (and the unit the epoch targets in kfold.ts are counted in). */
export const BATCH = 64;
/** Largest mini-batch: past it a step's compute dominates its fixed cost, so doubling gains nothing. */
const MAX_BATCH = 512;
/** An epoch of more steps than this doubles the batch instead (see batchFor). */
const MAX_STEPS_PER_EPOCH = 200;

/** Largest factor the learning rate is scaled by for bigger batches (see scaleLearningRate). */
const MAX_LR_SCALE = 4;

/**
 * Bigger batches take proportionally bigger steps (linear scaling, Goyal et al. 2017), so a pass
 * over big data learns about as much as the same samples in batches of 64 would. Measured on
 * fashion-60k with a planted trigger, folds 1 epoch at batch 128 and the embedding model at 256:
 * suspicion AUROC 0.995 unscaled, 0.995 with √ scaling, 0.997 linear. Capped at 4× (batch 256),
 * as far as it was measured; the schedule in use (256 and 512, both 4×) reached 0.9998.
 */
function scaleLearningRate(model: tf.LayersModel, factor: number): void {
  // tfjs keeps the rate as a plain (protected) field of the optimiser the model was compiled with.
  const optimizer = model.optimizer as unknown as { learningRate: number };
  if (scaled.has(optimizer)) return; // a model trained twice is scaled once
  scaled.add(optimizer);
  optimizer.learningRate *= factor;
}
const scaled = new WeakSet<object>();

/**
 * Mini-batch size for training on `rows` rows: 64, doubled (up to 512) while an epoch would take
 * more than MAX_STEPS_PER_EPOCH steps; up to 12,800 training rows it stays 64. A step of the image
 * probe on wasm has a fixed cost of ~5-10 ms (some 250 kernels dispatched, the optimiser, the
 * tape) on top of ~60 µs per sample: per sample, batch 64 cost ~200 µs of CPU here, 256 ~85 µs.
 * On fashion-60k (folds at 256, the embedding model at 512) the probe took 28 s instead of 43 s at
 * 128/256, and detection of a planted trigger was as good (bench/scan.ts, planted).
 */
export function batchFor(rows: number): number {
  let batch = BATCH;
  while (batch < MAX_BATCH && Math.ceil(rows / batch) > MAX_STEPS_PER_EPOCH) batch *= 2;
  return batch;
}

/** Row-major samples: `data` holds n rows of `prod(shape)` floats. */
export interface Samples {
  data: Float32Array;
  shape: number[];
}

/** The batch buffer reused on wasm (see batchOf); grown to the largest batch seen. */
let scratch = new Float32Array(0);

function batchOf(x: Samples, idx: ArrayLike<number>): tf.Tensor {
  const per = x.shape.reduce((a, b) => a * b, 1);
  const length = idx.length * per;
  // tfjs-wasm copies a new tensor's values into its heap at once, so on wasm one buffer serves
  // every batch. A fresh 0.8-1.6 MB buffer per batch is fresh pages to fault in: in Chromium that
  // was ~9 ms per 256-row batch against under 1 ms reused (the probe's batches, 60k rows: seconds).
  // Other backends may keep the values until they upload them, so they get their own.
  let buf: Float32Array;
  if (tf.getBackend() === 'wasm') {
    if (scratch.length < length) scratch = new Float32Array(length);
    buf = scratch.subarray(0, length);
  } else buf = new Float32Array(length);
  for (let i = 0; i < idx.length; i++) buf.set(x.data.subarray(idx[i] * per, (idx[i] + 1) * per), i * per);
  return tf.tensor(buf, [idx.length, ...x.shape]);
}

export interface TrainJob {
  model: tf.LayersModel;
  x: Samples;
  /** Class index per sample of the whole dataset. */
  y: Int32Array;
  /** Rows to train on. */
  rows: Int32Array;
  /** Passes over `rows`; a fraction trains the last pass on that share of the shuffled rows. */
  epochs: number;
  seed: number;
  /** Mini-batch size (default batchFor(rows.length)). */
  batch?: number;
  /** Reports fraction of this job done. */
  onFraction?: (f: number) => void;
  control: RunControl;
}

export async function trainRows(job: TrainJob): Promise<void> {
  const { model, x, y, rows, epochs } = job;
  const batch = job.batch ?? batchFor(rows.length);
  if (batch > BATCH) scaleLearningRate(model, Math.min(batch, MAX_LR_SCALE * BATCH) / BATCH);
  const rand = mulberry32(job.seed);
  const order = Int32Array.from(rows);
  const passes = Math.ceil(epochs);
  for (let e = 0; e < passes; e++) {
    shuffleInPlace(order, rand);
    // The last pass of a fractional epoch count covers that share of the (shuffled) rows.
    const share = Math.min(1, epochs - e);
    const steps = Math.ceil((share * order.length) / batch);
    for (let s = 0; s < steps; s++) {
      if (job.control.isCancelled?.()) throw new CancelledError();
      const idx = order.subarray(s * batch, (s + 1) * batch);
      const ys = new Float32Array(idx.length);
      for (let i = 0; i < idx.length; i++) ys[i] = y[idx[i]];
      const xb = batchOf(x, idx);
      const yb = tf.tensor1d(ys);
      await model.trainOnBatch(xb, yb);
      xb.dispose();
      yb.dispose();
      // Yield now and then so progress messages and cancel requests get through.
      if ((s & 7) === 7) {
        job.onFraction?.((e + (share * (s + 1)) / steps) / epochs);
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    job.onFraction?.((e + share) / epochs);
  }
}

/** Runs `model` over `rows` in batches and writes its outputs (width `width`) into `out` by row. */
export async function predictRows(
  model: tf.LayersModel,
  x: Samples,
  rows: Int32Array,
  width: number,
  out: Float32Array,
  control: RunControl,
): Promise<void> {
  const B = 512;
  for (let s = 0; s < rows.length; s += B) {
    if (control.isCancelled?.()) throw new CancelledError();
    const idx = rows.subarray(s, s + B);
    const xb = batchOf(x, idx);
    // apply(), not predict(): predict cuts its input into batches of 32 with tf.slice, and the wasm
    // backend's slice reads the whole input out of its heap each time (16 copies of a 512-row
    // batch per call); in Chromium that was 22 s of a 60k scan's 67 s.
    const pred = tf.tidy(() => model.apply(xb, { training: false }) as tf.Tensor);
    const vals = (await pred.data()) as Float32Array;
    xb.dispose();
    pred.dispose();
    for (let i = 0; i < idx.length; i++) out.set(vals.subarray(i * width, (i + 1) * width), idx[i] * width);
  }
}
