// The scan's first stage: the dataset is loaded already.
import type { LoadedWithRoles } from '../load-and-infer';
import { InputError } from '../types';
import type { ScanRun } from './run';

/** Load: the dataset is loaded already; its warnings and time open the scan's. Returns the rows. */
export function loadStage(prepared: LoadedWithRoles, run: ScanRun): number {
  const { loaded } = prepared;
  run.timings.load = prepared.loadMs;
  run.warnings.push(...loaded.warnings.map((w) => `${w.file}: ${w.message}`), ...prepared.warnings);
  const n = loaded.frame.numRows;
  if (n === 0) throw new InputError(loaded.name, 'no samples');
  return n;
}
