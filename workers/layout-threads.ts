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
 * Threads for the layout on `cores` cores: one per core (at most MAX_THREADS). Leaving one core to
 * the rest of the page was measured and did not pay on 2 vCPUs (bench/page-budget.ts, same
 * session, 60k scans: one layout thread 3 of 5 runs with a main-thread task over 50 ms, peaks
 * 635-655 MB; two threads 3 of 4 runs, 634-652 MB), while two threads settle the map 1.08× sooner.
 */
export function layoutThreadCount(cores: number): number {
  return Math.max(1, Math.min(MAX_THREADS, cores));
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
  if (count < 2) return oneThread(available < 2 ? 'one core' : 'one thread asked for');
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
