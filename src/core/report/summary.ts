// Per-class and per-annotator tables of a scan, gathered from the detectors' own details.
import type { AnnotatorSummary, ClassSummary, DetectorInputs, DetectorResult } from '../types';

interface ClassVerdict {
  class: string;
  verdict: string;
}

export function summarise(
  inputs: DetectorInputs,
  results: DetectorResult[],
  flagged: Uint8Array,
): { annotators: AnnotatorSummary[]; perClass: ClassSummary[] } {
  const perClass: ClassSummary[] = inputs.classes.map((label) => ({
    label,
    count: 0,
    flagged: 0,
    verdicts: {},
  }));
  for (let i = 0; i < inputs.n; i++) {
    const y = inputs.labels[i];
    if (y < 0) continue;
    perClass[y].count++;
    if (flagged[i]) perClass[y].flagged++;
  }
  for (const r of results) {
    const rows = (r.details?.perClass ?? []) as ClassVerdict[];
    for (const row of rows) {
      const target = perClass.find((p) => p.label === row.class);
      if (target && row.verdict) target.verdicts[r.name] = row.verdict;
    }
  }

  const agreement = results.find((r) => r.name === 'annotator-agreement');
  const annotators = ((agreement?.details?.annotators ?? []) as AnnotatorSummary[]).map((a) => ({ ...a }));
  // `flagged` in the report counts the combined flag, so it matches scores.csv.
  if (inputs.annotators && annotators.length) {
    const byName = new Map(annotators.map((a) => [a.annotator, a]));
    for (const a of annotators) a.flagged = 0;
    inputs.annotators.forEach((name, i) => {
      if (name !== null && flagged[i]) {
        const a = byName.get(name);
        if (a) a.flagged++;
      }
    });
  }
  return { annotators, perClass };
}
