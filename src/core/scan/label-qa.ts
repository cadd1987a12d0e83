// Label QA, when the input holds several annotators' judgements per item: the consensus the
// detectors then run on (label-qa-stage.ts does the work).
import { labelQaStage, type LabelQaStage } from '../label-qa-stage';
import type { LoadedWithRoles } from '../load-and-infer';
import type { Featured } from './features';
import type { Embedded } from './probe';
import { now, type ScanRun } from './run';

/** The consensus stage; null when the input has one label per row. */
export function consensusStage(
  prepared: LoadedWithRoles,
  featured: Featured,
  embedded: Embedded,
  run: ScanRun,
): LabelQaStage | null {
  if (!prepared.judgements) return null;
  const t0 = now();
  const stage = labelQaStage(prepared.judgements, featured.classes, embedded.probs, featured.probeTrains);
  run.timings['label qa'] = now() - t0;
  return stage;
}
