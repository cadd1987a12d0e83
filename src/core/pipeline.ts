// The whole scan, stage by stage: load -> roles -> features -> probe (K-fold) -> kNN -> detectors
// -> combined suspicion. Pure function of the input files, the settings and the seed.
import type { RunControl, ScanResult, ScanSettings, SourceFile, DatasetSummary } from './types';

export const defaultSettings: ScanSettings = {
  seed: 1,
  folds: 4,
  k: 10,
  epochs: 0,
  roles: {},
  embeddingSource: 'probe',
};

export interface ScanOutput {
  dataset: DatasetSummary;
  result: ScanResult;
}

export async function scan(
  _files: SourceFile[],
  _settings: Partial<ScanSettings> = {},
  _control: RunControl = {},
): Promise<ScanOutput> {
  throw new Error('not implemented yet');
}

/** Loads the files and infers column roles, without training anything (the page's role editor). */
export async function inspect(
  _files: SourceFile[],
  _overrides: ScanSettings['roles'] = {},
  _control: RunControl = {},
): Promise<DatasetSummary> {
  throw new Error('not implemented yet');
}
