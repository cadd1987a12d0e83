// A row's reasons on the page: the result carries them as JSON text per row (transfer-copy.ts's
// reasonsAsJson), read here when the row is shown.
import type { PageScanResult, Reason } from '../core/types';

const NONE: readonly Reason[] = [];

/** Why `row` is flagged (empty when it is not). */
export function rowReasons(result: Pick<PageScanResult, 'reasonsJson'>, row: number): readonly Reason[] {
  const text = result.reasonsJson[row];
  return text === undefined ? NONE : (JSON.parse(text) as Reason[]);
}
