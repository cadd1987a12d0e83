// What every stage of one scan shares.
import { stageProgress } from '../progress';
import type { RunControl, ScanSettings } from '../types';

/** What every stage of one scan shares: its settings and control, and what it has recorded. */
export interface ScanRun {
  settings: ScanSettings;
  control: RunControl;
  progress: ReturnType<typeof stageProgress>;
  /** Stage name -> milliseconds, in the order the stages ran. */
  timings: Record<string, number>;
  warnings: string[];
  signal: AbortSignal;
}

export function newRun(settings: ScanSettings, control: RunControl, signal: AbortSignal): ScanRun {
  return { settings, control, progress: stageProgress(control), timings: {}, warnings: [], signal };
}

export const now = () => performance.now();
