// The audit report's red-team section: one entry per run, the numbers a reviewer needs and no
// per-row data.
import type { RedteamRun } from '../redteam/redteam';
import type { AuditRedTeamRun } from './audit';

/** A red-team run as the audit report records it. */
export function auditRedTeamOf(
  run: Pick<RedteamRun, 'spec' | 'description' | 'plantedCount' | 'score' | 'scanMs'>,
): AuditRedTeamRun {
  const best = run.score.detectors[0];
  return {
    spec: { ...run.spec },
    description: run.description,
    planted: run.plantedCount,
    auroc: run.score.auroc,
    k: run.score.k,
    recallAtK: run.score.recallAtK,
    flagged: run.score.flagged,
    bestCheck: best ? { name: best.name, auroc: best.auroc } : null,
    scanMs: Math.round(run.scanMs),
  };
}
