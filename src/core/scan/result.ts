// The scan's last stage: its whole answer.
import type { Combined } from '../detect/combine';
import { consensusAnnotators } from '../consensus/consensus-detector';
import { describeDetectors } from '../detect/registry';
import type { LabelQaStage } from '../label-qa-stage';
import type { LoadedWithRoles } from '../load-and-infer';
import { withAtlas } from '../report/atlas';
import { suspicionRanking } from '../report/ranking';
import { summarise } from '../report/summary';
import type { BackendName, DetectorDefinition, DetectorInputs, DetectorResult, ScanResult } from '../types';
import type { ScanRun } from './run';

/** The scan's whole answer: ids, predictions, the detectors' and combined verdicts, summaries. */
export function assembleResult(
  prepared: LoadedWithRoles,
  inputs: DetectorInputs,
  results: DetectorResult[],
  combined: Combined,
  backend: BackendName,
  run: ScanRun,
  defs: readonly DetectorDefinition[],
  qa: LabelQaStage | null = null,
): ScanResult {
  const { loaded, roles } = prepared;
  const { n, c, probs } = inputs;
  const idCol = loaded.frame.columns.find((col) => roles[col.name] === 'id' || roles[col.name] === 'item');
  const ids = Array.from({ length: n }, (_, i) => {
    const v = idCol?.values[i];
    return v === null || v === undefined ? String(i) : String(v);
  });
  const predicted = argmaxRows(probs, n, c);
  const summary = summarise(inputs, results, combined.flagged);
  const { perClass } = summary;
  const annotators = qa
    ? consensusAnnotators(qa.qa, predicted, inputs.knn, combined.flagged)
    : summary.annotators;
  return {
    n,
    ids,
    classes: inputs.classes,
    labels: inputs.labels,
    predicted,
    probs,
    embeddings: inputs.embeddings,
    dim: inputs.dim,
    knn: inputs.knn,
    detectors: results,
    detectorInfo: withAtlas(describeDetectors(defs)),
    suspicion: combined.suspicion,
    ranking: suspicionRanking(combined.suspicion),
    flagged: combined.flagged,
    ambiguous: combined.ambiguous,
    reasons: combined.reasons,
    annotators,
    sampleAnnotators: inputs.annotators,
    perClass,
    backend,
    settings: run.settings,
    timings: run.timings,
    warnings: run.warnings,
    ...(qa ? { labelQa: qa.qa } : {}),
  };
}

/** The most probable class of each row of an N×C probability matrix. */
export function argmaxRows(probs: Float32Array, n: number, c: number): Int32Array {
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (probs[i * c + j] > probs[i * c + best]) best = j;
    predicted[i] = best;
  }
  return predicted;
}
