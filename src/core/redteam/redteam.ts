// Red-team mode: plant synthetic attacks into copies of the user's own dataset, scan each copy
// with the same pipeline as a real scan, and report how much of each attack the scan found.
// A team learns how sensitive Assay is on its data. The loaded original is never modified.
import { loadAndInfer, summariseDataset, type LoadedWithRoles } from '../load-and-infer';
import { defaultSettings } from '../scan-settings';
import { scanLoaded } from '../pipeline';
import { subSeed } from '../random';
import type { DatasetSummary, RunControl, ScanResult, ScanSettings, SourceFile } from '../types';
import type { AttackRequest, AttackSpec } from './attack';
import { plantAttackAsync, resolveFor } from './plant';
import { scoreAttack, type AttackScore } from './score-attack';

export interface RedteamRun {
  spec: AttackSpec;
  description: string;
  plantedCount: number;
  /** Planted row indices (row order of the dataset). */
  plantedRows: number[];
  notes: string[];
  score: AttackScore;
  /** Wall-clock time of the scan of this copy, ms. */
  scanMs: number;
  /** Present only when asked for (`keepResults`): the copy's full scan. */
  result?: ScanResult;
}

export interface RedteamReport {
  format: 'assay-redteam';
  version: 1;
  dataset: DatasetSummary;
  settings: ScanSettings;
  backend: string;
  runs: RedteamRun[];
}

export interface RedteamOptions {
  /** Keep each copy's ScanResult in its run (the page shows it; the CLI does not need it). */
  keepResults?: boolean;
}

/** Seed of attack `index` when its request names none: derived from the scan seed. */
export function attackSeed(scanSeed: number, index: number): number {
  return subSeed(scanSeed, 0x7ed, index);
}

export async function redteam(
  files: SourceFile[],
  attacks: AttackRequest[],
  partial: Partial<ScanSettings> = {},
  control: RunControl = {},
  opts: RedteamOptions = {},
): Promise<RedteamReport> {
  const settings: ScanSettings = { ...defaultSettings, ...partial, roles: { ...partial.roles } };
  const prepared = await loadAndInfer(files, settings.roles, control);
  return redteamLoaded(prepared, attacks, settings, control, opts);
}

/** Red-team runs on an already loaded dataset (the worker keeps it loaded). */
export async function redteamLoaded(
  prepared: LoadedWithRoles,
  attacks: AttackRequest[],
  settings: ScanSettings,
  control: RunControl = {},
  opts: RedteamOptions = {},
): Promise<RedteamReport> {
  const { loaded, roles } = prepared;
  // Resolve every attack first: a bad class name fails before the first long scan.
  const specs = attacks.map((a, i) => resolveFor(loaded, roles, a, attackSeed(settings.seed, i)));
  const runs: RedteamRun[] = [];
  let backend = '';
  const { sha256 } = await import('hash-wasm');
  for (let i = 0; i < specs.length; i++) {
    const planted = await plantAttackAsync(loaded, roles, specs[i]);
    const copy: LoadedWithRoles = {
      loaded: planted.dataset,
      roles,
      warnings: prepared.warnings,
      // Its own identity, so the page never files a review of the copy under the original.
      summary: summariseDataset(
        planted.dataset,
        roles,
        await sha256(`assay-redteam\n${prepared.summary.datasetHash}\n${JSON.stringify(specs[i])}`),
      ),
      loadMs: 0,
    };
    const t0 = performance.now();
    const { result } = await scanLoaded(copy, settings, {
      isCancelled: control.isCancelled,
      inputGraph: control.inputGraph,
      onProgress: (p) =>
        control.onProgress?.({
          stage: p.stage === 'done' ? 'scored' : p.stage,
          fraction: (i + p.fraction) / specs.length,
          detail: `attack ${i + 1} of ${specs.length}${p.detail ? `: ${p.detail}` : ''}`,
        }),
    });
    backend = result.backend;
    const plantedRows: number[] = [];
    planted.planted.forEach((v, row) => v && plantedRows.push(row));
    runs.push({
      spec: planted.spec,
      description: planted.description,
      plantedCount: planted.plantedCount,
      plantedRows,
      notes: planted.notes,
      score: scoreAttack(
        result,
        planted.planted,
        'annotator' in planted.spec ? planted.spec.annotator : undefined,
      ),
      scanMs: performance.now() - t0,
      ...(opts.keepResults ? { result } : {}),
    });
  }
  control.onProgress?.({ stage: 'done', fraction: 1 });
  return { format: 'assay-redteam', version: 1, dataset: prepared.summary, settings, backend, runs };
}
