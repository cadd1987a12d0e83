// Loading a dataset and inferring its column roles: the part of a scan that trains nothing (the
// page's role editor shows its result before the scan starts).
import type { ItemsWithJudgements } from './annotations/judgement-input';
import { inferRoles, loadDataset } from './data';
import { judgementSources, withJudgements } from './judgements-stage';
import { stageProgress } from './progress';
import type {
  DatasetSummary,
  LoadedDataset,
  Roles,
  RunControl,
  ScanResult,
  ScanSettings,
  SourceFile,
} from './types';

export interface ScanOutput {
  dataset: DatasetSummary;
  result: ScanResult;
}

/** Identifies the dataset for the review journal: the main file's hash, or all files' together. */
async function datasetHash(ds: LoadedDataset): Promise<string> {
  if (ds.files.length === 1) return ds.files[0].sha256;
  const joined = ds.files
    .map((f) => `${f.sha256}  ${f.name}`)
    .sort()
    .join('\n');
  const { sha256 } = await import('hash-wasm');
  return sha256(joined);
}

export function summariseDataset(ds: LoadedDataset, roles: Roles, hash: string): DatasetSummary {
  return {
    name: ds.name,
    format: ds.format,
    numRows: ds.frame.numRows,
    columns: ds.frame.columns.map((c) => ({
      name: c.name,
      type: c.type,
      role: roles[c.name] ?? 'ignore',
      ...(c.classNames ? { classes: c.classNames } : {}),
    })),
    files: ds.files,
    warnings: ds.warnings,
    rowErrors: ds.rowErrors,
    datasetHash: hash,
    ...(ds.splits ? { splits: ds.splits, split: ds.split } : {}),
  };
}

export interface LoadedWithRoles {
  loaded: LoadedDataset;
  /** Several annotators' judgements of the rows (label QA); null for one label per row. */
  judgements?: ItemsWithJudgements | null;
  roles: Roles;
  warnings: string[];
  summary: DatasetSummary;
  loadMs: number;
}

/** Loads the files and infers column roles, without training anything. */
export async function loadAndInfer(
  files: SourceFile[],
  overrides: ScanSettings['roles'] = {},
  control: RunControl = {},
): Promise<LoadedWithRoles> {
  const progress = stageProgress(control);
  const t0 = performance.now();
  const sources = await judgementSources(files, overrides);
  const raw = await loadDataset(sources.files, {}, { ...control, onProgress: progress('load') });
  const judged = await withJudgements(raw, files, overrides, sources.labelStudio);
  const { loaded, judgements } = judged;
  const inferred = inferRoles(loaded.frame, judged.overrides);
  const summary = summariseDataset(loaded, inferred.roles, await datasetHash(loaded));
  if (judgements) {
    const { table } = judgements;
    summary.judgements = {
      format: judgements.format,
      source: judgements.source,
      items: table.items.length,
      annotators: table.annotators.length,
      judgements: table.item.length,
      classes: table.classes,
    };
  }
  return {
    loaded,
    judgements,
    roles: inferred.roles,
    warnings: inferred.warnings,
    summary,
    loadMs: performance.now() - t0,
  };
}

/** What the page's role editor shows before a scan. */
export async function summariseFiles(
  files: SourceFile[],
  overrides: ScanSettings['roles'] = {},
  control: RunControl = {},
): Promise<DatasetSummary> {
  return (await loadAndInfer(files, overrides, control)).summary;
}
