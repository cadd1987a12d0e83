// The page takes the user's own tfjs model (model.json + weights) for the embeddings.
import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

async function fixture(): Promise<{ csv: string; model: string; weights: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-page-model-'));
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
  return {
    csv: path.join(dir, 'data.csv'),
    model: path.join(dir, 'model.json'),
    weights: path.join(dir, 'weights.bin'),
  };
}

describe('user model in the page', () => {
  const app = useApp();

  it('scans with the embeddings of a model.json the user picks', async () => {
    const { page } = app();
    const { csv, model, weights } = await fixture();
    await page.getByTestId('file-input').setInputFiles(csv);
    await page.getByTestId('role-editor').waitFor({ timeout: 30_000 });
    await page.getByTestId('model-input').setInputFiles([model, weights]);
    await page.getByText('using model.json').waitFor();
    await page.getByTestId('role-editor').getByRole('button', { name: 'Scan' }).click();
    await page.getByTestId('summary').waitFor({ timeout: 120_000 });
    const used = await page.evaluate(() => {
      const r = (
        globalThis as unknown as {
          assay: { session: { output: { result: { dim: number; settings: { embeddingSource: string } } } } };
        }
      ).assay.session.output.result;
      return { source: r.settings.embeddingSource, dim: r.dim };
    });
    expect(used).toEqual({ source: 'model', dim: 4 });
  });
});
