// A worker_threads helper for UMAP's threaded optimisation (see sgd-threads.ts): says it is up,
// then runs each job it is handed until the caller stops it.
import { parentPort } from 'node:worker_threads';
import { runSgdHelper, type SgdHelperJob } from '../src/core/layout/umap-threads';

parentPort!.on('message', (job: SgdHelperJob) => runSgdHelper(job));
parentPort!.postMessage('ready');
