// The detector stage: what every detector reads, and every registered detector run in order.
import { detectors, imageDetectors } from '../detect/registry';
import { confirmBySurroundings } from '../detect/surroundings';
import type { Features } from '../features/featurize';
import type { LoadedWithRoles } from '../load-and-infer';
import type { DetectorInputs, DetectorResult, KnnGraph } from '../types';
import type { Embedded } from './probe';
import type { Featured } from './features';
import { now, type ScanRun } from './run';

/** What every detector reads. */
export function detectorInputs(
  prepared: LoadedWithRoles,
  featured: Featured,
  embedded: Embedded,
  knn: KnnGraph,
  inputKnn: KnnGraph,
): DetectorInputs {
  const { loaded, roles } = prepared;
  const annotatorCol = loaded.frame.columns.find((col) => roles[col.name] === 'annotator');
  return {
    n: featured.n,
    c: featured.c,
    classes: featured.classes,
    labels: featured.labels,
    probs: embedded.probs,
    embeddings: embedded.embeddings,
    dim: embedded.dim,
    knn,
    inputKnn,
    contentHash: featured.features.contentHash,
    inputFeatures: () => ({
      data: featured.features.x,
      dim: featured.features.x.length / Math.max(1, featured.n),
    }),
    annotators: annotatorCol
      ? Array.from(annotatorCol.values as ArrayLike<unknown>, (v) =>
          v === null || v === undefined || v === '' ? null : String(v),
        )
      : null,
  };
}

/**
 * Detectors that read the probe's out-of-fold probabilities and nothing else could stand in for:
 * without a probe (a big embedding column, scan/features.ts PROBE_MAX_ROWS) they are not run (with
 * uniform probabilities confident learning would call 90 % of the rows ambiguous).
 */
const NEEDS_PROBE = new Set(['confident-learning', 'support-gap']);

function notRun(name: string, n: number): DetectorResult {
  return {
    name,
    scores: new Float32Array(n),
    flagged: new Uint8Array(n),
    reasons: new Array<null>(n).fill(null),
    params: { skipped: 'no probe: the embeddings came from a column and the probe was not trained' },
  };
}

/**
 * Every registered detector in order, then (images only) the second pass over their groups.
 * Without a probe, the backdoor detectors' candidate groups are confirmed by their surroundings.
 */
export function detectorStage(
  inputs: DetectorInputs,
  features: Features,
  run: ScanRun,
  probeTrained = true,
): DetectorResult[] {
  const { timings } = run;
  const report = run.progress('detectors');
  const results: DetectorResult[] = [];
  for (let d = 0; d < detectors.length; d++) {
    const t0 = now();
    report({ fraction: d / detectors.length, detail: detectors[d].name });
    if (!probeTrained && NEEDS_PROBE.has(detectors[d].name)) {
      results.push(notRun(detectors[d].name, inputs.n));
      continue;
    }
    results.push(detectors[d].run(inputs));
    timings[`detector: ${detectors[d].name}`] = now() - t0;
  }
  if (!probeTrained) {
    // No model to reclassify the backdoor detectors' groups: their surroundings in the embeddings
    // confirm them instead (detect/surroundings.ts).
    const t0 = now();
    report({ fraction: 1, detail: 'surroundings' });
    confirmBySurroundings(inputs, results);
    timings['detector: surroundings'] = now() - t0;
  }
  if (features.kind === 'image' && features.shape.length === 3) {
    // A second pass over the first's trigger groups and the images themselves.
    const images = { x: features.x, shape: features.shape };
    for (const d of imageDetectors) {
      const t0 = now();
      results.push(d.run(inputs, images, [...results]));
      timings[`detector: ${d.name}`] = now() - t0;
    }
  }
  return results;
}
