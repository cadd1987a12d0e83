// The page takes the user's own tfjs model (model.json + weights) for the embeddings.
import { describe, expect, it } from 'vitest';
import { userModelFixture } from '../fixtures/user-model';
import { useApp } from './harness';

describe('user model in the page', () => {
  const app = useApp('test');

  it('scans with the embeddings of a model.json the user picks', async () => {
    const { page } = app();
    const { csv, model, weights } = await userModelFixture();
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
