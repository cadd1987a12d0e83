// Public face of the dataset diff.
export {
  diffDatasets,
  type AddedRow,
  type CellChange,
  type ChangedRow,
  type ClassShift,
  type DatasetDiff,
  type DiffSide,
  type RelabelledRow,
  type RemovedRow,
  type RowVerdict,
} from './diff-datasets';
export { flagChanges, type ChangeFlags, type DiffFindings, type FlaggedDiff } from './flag-changes';
export { diffCsv } from './diff-csv';
export { cellsEqual, cellText } from './cell-compare';
