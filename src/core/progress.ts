// Progress of a scan as one bar: each stage owns a share of it, so the page can show a single
// percentage and an ETA across load, features, training, kNN and detectors.
import type { RunControl } from './types';
import { CancelledError } from './types';

/** Share of the progress bar each stage takes (roughly its share of the time on a CPU). */
export const STAGES: [string, number][] = [
  ['load', 0.08],
  ['features', 0.04],
  ['train probe', 0.78],
  ['knn', 0.04],
  ['detectors', 0.06],
];

export function stageProgress(control: RunControl) {
  const starts = new Map<string, number>();
  let acc = 0;
  for (const [name, w] of STAGES) {
    starts.set(name, acc);
    acc += w;
  }
  return (stage: string, detail?: string) => (p: { fraction: number; detail?: string }) => {
    if (control.isCancelled?.()) throw new CancelledError();
    const w = STAGES.find(([s]) => s === stage)?.[1] ?? 0;
    control.onProgress?.({
      stage,
      fraction: Math.min(1, (starts.get(stage) ?? 0) + w * Math.min(1, Math.max(0, p.fraction))),
      detail: p.detail ?? detail,
    });
  };
}
