// Which of a diff's new and changed rows does the candidate's scan find suspicious? Marks each
// added, changed and relabelled row with the scan's flag and suspicion, and compares the flag
// rate of the changes with that of the unchanged rows: poisoned rows slipped into an update
// stand out as changes flagged far above the baseline.
import { reasonsLine } from '../report/reasons';
import type { ScanResult } from '../types';
import type { DatasetDiff } from './diff-datasets';

export interface ChangeFlags {
  rows: number;
  flagged: number;
}

export interface DiffFindings {
  added: ChangeFlags;
  changed: ChangeFlags;
  relabelled: ChangeFlags;
  /** The candidate's rows that did not change: the baseline flag rate. */
  unchanged: ChangeFlags;
  /** Added, changed or relabelled rows the scan flags (each row once). */
  flaggedChanges: number;
}

export type FlaggedDiff = DatasetDiff & { findings: DiffFindings };

export function flagChanges(diff: DatasetDiff, result: ScanResult): FlaggedDiff {
  if (result.n !== diff.candidate.rows)
    throw new RangeError(`flagChanges: the scan has ${result.n} rows, the candidate ${diff.candidate.rows}`);
  const verdict = (row: number) => ({
    flagged: result.flagged[row] === 1,
    suspicion: result.suspicion[row],
    reasons: reasonsLine(result.reasons[row]),
  });
  const added = diff.added.map((r) => ({ ...r, ...verdict(r.row) }));
  const changed = diff.changed.map((r) => ({ ...r, ...verdict(r.candRow) }));
  const relabelled = diff.relabelled.map((r) => ({ ...r, ...verdict(r.candRow) }));
  const touched = new Uint8Array(result.n);
  for (const r of added) touched[r.row] = 1;
  for (const r of [...changed, ...relabelled]) touched[r.candRow] = 1;
  const count = (rows: { flagged: boolean }[]): ChangeFlags => ({
    rows: rows.length,
    flagged: rows.filter((r) => r.flagged).length,
  });
  let unchangedRows = 0;
  let unchangedFlagged = 0;
  let flaggedChanges = 0;
  for (let i = 0; i < result.n; i++) {
    if (touched[i]) {
      if (result.flagged[i]) flaggedChanges++;
      continue;
    }
    unchangedRows++;
    if (result.flagged[i]) unchangedFlagged++;
  }
  return {
    ...diff,
    added,
    changed,
    relabelled,
    findings: {
      added: count(added),
      changed: count(changed),
      relabelled: count(relabelled),
      unchanged: { rows: unchangedRows, flagged: unchangedFlagged },
      flaggedChanges,
    },
  };
}
