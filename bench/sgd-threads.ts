// UMAP's threaded optimisation in Node (worker_threads), for the bench and the unit test; the
// page uses workers/umap-sgd.worker.ts. Each helper is a worker running runSgdHelper.
import { Worker } from 'node:worker_threads';
import { SgdTeam, type SgdHelperJob } from '../src/core/layout/umap-threads';

const HELPER = new URL('./sgd-helper.worker.ts', import.meta.url).href;

export interface NodeSgdTeam {
  team: SgdTeam;
  close(): Promise<void>;
}

/** Starts `helpers` worker threads and resolves once each has loaded. */
export async function startNodeSgdTeam(helpers: number): Promise<NodeSgdTeam> {
  const workers = Array.from(
    { length: helpers },
    () =>
      // The helper is TypeScript: the worker registers tsx's loader, then imports it (Node 20's
      // workers do not take `--import tsx` for their entry module).
      new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(HELPER)}); })`,
        { eval: true },
      ),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve());
          w.once('error', reject);
        }),
    ),
  );
  const team = new SgdTeam(helpers, (h: number, job: SgdHelperJob) => workers[h].postMessage(job));
  return { team, close: async () => void (await Promise.all(workers.map((w) => w.terminate()))) };
}
