// Helper threads for the layout worker's UMAP optimisation. They need shared memory, which the
// page has only when cross-origin isolated; otherwise the layout runs on one thread and says why.
import { SgdTeam, type SgdHelperJob } from '../src/core/layout/umap-threads';

/** At most this many threads in all (the layout worker's own included). */
const MAX_THREADS = 8;

export interface LayoutThreads {
  team: SgdTeam | null;
  /** Threads the layout will run on, the layout worker's own included. */
  threads: number;
  /** Why not more, when one. */
  reason: string | null;
  close(): void;
}

/** One thread, and why. */
export function oneThread(reason: string): LayoutThreads {
  return { team: null, threads: 1, reason, close: () => undefined };
}

/**
 * Threads for the layout on `cores` cores: all but one, which is left to the rest of the page —
 * its main thread mounting the result's panels, the map's render worker and the engine's garbage
 * collection all run while the layout starts. Measured on 2 vCPUs after a 60k result (bench/
 * page-budget.ts, map-settle.ts): two layout threads settled the map 1.08× sooner than one, but
 * the main thread's panel tasks ran longer and the engine's 188 MB of freed features lingered
 * (see README "The map's layout on every core").
 */
export function layoutThreadCount(cores: number): number {
  return Math.max(1, Math.min(MAX_THREADS, cores - 1));
}

/**
 * Starts the layout's helpers (threads - 1 of them; `threads` defaults to layoutThreadCount of
 * this machine's cores, at most MAX_THREADS) and waits for them.
 */
export async function startLayoutThreads(threads?: number): Promise<LayoutThreads> {
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer !== 'function')
    return oneThread('the page is not cross-origin isolated (no shared memory)');
  const available = Math.max(1, navigator.hardwareConcurrency || 1);
  const count = Math.max(1, Math.min(MAX_THREADS, threads ?? layoutThreadCount(available)));
  if (count < 2) return oneThread(available < 2 ? 'one core' : 'one core is left to the page');
  const workers: Worker[] = [];
  try {
    for (let h = 0; h < count - 1; h++)
      workers.push(
        new Worker(new URL('./umap-sgd.worker.ts', import.meta.url), {
          type: 'module',
          name: 'assay-layout-helper',
        }),
      );
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            w.onmessage = () => resolve();
            w.onerror = (e) => {
              e.preventDefault();
              reject(new Error(e.message || 'a layout helper failed to start'));
            };
          }),
      ),
    );
  } catch (e) {
    for (const w of workers) w.terminate();
    return oneThread(`helpers could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
  const team = new SgdTeam(workers.length, (h: number, job: SgdHelperJob) => workers[h].postMessage(job));
  return {
    team,
    threads: count,
    reason: null,
    close: () => workers.forEach((w) => w.terminate()),
  };
}
