// npx tsx bench/umap.ts [--sizes 10000,30000,60000] [--skip-umapjs-above N] [--epochs 200]
//                       [--assay-extra-epochs 500] [--seed 1] [--threads 1,2] [--atlas on|none]
//
// Assay's UMAP (NN-descent kNN + typed-array layout) against plain umap-js `fit`, side by side on
// the same data in the same run: the first n of the 60,000 Fashion-MNIST images in
// ../shared/datasets/fashion-60k, pixels projected to 32 dimensions by PCA, 15 neighbours
// (umap's meaning: the point and 14 others), `--epochs` epochs (default 200, the issue's
// setting) for both, default options otherwise (Assay: spectral start). Assay is also run with
// each of `--assay-extra-epochs` (default 500; 'none' to skip): same kNN, a longer optimisation,
// to show what its speed buys in neighbourhood preservation. `--threads` (default 1 and every
// core) runs Assay's layout on that many threads (umap-threads.ts; the kNN stays one thread).
// Embedding Atlas's WASM UMAP (the `embedding-atlas` npm package's `createUMAP`, version
// ATLAS_VERSION, its own NN-descent included, `run()` to completion) runs on the same data with
// the same neighbours, epochs and seed; the package is fetched once with `npm pack` into the cache
// (it is not a dependency of Assay: its peer dependencies are a whole visualisation stack).
//
// Each method runs in its own child process, so its peak memory (the kernel's max RSS) is its
// own and not the parent's decoded images. Neighbourhood preservation (k = 15) is scored in the
// parent against the exact 32-D kNN. Wall and CPU times are both reported because the machine
// may be shared. Writes bench/results/umap.json and prints a summary.
//
// The decoded, projected data and the exact reference kNN graphs are cached under
// bench/results/.cache (git-ignored); delete it to rebuild.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { UMAP } from 'umap-js';
import { decodeImage } from '../src/core/data/decode-image';
import { buildKnn } from '../src/core/layout/knn';
import { nnDescent } from '../src/core/layout/nn-descent';
import { pcaRows } from '../src/core/layout/pca';
import { neighbourPreservation } from '../src/core/layout/preservation';
import { umapLayoutOnThreads, umapLayoutWithInfo } from '../src/core/layout/umap';
import { mulberry32, sampleIndices } from '../src/core/random';
import type { KnnGraph } from '../src/core/types';
import { arg, peakRssMb, round } from './common';
import { startNodeSgdTeam } from './sgd-threads';

const DATA = path.resolve('../shared/datasets/fashion-60k/data.arrow');
const CACHE = path.resolve('bench/results/.cache');
const OUT = path.resolve('bench/results/umap.json');
const DIM = 32;
/** "15 neighbours": umap-js's nNeighbors and the k of the preservation score. */
const K = 15;
/**
 * UMAP's n_neighbors counts the point itself (umap-learn's and umap-js's own kNN lists hold the
 * point plus 14 others), so Assay's self-excluded graph for the same setting has 14 entries.
 */
const GRAPH_K = K - 1;
/** Rows the PCA is fitted on (all rows are projected): a 10k sample gives the same components. */
const PCA_FIT_ROWS = 10_000;

const ATLAS_VERSION = '0.26.0';
const ATLAS_DIR = path.join(CACHE, `embedding-atlas-${ATLAS_VERSION}`);

const seed = Number(arg('seed') ?? 1);
const epochs = Number(arg('epochs') ?? 200);
const extraEpochs = (arg('assay-extra-epochs') ?? '500')
  .split(',')
  .filter((v) => v && v !== 'none')
  .map(Number);

interface ChildResult {
  knnMs?: number;
  layoutMs?: number;
  totalMs: number;
  cpuMs: number;
  peakRssMb: number;
  layout?: Record<string, unknown>;
}

const readF32 = (file: string) => {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
};
const readI32 = (file: string) => {
  const b = fs.readFileSync(file);
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4).slice();
};
const writeArray = (file: string, a: Float32Array | Int32Array) =>
  fs.writeFileSync(file, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

// ---- child: one method on the first n rows; prints a JSON line, writes positions -----------------
if (arg('child')) {
  const method = arg('child')!;
  const n = Number(arg('n'));
  const data = readF32(path.join(CACHE, 'fashion-60k-pca32.f32')).subarray(0, n * DIM);
  const outFile = arg('out')!;
  let result: ChildResult;
  if (method === 'assay') {
    const threadCount = Number(arg('threads') ?? 1);
    const team = threadCount > 1 ? await startNodeSgdTeam(threadCount - 1) : null;
    // After the helpers have loaded: their start-up is not the layout's cost. CPU is the process's
    // (every thread).
    const cpu0 = process.cpuUsage();
    const tStart = performance.now();
    const graph = nnDescent(data, n, DIM, GRAPH_K, { seed });
    const knnMs = performance.now() - tStart;
    const t1 = performance.now();
    const info = team
      ? await umapLayoutOnThreads(graph, n, team.team, { seed, nEpochs: epochs })
      : umapLayoutWithInfo(graph, n, { seed, nEpochs: epochs });
    const layoutMs = performance.now() - t1;
    await team?.close();
    writeArray(outFile, info.positions);
    writeArray(`${outFile}.knn`, graph.indices);
    result = {
      knnMs,
      layoutMs,
      totalMs: knnMs + layoutMs,
      cpuMs: process.cpuUsage(cpu0).user / 1000,
      peakRssMb: 0,
      layout: {
        init: info.init,
        edges: info.edges,
        nEpochs: info.nEpochs,
        threads: info.threads,
        ...info.timings,
      },
    };
  } else if (method === 'atlas') {
    const atlas = (await import(path.join(ATLAS_DIR, 'package/dist/umap.js'))) as {
      createUMAP: (
        count: number,
        inputDim: number,
        outputDim: number,
        data: Float32Array,
        options?: Record<string, unknown>,
      ) => Promise<{ run(): Promise<void>; embedding: Float32Array; epoch: number; destroy(): void }>;
    };
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    const umap = await atlas.createUMAP(n, DIM, 2, data.slice(), { nNeighbors: K, nEpochs: epochs, seed });
    const setupMs = performance.now() - t1;
    await umap.run();
    const totalMs = performance.now() - t1;
    writeArray(outFile, new Float32Array(umap.embedding));
    result = {
      knnMs: setupMs,
      layoutMs: totalMs - setupMs,
      totalMs,
      cpuMs: process.cpuUsage(cpu1).user / 1000,
      peakRssMb: 0,
      layout: { epochs: umap.epoch, version: ATLAS_VERSION },
    };
    umap.destroy();
  } else if (method === 'umapjs') {
    // umap-js takes number[][]; building it is the caller's cost, not fit's, so it is not timed.
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * DIM, i * DIM + DIM)));
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    const embedding = new UMAP({ nNeighbors: K, nEpochs: epochs, random: mulberry32(seed) }).fit(rows);
    const totalMs = performance.now() - t1;
    const positions = new Float32Array(n * 2);
    embedding.forEach((p, i) => {
      positions[2 * i] = p[0];
      positions[2 * i + 1] = p[1];
    });
    writeArray(outFile, positions);
    result = { totalMs, cpuMs: process.cpuUsage(cpu1).user / 1000, peakRssMb: 0 };
  } else {
    // 'baseline': node + tsx + the data, nothing else.
    result = { totalMs: 0, cpuMs: 0, peakRssMb: 0 };
  }
  result.peakRssMb = peakRssMb();
  console.log(JSON.stringify(result));
  process.exit(0);
}

// ---- parent ---------------------------------------------------------------------------------------
const sizes = (arg('sizes') ?? '10000,30000,60000').split(',').map(Number);
const skipUmapjsAbove = Number(arg('skip-umapjs-above') ?? Infinity);
const threadCounts = [...new Set((arg('threads') ?? `1,${os.cpus().length}`).split(',').map(Number))].filter(
  (t) => t >= 1,
);
const withAtlas = (arg('atlas') ?? 'on') !== 'none';
fs.mkdirSync(CACHE, { recursive: true });

function projectedData(): Float32Array {
  const file = path.join(CACHE, 'fashion-60k-pca32.f32');
  if (fs.existsSync(file)) return readF32(file);
  console.error('decoding 60,000 images and projecting them to 32 dimensions (cached afterwards)…');
  const table = tableFromIPC(fs.readFileSync(DATA));
  const images = table.getChild('image')!;
  const n = table.numRows;
  const first = decodeImage(images.get(0) as Uint8Array);
  const pixels = first.data.length;
  const x = new Float32Array(n * pixels);
  for (let i = 0; i < n; i++) x.set(decodeImage(images.get(i) as Uint8Array).data, i * pixels);
  const fit = pcaRows(x, pixels, sampleIndices(n, PCA_FIT_ROWS, mulberry32(7)), PCA_FIT_ROWS, DIM, 1);
  const out = new Float32Array(n * DIM);
  const centred = new Float64Array(pixels);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < pixels; t++) centred[t] = x[i * pixels + t] - fit.mean[t];
    for (let c = 0; c < DIM; c++) {
      let s = 0;
      for (let t = 0; t < pixels; t++) s += centred[t] * fit.components[c * pixels + t];
      out[i * DIM + c] = s;
    }
  }
  writeArray(file, out);
  return out;
}

/** Embedding Atlas's package, fetched once from the npm registry into the cache. */
function ensureAtlas(): void {
  if (fs.existsSync(path.join(ATLAS_DIR, 'package/dist/umap.js'))) return;
  fs.mkdirSync(ATLAS_DIR, { recursive: true });
  console.error(`fetching embedding-atlas@${ATLAS_VERSION} (npm pack, once)…`);
  const pack = spawnSync(
    'npm',
    ['pack', `embedding-atlas@${ATLAS_VERSION}`, '--pack-destination', ATLAS_DIR],
    {
      encoding: 'utf8',
    },
  );
  if (pack.status !== 0) throw new Error(`npm pack embedding-atlas failed: ${pack.stderr.slice(-500)}`);
  const tgz = path.join(ATLAS_DIR, pack.stdout.trim().split('\n').pop()!);
  const untar = spawnSync('tar', ['xzf', tgz, '-C', ATLAS_DIR], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`could not unpack ${tgz}: ${untar.stderr}`);
}

function exactKnn(data: Float32Array, n: number): KnnGraph {
  const file = path.join(CACHE, `exact-knn-${n}.i32`);
  if (fs.existsSync(file)) return { k: K, indices: readI32(file), distances: new Float32Array(n * K) };
  console.error(`exact reference kNN for n = ${n} (cached afterwards)…`);
  const graph = buildKnn(data.subarray(0, n * DIM), n, DIM, K);
  writeArray(file, graph.indices);
  return graph;
}

function runChild(
  method: string,
  n: number,
  childEpochs = epochs,
  threadCount = 1,
): { result: ChildResult; positions: Float32Array; file: string } {
  const file = path.join(CACHE, `positions-${method}-${n}-${childEpochs}-t${threadCount}.f32`);
  const self = fileURLToPath(import.meta.url);
  const args = [
    ...process.execArgv,
    // umap-js needs ~4 GB at 60k, more than node's default heap limit on some machines.
    '--max-old-space-size=12288',
    self,
    '--child',
    method,
    '--n',
    String(n),
    '--out',
    file,
    '--seed',
    String(seed),
    '--epochs',
    String(childEpochs),
    '--threads',
    String(threadCount),
  ];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0)
    throw new Error(`${method} n=${n} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult;
  return { result, positions: method === 'baseline' ? new Float32Array(0) : readF32(file), file };
}

/** Share of the approximate graph's entries that are among the exact first `k` (its own k). */
function recall(reference: KnnGraph, indices: Int32Array, k: number, n: number): number {
  let hit = 0;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) {
      const j = indices[i * k + s];
      for (let t = 0; t < k; t++)
        if (reference.indices[i * reference.k + t] === j) {
          hit++;
          break;
        }
    }
  }
  return hit / (n * k);
}

const data = projectedData();
const loadStart = os.loadavg();
const baseline = runChild('baseline', Math.max(...sizes)).result.peakRssMb;
const rows: Record<string, unknown>[] = [];
for (const n of sizes) {
  const reference = exactKnn(data, n);
  const assayRow = (childEpochs: number, threadCount = 1) => {
    const run = runChild('assay', n, childEpochs, threadCount);
    return {
      nEpochs: childEpochs,
      threads: threadCount,
      knnMs: round(run.result.knnMs!),
      layoutMs: round(run.result.layoutMs!),
      totalMs: round(run.result.totalMs),
      cpuMs: round(run.result.cpuMs),
      preservation: round(neighbourPreservation(reference, run.positions, K), 4),
      peakRssMb: run.result.peakRssMb,
      knnRecall: round(recall(reference, readI32(`${run.file}.knn`), GRAPH_K, n), 4),
      layout: Object.fromEntries(
        Object.entries(run.result.layout!).map(([key, v]) => [key, typeof v === 'number' ? round(v) : v]),
      ),
    };
  };
  const assay = assayRow(epochs);
  const assayMoreEpochs = extraEpochs.map((e) => assayRow(e));
  // The layout on more threads (same kNN on one thread), at each epoch count.
  const assayThreads = threadCounts
    .filter((t) => t > 1)
    .flatMap((t) => [epochs, ...extraEpochs].map((e) => assayRow(e, t)));
  let atlasRow: Record<string, unknown> | null = null;
  if (withAtlas) {
    ensureAtlas();
    console.error(`Embedding Atlas createUMAP on n = ${n}…`);
    const a = runChild('atlas', n);
    atlasRow = {
      version: ATLAS_VERSION,
      setupMs: round(a.result.knnMs!),
      totalMs: round(a.result.totalMs),
      cpuMs: round(a.result.cpuMs),
      preservation: round(neighbourPreservation(reference, a.positions, K), 4),
      peakRssMb: a.result.peakRssMb,
      epochs: a.result.layout?.epochs,
    };
  }
  let umapjsRow: Record<string, number> | null = null;
  if (n <= skipUmapjsAbove) {
    console.error(`umap-js fit on n = ${n}…`);
    const u = runChild('umapjs', n);
    umapjsRow = {
      totalMs: round(u.result.totalMs),
      cpuMs: round(u.result.cpuMs),
      preservation: round(neighbourPreservation(reference, u.positions, K), 4),
      peakRssMb: u.result.peakRssMb,
    };
  }
  const ratio = (a: number | undefined, b: number) => (a === undefined ? null : round(a / b, 2));
  const speedup = ratio(umapjsRow?.totalMs, assay.totalMs);
  const cpuSpeedup = ratio(umapjsRow?.cpuMs, assay.cpuMs);
  const longer = assayMoreEpochs.map((row) => ({
    ...row,
    speedup: ratio(umapjsRow?.totalMs, row.totalMs),
    cpuSpeedup: ratio(umapjsRow?.cpuMs, row.cpuMs),
  }));
  const vsAtlas = (row: { totalMs: number }) =>
    atlasRow ? round((atlasRow.totalMs as number) / row.totalMs, 2) : null;
  const threaded = assayThreads.map((row) => ({ ...row, speedupVsAtlas: vsAtlas(row) }));
  rows.push({
    n,
    assay: { ...assay, speedupVsAtlas: vsAtlas(assay) },
    umapjs: umapjsRow,
    atlas: atlasRow,
    speedup,
    cpuSpeedup,
    assayMoreEpochs: longer.map((row) => ({ ...row, speedupVsAtlas: vsAtlas(row) })),
    assayThreads: threaded,
  });
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  console.error(
    `n=${String(n).padStart(6)}  assay ${seconds(assay.totalMs)} s ` +
      `(kNN ${seconds(assay.knnMs)} + layout ${seconds(assay.layoutMs)}), ` +
      `preservation ${assay.preservation}, peak ${assay.peakRssMb} MB` +
      (umapjsRow
        ? ` | umap-js ${seconds(umapjsRow.totalMs)} s, preservation ${umapjsRow.preservation}, ` +
          `peak ${umapjsRow.peakRssMb} MB | ${speedup}× wall, ${cpuSpeedup}× CPU`
        : ' | umap-js skipped'),
  );
  for (const row of [...longer, ...threaded])
    console.error(
      `          assay, ${row.nEpochs} epochs, ${row.threads} thread(s): ${seconds(row.totalMs)} s ` +
        `(layout ${seconds(row.layoutMs)}), preservation ${row.preservation}, peak ${row.peakRssMb} MB` +
        ('speedup' in row && row.speedup !== null ? `, ${row.speedup}× umap-js` : ''),
    );
  if (atlasRow)
    console.error(
      `          Embedding Atlas ${ATLAS_VERSION}: ${seconds(atlasRow.totalMs as number)} s, ` +
        `preservation ${atlasRow.preservation}, peak ${atlasRow.peakRssMb} MB, ${atlasRow.epochs} epochs`,
    );
}
const report = {
  date: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    loadAverageStart: loadStart.map((v) => round(v, 2)),
    loadAverageEnd: os.loadavg().map((v) => round(v, 2)),
  },
  node: process.version,
  settings: {
    dataset: 'fashion-60k (first n rows)',
    dims: DIM,
    nNeighbors: K,
    assayGraphK: GRAPH_K,
    preservationK: K,
    nEpochs: epochs,
    assayExtraEpochs: extraEpochs,
    threads: threadCounts,
    seed,
  },
  baselinePeakRssMb: baseline,
  sizes: rows,
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
console.error(`baseline process (node + tsx + data): ${baseline} MB; wrote ${path.relative('.', OUT)}`);
