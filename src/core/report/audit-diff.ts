// The audit report's diff section: a dataset diff (src/core/diff) reduced to its counts and the
// changes the scan flags.
import type { FlaggedDiff } from '../diff';
import type { AuditDiff } from './audit';

/** Flagged changes listed in the audit report (diff.csv has them all). */
export const AUDIT_DIFF_ROWS = 200;

/** The diff as the audit report records it: counts and the changes the scan flags. */
export function auditDiffOf(diff: FlaggedDiff): AuditDiff {
  const flagged: AuditDiff['flagged'] = [];
  const add = (
    change: string,
    id: string,
    r: { flagged?: boolean; suspicion?: number; reasons?: string },
  ) => {
    if (r.flagged) flagged.push({ change, id, suspicion: r.suspicion ?? 0, reasons: r.reasons ?? '' });
  };
  for (const r of diff.added) add('added', r.id, r);
  for (const r of diff.relabelled) add(`relabelled ${r.from ?? '∅'} → ${r.to ?? '∅'}`, r.id, r);
  for (const r of diff.changed) add(`changed ${r.cells.map((c) => c.column).join(', ')}`, r.id, r);
  flagged.sort((a, b) => b.suspicion - a.suspicion);
  return {
    reference: diff.reference.name,
    candidate: diff.candidate.name,
    matchedBy: diff.matchedBy,
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    relabelled: diff.relabelled.length,
    unchanged: diff.unchanged,
    flaggedChanges: diff.findings.flaggedChanges,
    unchangedFlagged: diff.findings.unchanged.flagged,
    perClass: diff.perClass.filter((c) => c.delta !== 0),
    flagged: flagged.slice(0, AUDIT_DIFF_ROWS),
  };
}
