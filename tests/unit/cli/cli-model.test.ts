// `assay scan --model model.json`: the user's own tfjs model gives the embeddings.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { userModelFixture } from '../../fixtures/user-model';
import { runAssay } from './run-cli';

describe('assay scan --model', () => {
  it('takes the embeddings from the user model and records it by name only', async () => {
    const { csv, model } = await userModelFixture();
    const run = runAssay(['scan', csv, '--model', model, '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(run.out, 'report.json'), 'utf8'));
    expect(report.settings.embeddingSource).toBe('model');
    expect(report.settings.userModel).toEqual({ name: 'model.json' });
  });

  it('a model that does not fit the data is one line naming the model', async () => {
    const { model } = await userModelFixture();
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
