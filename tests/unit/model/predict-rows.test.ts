// predictRows runs each batch whole: Keras-style predict() would cut it into 32-row tf.slice
// calls, and tfjs-wasm's Slice copies its whole input out of the wasm heap each time (22 s of a
// 60k scan in Chromium before this was fixed).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildProbe } from '../../../src/core/model/probe';
import { predictRows } from '../../../src/core/model/train';

describe('predictRows', () => {
  it('matches predict() row for row without slicing the batch', async () => {
    const n = 300;
    const shape = [8, 8, 1];
    const data = Float32Array.from({ length: n * 64 }, (_, i) => ((i * 7919) % 255) / 255);
    const model = buildProbe({ kind: 'image', shape, classes: 3, seed: 4 });
    const rows = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const out = new Float32Array(n * 3);
    const profile = await tf.profile(() => predictRows(model, { data, shape }, rows, 3, out, {}));
    expect(profile.kernelNames).not.toContain('Slice');
    const expected = tf.tidy(() => model.predict(tf.tensor(data, [n, ...shape])) as tf.Tensor);
    const want = (await expected.data()) as Float32Array;
    expected.dispose();
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(want[i], 5);
    model.dispose();
  });
});
