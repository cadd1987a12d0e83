// Mini-batch training and batched inference on a subset of rows, with progress and cancellation.
// The data stays a plain Float32Array; each batch is copied out of it into a small tensor.
// (tf.gather on a large wasm tensor was measured at 47 ms per 64-row batch of 3000×8192; the copy
// in JS takes well under 1 ms, and the data never has to sit in the wasm heap as well.)
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffleInPlace } from '../random';
import type { RunControl } from '../types';
import { CancelledError } from '../types';

export const BATCH = 64;

/** Row-major samples: `data` holds n rows of `prod(shape)` floats. */
export interface Samples {
  data: Float32Array;
  shape: number[];
}

function batchOf(x: Samples, idx: ArrayLike<number>): tf.Tensor {
  const per = x.shape.reduce((a, b) => a * b, 1);
  const buf = new Float32Array(idx.length * per);
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
  epochs: number;
  seed: number;
  batch?: number;
  /** Reports fraction of this job done. */
  onFraction?: (f: number) => void;
  control: RunControl;
}

export async function trainRows(job: TrainJob): Promise<void> {
  const { model, x, y, rows, epochs } = job;
  const batch = job.batch ?? BATCH;
  const rand = mulberry32(job.seed);
  const order = Int32Array.from(rows);
  const steps = Math.ceil(order.length / batch);
  for (let e = 0; e < epochs; e++) {
    shuffleInPlace(order, rand);
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
        job.onFraction?.((e + (s + 1) / steps) / epochs);
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    job.onFraction?.((e + 1) / epochs);
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
    const pred = model.predict(xb) as tf.Tensor;
    const vals = (await pred.data()) as Float32Array;
    xb.dispose();
    pred.dispose();
    for (let i = 0; i < idx.length; i++) out.set(vals.subarray(i * width, (i + 1) * width), idx[i] * width);
  }
}
