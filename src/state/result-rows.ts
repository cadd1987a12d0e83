// A row's id and reasons on the page. The result carries them packed (workers/transfer-copy.ts):
// the ids, and each row's reasons as JSON text, each as one string with every row's end offset.
// The page reads the few dozen rows it shows; 60k id strings and ~4,000 rows of reason objects
// cloned on arrival were most of a 52-62 ms main-thread task (bench/page-budget.ts --trace).
import type { PageScanResult, Reason } from '../core/types';

const NONE: readonly Reason[] = [];

/** Row `row`'s text in a packed list (workers/transfer-copy.ts packStrings); null out of range. */
function packedAt(text: string, ends: Uint32Array, row: number): string | null {
  if (!(row >= 0 && row < ends.length)) return null;
  return text.slice(row > 0 ? ends[row - 1] : 0, ends[row]);
}

/** Why `row` is flagged (empty when it is not). */
export function rowReasons(
  result: Pick<PageScanResult, 'reasonsText' | 'reasonsEnds'>,
  row: number,
): readonly Reason[] {
  const text = packedAt(result.reasonsText, result.reasonsEnds, row);
  return text ? (JSON.parse(text) as Reason[]) : NONE;
}

/** The id of `row` (its row number when out of range). */
export function rowId(result: Pick<PageScanResult, 'idText' | 'idEnds'>, row: number): string {
  return packedAt(result.idText, result.idEnds, row) ?? String(row);
}
