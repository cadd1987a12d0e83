// The combine stage: the detectors' verdicts as one suspicion per sample.
import { combine, type Combined } from '../detect/combine';
import type { DetectorDefinition, DetectorResult } from '../types';

/** Combined suspicion; an undecodable row cannot be vetted: it gets maximum suspicion and says why. */
export function combineStage(
  results: DetectorResult[],
  rowErrors: { row: number; message: string }[],
  n: number,
  defs: readonly DetectorDefinition[],
): Combined {
  const combined = combine(results, n, defs);
  for (const e of rowErrors) {
    combined.suspicion[e.row] = 1;
    combined.flagged[e.row] = 1;
    combined.ambiguous[e.row] = 0;
    combined.reasons[e.row] = [{ detector: 'load', tag: '', text: e.message }, ...combined.reasons[e.row]];
  }
  return combined;
}
