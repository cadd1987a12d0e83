import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { userModelEmbeddings, type UserModelFiles } from '../../../src/core/model/user-model';

/** A small model saved the way tfjs saves to files: model.json text plus one weights file. */
async function savedModel(): Promise<{ files: UserModelFiles; model: tf.LayersModel }> {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [6],
      units: 5,
      activation: 'relu',
      name: 'embedding',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = artifacts as unknown as tf.io.ModelArtifacts;
  const json = JSON.stringify({
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
  });
  const weights = { 'group1-shard1of1.bin': new Uint8Array(a.weightData as ArrayBuffer) };
  return { files: { name: 'model.json', json, weights }, model };
}

describe('user model as the embedding source', () => {
  it('gives the activations of the layer named "embedding" for every sample', async () => {
    const { files, model } = await savedModel();
    const n = 10;
    const x = Float32Array.from({ length: n * 6 }, (_, i) => Math.sin(i));
    const out = await userModelEmbeddings(files, x, n, [6]);
    expect(out.dim).toBe(5);
    const sub = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer('embedding').output as tf.SymbolicTensor,
    });
    const expected = (sub.predict(tf.tensor2d(x, [n, 6])) as tf.Tensor).dataSync();
    for (let i = 0; i < expected.length; i++) expect(out.data[i]).toBeCloseTo(expected[i], 5);
  });

  it('says what is wrong: shape mismatch, missing weights, not a model', async () => {
    const { files } = await savedModel();
    await expect(userModelEmbeddings(files, new Float32Array(8), 1, [8])).rejects.toThrow(
      /model takes inputs of shape \[6\], the data gives \[8\]/,
    );
    await expect(userModelEmbeddings({ ...files, weights: {} }, new Float32Array(6), 1, [6])).rejects.toThrow(
      /weight file "group1-shard1of1.bin" is missing/,
    );
    await expect(
      userModelEmbeddings({ ...files, json: '{"a":1}' }, new Float32Array(6), 1, [6]),
    ).rejects.toThrow(/not a tfjs LayersModel/);
  });
});
