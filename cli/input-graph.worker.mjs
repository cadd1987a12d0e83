// The scan's input graph in a worker thread (see cli/input-graph.ts). Plain JavaScript so that
// Node can start it however the CLI itself was started (bin/assay.mjs, tsx, vitest): it loads the
// TypeScript engine module through tsx's scoped import, which needs no loader flags.
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { computeInputGraph } = await tsImport('../src/core/layout/input-graph.ts', import.meta.url);
const done = computeInputGraph(workerData);
parentPort.postMessage(done, [done.graph.indices.buffer, done.graph.distances.buffer]);
