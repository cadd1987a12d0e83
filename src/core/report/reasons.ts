// Reasons and per-class verdicts as the reports write them: typed records in the engine, one line
// of text in scores.csv, report.json, the audit and the CLI.
import type { ClassSummary, ClassVerdict, Reason } from '../types';

/** "tag: text", or the text alone when the reason has no tag. */
export function reasonLine(reason: Reason): string {
  return reason.tag ? `${reason.tag}: ${reason.text}` : reason.text;
}

/** A sample's reasons, one line joined with "; " (scores.csv's `reasons` column). */
export function reasonsLine(reasons: readonly Reason[] | undefined): string {
  return reasons ? reasons.map(reasonLine).join('; ') : '';
}

/** "suspect: …" / "clean: …", or the text alone when the detector could not decide. */
export function verdictLine(verdict: ClassVerdict): string {
  return verdict.kind === 'undecided' ? verdict.text : `${verdict.kind}: ${verdict.text}`;
}

/** A class's row as report.json and the audit write it: verdicts as detector -> line. */
export interface ReportedClassSummary {
  label: string;
  count: number;
  flagged: number;
  verdicts: Record<string, string>;
}

export function reportedClass(c: ClassSummary): ReportedClassSummary {
  return {
    label: c.label,
    count: c.count,
    flagged: c.flagged,
    verdicts: Object.fromEntries(c.verdicts.map((v) => [v.detector, verdictLine(v)])),
  };
}
