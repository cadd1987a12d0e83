// The cleaned dataset: the loaded frame with the review applied, as CSV text or Arrow IPC bytes.
// - The label column carries the relabels; `original_label` keeps the label as loaded (it
//   differs only on relabelled rows).
// - Quarantined rows are dropped, or kept and marked in a `review_status` column (unreviewed /
//   ok / quarantined / relabelled), as the user chooses.
// - `rows` exports a subset (the current selection) in the order given.
// - Added column names that the frame already uses get a suffix (original_label_2, ...).
export { cleanedCsv, type CleanedCsv } from './cleaned-csv';
export { cleanedArrow } from './cleaned-arrow';
export {
  planCleaned,
  type CleanedExportOptions,
  type CleanedPlan,
  type QuarantinePolicy,
} from './cleaned-plan';
