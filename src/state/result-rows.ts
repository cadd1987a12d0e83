// A row's id and reasons on the page. The result carries them packed (workers/transfer-copy.ts):
// the ids, and each row's reasons as JSON text, each as UTF-8 bytes with every row's end.
// The page reads the few dozen rows it shows; 60k id strings and ~4,000 rows of reason objects
// cloned on arrival were most of a 52-62 ms main-thread task (bench/page-budget.ts --trace).
import type { PackedStrings, PageScanResult, Reason } from '../core/types';

const NONE: readonly Reason[] = [];

const decoder = new TextDecoder();

/** Row `row`'s text in a packed list (workers/transfer-copy.ts packStrings); null out of range. */
function packedAt(packed: PackedStrings, row: number): string | null {
  const { bytes, ends } = packed;
  if (!(row >= 0 && row < ends.length)) return null;
  return decoder.decode(bytes.subarray(row > 0 ? ends[row - 1] : 0, ends[row]));
}

/** Why `row` is flagged (empty when it is not). */
export function rowReasons(result: Pick<PageScanResult, 'packedReasons'>, row: number): readonly Reason[] {
  const text = packedAt(result.packedReasons, row);
  return text ? (JSON.parse(text) as Reason[]) : NONE;
}

/** The id of `row` (its row number when out of range). */
export function rowId(result: Pick<PageScanResult, 'packedIds'>, row: number): string {
  return packedAt(result.packedIds, row) ?? String(row);
}
