// A state change applied and rendered at once (flushSync), recorded as the User Timing measure
// "assay:<name>": the main thread's long tasks can then be named in DevTools and by
// bench/page-budget.ts.
import { flushSync } from 'svelte';

export function measuredUpdate(name: string, update: () => void): void {
  const t0 = performance.now();
  flushSync(update);
  performance.measure(`assay:${name}`, { start: t0, end: performance.now() });
}
