// Clean-label poisoning by feature collision ("poison frogs", Shafahi et al. 2018): a few images
// of the base class are nudged, pixel by pixel, until the probe's embedding of each sits on top of
// one target image of another class, while staying close to the original; their (correct) labels
// are kept. The attacker's probe is the scan's own image probe (probe.ts), trained here on the
// clean data: the attack is against the probe itself. Optimised with Adam on
// ‖f(x) − f(t)‖² + β·‖x − b‖² (β per pixel, as Shafahi et al. scale it), x clipped to [0, 1].
import * as tf from '@tensorflow/tfjs';
import { encode } from 'fast-png';
import { decodeImage } from '../data';
import { buildProbe, embeddingModel } from '../model/probe';
import { subSeed } from '../random';
import type { Cell } from '../types';
import { InputError } from '../types';
import type { CleanLabelAttack } from './attack';
import {
  classIndex,
  plantCount,
  shortfallNote,
  shuffledRows,
  type PlantInput,
  type Planting,
} from './planting';

export const CLEAN_LABEL_PARAMS = { epochs: 8, batchSize: 64, steps: 300, learningRate: 0.01 };

export async function plantCleanLabel(input: PlantInput, spec: CleanLabelAttack): Promise<Planting> {
  const { loaded, roles, labels, unreadable, classes } = input;
  const n = loaded.frame.numRows;
  const image = loaded.frame.columns.find((c) => roles[c.name] === 'image');
  if (!image) throw new InputError(loaded.name, 'cleanlabel attack: the data has no image column');
  const base = classIndex(input, spec.base);
  const target = classIndex(input, spec.target);
  // Decode every image of the common size (grey: the channel mean).
  let h = 0;
  let w = 0;
  const rows: number[] = [];
  const pixels: Float32Array[] = [];
  for (let i = 0; i < n; i++) {
    const cell = image.values[i];
    if (unreadable[i] || labels[i] < 0 || !(cell instanceof Uint8Array)) continue;
    const img = decodeImage(cell);
    if (!h) [h, w] = [img.height, img.width];
    if (img.height !== h || img.width !== w) continue;
    const grey = new Float32Array(h * w);
    for (let p = 0; p < h * w; p++) {
      let s = 0;
      for (let ch = 0; ch < img.channels; ch++) s += img.data[p * img.channels + ch];
      grey[p] = s / img.channels;
    }
    rows.push(i);
    pixels.push(grey);
  }
  if (h % 4 || w % 4)
    throw new InputError(
      loaded.name,
      `cleanlabel attack: ${h}×${w} images (the probe needs sides divisible by 4)`,
    );
  const x = new Float32Array(rows.length * h * w);
  pixels.forEach((p, t) => x.set(p, t * h * w));
  const baseRows = rows.map((r, t) => [r, t]).filter(([r]) => labels[r] === base);
  const targetRows = rows.map((r, t) => [r, t]).filter(([r]) => labels[r] === target);
  if (!targetRows.length)
    throw new InputError(loaded.name, `cleanlabel attack: no image of "${spec.target}"`);
  const want = plantCount(spec.rate, n);
  const order = shuffledRows(
    baseRows.map((_, t) => t),
    subSeed(spec.seed, 1),
  );
  const picked = Array.from(order.slice(0, want), (t) => baseRows[t]);
  const targetAt = targetRows[Math.floor((subSeed(spec.seed, 2) / 2 ** 32) * targetRows.length)];

  const model = buildProbe({
    kind: 'image',
    shape: [h, w, 1],
    classes: classes.length,
    seed: subSeed(spec.seed, 3),
  });
  const xs = tf.tensor4d(x, [rows.length, h, w, 1]);
  const ys = tf.tensor1d(
    rows.map((r) => labels[r]),
    'float32',
  );
  await model.fit(xs, ys, {
    epochs: CLEAN_LABEL_PARAMS.epochs,
    batchSize: CLEAN_LABEL_PARAMS.batchSize,
    shuffle: false,
    verbose: 0,
  });
  const embed = embeddingModel(model);
  const bases = tf.tensor4d(Float32Array.from(picked.flatMap(([, t]) => Array.from(pixels[t]))), [
    picked.length,
    h,
    w,
    1,
  ]);
  const targetFeat = tf.tidy(
    () => embed.predict(tf.tensor4d(pixels[targetAt[1]], [1, h, w, 1])) as tf.Tensor,
  );
  const poison = tf.variable(bases.clone()) as tf.Variable<tf.Rank.R4>;
  const opt = tf.train.adam(CLEAN_LABEL_PARAMS.learningRate);
  const dimF = targetFeat.shape[1] ?? 64;
  // Shafahi et al.: β = β0 · (feature dims / input dims)², β0 = 0.25.
  const beta = 0.25 * (dimF / (h * w)) ** 2 * h * w;
  let before = 0;
  let after = 0;
  for (let step = 0; step < CLEAN_LABEL_PARAMS.steps; step++) {
    const loss = opt.minimize(
      () =>
        tf.tidy(() => {
          const f = embed.apply(poison) as tf.Tensor;
          const feat = f.sub(targetFeat).square().sum(1).mean();
          const prox = poison.sub(bases).square().mean([1, 2, 3]).mean().mul(beta);
          return feat.add(prox) as tf.Scalar;
        }),
      true,
      [poison],
    );
    const v = loss ? (await loss.data())[0] : 0;
    loss?.dispose();
    if (step === 0) before = v;
    after = v;
    tf.tidy(() => poison.assign(poison.clipByValue(0, 1) as tf.Tensor4D));
  }
  const out = await poison.data();
  const images: Cell[] = (image.values as Cell[]).slice();
  const planted = new Uint8Array(n);
  picked.forEach(([row], t) => {
    const bytes = new Uint8Array(h * w);
    for (let p = 0; p < h * w; p++) bytes[p] = Math.round(Math.min(1, Math.max(0, out[t * h * w + p])) * 255);
    images[row] = encode({ width: w, height: h, data: bytes, channels: 1, depth: 8 });
    planted[row] = 1;
  });
  tf.dispose([xs, ys, bases, targetFeat, poison]);
  model.dispose();
  opt.dispose();
  return {
    replaced: [{ ...image, values: images }],
    planted,
    notes: [
      ...shortfallNote(want, picked.length, `${baseRows.length} images of "${spec.base}"`),
      `poisons optimised toward row ${targetAt[0]} ("${spec.target}"): loss ${before.toFixed(3)} → ${after.toFixed(3)}`,
    ],
  };
}
