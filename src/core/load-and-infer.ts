// Loading a dataset and inferring its column roles: the part of a scan that trains nothing (the
// page's role editor shows its result before the scan starts).
import { inferRoles, loadDataset } from './data';
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
  const loaded = await loadDataset(files, {}, { ...control, onProgress: progress('load') });
  const inferred = inferRoles(loaded.frame, overrides);
  const summary = summariseDataset(loaded, inferred.roles, await datasetHash(loaded));
  return {
    loaded,
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
