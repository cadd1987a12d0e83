// The detector stage: what every detector reads, and every registered detector run in order.
import { detectors, imageDetectors } from '../detect/registry';
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

/** Every registered detector in order, then (images only) the second pass over their groups. */
export function detectorStage(inputs: DetectorInputs, features: Features, run: ScanRun): DetectorResult[] {
  const { timings } = run;
  const report = run.progress('detectors');
  const results: DetectorResult[] = [];
  for (let d = 0; d < detectors.length; d++) {
    const t0 = now();
    report({ fraction: d / detectors.length, detail: detectors[d].name });
    results.push(detectors[d].run(inputs));
    timings[`detector: ${detectors[d].name}`] = now() - t0;
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
