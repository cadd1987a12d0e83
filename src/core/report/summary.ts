// Per-class and per-annotator tables of a scan, gathered from the detectors' class verdicts and
// annotator findings.
import type { AnnotatorSummary, ClassSummary, DetectorInputs, DetectorResult } from '../types';

export function summarise(
  inputs: DetectorInputs,
  results: DetectorResult[],
  flagged: Uint8Array,
): { annotators: AnnotatorSummary[]; perClass: ClassSummary[] } {
  const perClass: ClassSummary[] = inputs.classes.map((label) => ({
    label,
    count: 0,
    flagged: 0,
    verdicts: [],
  }));
  for (let i = 0; i < inputs.n; i++) {
    const y = inputs.labels[i];
    if (y < 0) continue;
    perClass[y].count++;
    if (flagged[i]) perClass[y].flagged++;
  }
  for (const r of results) {
    for (const verdict of r.classVerdicts ?? []) {
      const target = perClass.find((p) => p.label === verdict.class);
      if (target && verdict.text) target.verdicts.push(verdict);
    }
  }

  const findings = results.find((r) => r.annotatorFindings)?.annotatorFindings;
  const annotators = (findings?.table ?? []).map((a) => ({ ...a }));
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
  // An annotator some detector names as suspect (annotator agreement's outlier test, a campaign
  // carried by one account) ranks above the rest; the score's order holds within each part.
  const suspects = new Set(results.flatMap((r) => r.annotatorFindings?.suspect ?? []));
  if (suspects.size) {
    const rank = (a: AnnotatorSummary) => (suspects.has(a.annotator) ? 0 : 1);
    annotators.sort((a, b) => rank(a) - rank(b));
  }
  return { annotators, perClass };
}
