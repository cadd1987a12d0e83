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

/** Starts one helper per core beyond the first (up to MAX_THREADS in all) and waits for them. */
export async function startLayoutThreads(): Promise<LayoutThreads> {
  if (!globalThis.crossOriginIsolated || typeof SharedArrayBuffer !== 'function')
    return oneThread('the page is not cross-origin isolated (no shared memory)');
  const cores = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_THREADS));
  if (cores < 2) return oneThread('one core');
  const workers: Worker[] = [];
  try {
    for (let h = 0; h < cores - 1; h++)
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
    threads: cores,
    reason: null,
    close: () => workers.forEach((w) => w.terminate()),
  };
}
