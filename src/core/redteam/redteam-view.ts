// A red-team run as the page shows it: the attack, what was planted and how well the scan found
// it, without the planted rows' indices.
import type { AttackSpec } from './attack';
import type { RedteamRun } from './redteam';
import type { AttackScore } from './score-attack';

/** One red-team run on a copy of the current dataset, as the page shows it. */
export interface RedteamView {
  spec: AttackSpec;
  description: string;
  plantedCount: number;
  notes: string[];
  score: AttackScore;
  scanMs: number;
}

export function redteamViewOf(run: RedteamRun): RedteamView {
  return {
    spec: run.spec,
    description: run.description,
    plantedCount: run.plantedCount,
    notes: run.notes,
    score: run.score,
    scanMs: run.scanMs,
  };
}
