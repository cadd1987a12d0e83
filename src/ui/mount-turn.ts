// A piece of the page mounted in a main-thread task of its own (state/turns.ts), flushed inside
// that task so its cost is its own, and recorded as the User Timing measure "assay:mount <name>"
// (DevTools and bench/page-budget.ts name the main thread's long tasks by it).
import { flushSync } from 'svelte';
import { afterTurn } from '../state/turns';

/** Runs `update` (a state change that mounts something) in its own turn; returns a cancel. */
export function mountTurn(name: string, update: () => void): () => void {
  return afterTurn(() => {
    const t0 = performance.now();
    flushSync(update);
    performance.measure(`assay:mount ${name}`, { start: t0, end: performance.now() });
  });
}
