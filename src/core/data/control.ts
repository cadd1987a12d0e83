// Progress and cancellation helpers shared by the loaders.
import { CancelledError, type RunControl } from '../types';

export function checkCancelled(control: RunControl | undefined): void {
  if (control?.isCancelled?.()) throw new CancelledError();
}

export function report(control: RunControl | undefined, fraction: number, detail?: string): void {
  control?.onProgress?.({ stage: 'load', fraction: Math.max(0, Math.min(1, fraction)), detail });
}

/** Lets a worker handle a cancel message between batches (a bare loop would never yield). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
