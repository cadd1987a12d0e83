// The million-row path at test size: a Parquet embedding column (scripts/make-embeddings-dataset.ts,
// 2,000 rows × 16 floats, a planted backdoor-like group of 2 %) scanned on its embeddings alone,
// without the probe (probeMaxRows below the row count, as past 200,000 rows). Measured (seed 1,
// 2026-12-03): spectral's own score ranks the group first (AUROC 0.9996), the combined suspicion
// less well (0.8435: kNN outliers and neighbour disagreement rank boundary rows of every class above
// a tight group whose neighbours share its label), and nothing is flagged: with embeddings alone no
// model's confidence can differ from the look-alikes', so the backdoor detectors' reclassification
// never confirms a group (detect/reclassify.ts). The floors sit just under those values.
import { describe, expect, it } from 'vitest';
import { sourceFromBytes } from '../../../src/core/data';
import { scan } from '../../../src/core/pipeline';
import { embeddingsParquetBytes } from '../../../scripts/make-embeddings-dataset';
import { auroc } from '../detect/helpers';

const FLOORS = { auroc: 0.83, spectralAuroc: 0.99 };

describe('a scan on an embedding column alone', () => {
  it('finds the planted group without training the probe', async () => {
    const { bytes, truth } = embeddingsParquetBytes({
      rows: 2000,
      dim: 16,
      poison: 0.02,
      seed: 5,
      rowGroup: 700,
    });
    const out = await scan([sourceFromBytes('emb.parquet', bytes)], { seed: 1, probeMaxRows: 1000 });
    const r = out.result;
    expect(r.n).toBe(2000);
    expect(r.warnings.some((w) => /the probe is not trained past 1,000 rows/.test(w))).toBe(true);
    const planted = new Uint8Array(2000);
    for (const i of truth.poisoned) planted[i] = 1;
    const spectral = r.detectors.find((d) => d.name === 'spectral')!;
    const a = auroc(r.suspicion, planted);
    const s = auroc(spectral.scores, planted);
    console.log(`embedding-only scan: suspicion AUROC ${a.toFixed(4)}, spectral ${s.toFixed(4)}`);
    expect(a).toBeGreaterThanOrEqual(FLOORS.auroc);
    expect(s).toBeGreaterThanOrEqual(FLOORS.spectralAuroc);
    expect(r.detectors.find((d) => d.name === 'confident-learning')!.params.skipped).toMatch(/no probe/);
    expect(r.flagged.reduce((x, v) => x + v, 0)).toBe(0);
  }, 120_000);
});
