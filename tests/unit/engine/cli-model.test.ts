// `assay scan --model model.json`: the user's own tfjs model gives the embeddings.
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssay } from './run-cli';

/** Two numeric features, two classes; a model whose "embedding" layer is 4 wide, saved as files. */
async function fixture(): Promise<{ csv: string; model: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-model-'));
  const rows = ['id,a,b,label'];
  for (let i = 0; i < 80; i++)
    rows.push(`${i},${(i % 2) * 3 + Math.sin(i)},${Math.cos(i)},${i % 2 ? 'x' : 'y'}`);
  fs.writeFileSync(path.join(dir, 'data.csv'), rows.join('\n') + '\n');
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [2], units: 4, activation: 'relu', name: 'embedding' }));
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      fs.writeFileSync(path.join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
      const json = {
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { csv: path.join(dir, 'data.csv'), model: path.join(dir, 'model.json') };
}

describe('assay scan --model', () => {
  it('takes the embeddings from the user model and records it by name only', async () => {
    const { csv, model } = await fixture();
    const run = runAssay(['scan', csv, '--model', model, '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(run.out, 'report.json'), 'utf8'));
    expect(report.settings.embeddingSource).toBe('model');
    expect(report.settings.userModel).toEqual({ name: 'model.json' });
  });

  it('a model that does not fit the data is one line naming the model', async () => {
    const { model } = await fixture();
    const run = runAssay([
      'scan',
      path.join(path.resolve('../shared/datasets/penguins-flip'), 'data.csv'),
      '--model',
      model,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(
      /^assay: model\.json: the model takes inputs of shape \[2\], the data gives \[\d+\]$/,
    );
  });
});
