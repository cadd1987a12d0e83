// A row's id and reasons on the page. The result carries them packed (workers/transfer-copy.ts):
// the ids as one string with each id's end offset, the reasons as JSON text per row. The page
// reads the few dozen rows it shows; 60k id strings and ~4,000 rows of reason objects cloned on
// arrival were most of a 52-62 ms main-thread task (bench/page-budget.ts --trace).
import type { PageScanResult, Reason } from '../core/types';

const NONE: readonly Reason[] = [];

/** Why `row` is flagged (empty when it is not). */
export function rowReasons(result: Pick<PageScanResult, 'reasonsJson'>, row: number): readonly Reason[] {
  const text = result.reasonsJson[row];
  return text === undefined ? NONE : (JSON.parse(text) as Reason[]);
}

/** The id of `row` (its row number when out of range). */
export function rowId(result: Pick<PageScanResult, 'idText' | 'idEnds'>, row: number): string {
  const { idText, idEnds } = result;
  if (!(row >= 0 && row < idEnds.length)) return String(row);
  return idText.slice(row > 0 ? idEnds[row - 1] : 0, idEnds[row]);
}
