// The million-row path at test size: a Parquet embedding column (scripts/make-embeddings-dataset.ts,
// 2,000 rows × 16 floats, a planted backdoor-like group of 2 %) scanned on its embeddings alone,
// without the probe (probeMaxRows below the row count, as past 200,000 rows). With embeddings alone
// no model can be surer of a label than its look-alikes (detect/reclassify.ts), so the backdoor
// detectors' groups are confirmed by their surroundings instead (detect/surroundings.ts): the rows
// nearest to the group outside it carry class 3, not 7. Measured (seed 1, 2026-12-03): spectral's
// own score AUROC 0.9996; the group flagged whole and alone (40 flagged, 40 planted: recall and
// precision 1), in the group tier, so the combined suspicion ranks it first (AUROC 1.0000; before
// the surroundings test nothing was flagged and it was 0.8435). The floors sit just under.
import { describe, expect, it } from 'vitest';
import { sourceFromBytes } from '../../../src/core/data';
import { scan } from '../../../src/core/pipeline';
import { embeddingsParquetBytes } from '../../../scripts/make-embeddings-dataset';
import { auroc } from '../detect/helpers';

const FLOORS = { auroc: 0.99, spectralAuroc: 0.99, recall: 0.95, precision: 0.95 };

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
    let flagged = 0;
    let hits = 0;
    for (let i = 0; i < r.n; i++)
      if (r.flagged[i]) {
        flagged++;
        hits += planted[i];
        // Flagged as a group: the top tier of the suspicion.
        if (planted[i]) expect(r.suspicion[i]).toBeGreaterThanOrEqual(0.75);
      }
    const recall = hits / truth.poisoned.length;
    const precision = flagged ? hits / flagged : 0;
    console.log(`flagged ${flagged}, planted among them ${hits}: recall ${recall}, precision ${precision}`);
    expect(recall).toBeGreaterThanOrEqual(FLOORS.recall);
    expect(precision).toBeGreaterThanOrEqual(FLOORS.precision);
    const why = r.reasons[truth.poisoned[0]].map((x) => x.text).join('; ');
    expect(why).toMatch(/nearest rows outside the group are labelled class_3 \(\d+\/20\), not class_7/);
  }, 120_000);
});
