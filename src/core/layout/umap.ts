// UMAP 2-D layout over a precomputed kNN graph (McInnes, Healy & Melville 2018), the algorithm of
// umap-learn / umap-js rebuilt on typed arrays:
//   kNN graph → fuzzy simplicial set (fuzzy-graph.ts) → starting positions (umap-init.ts)
//   → SGD epochs (umap-sgd.ts), streaming intermediate layouts to `onLayout`.
// It takes the engine's kNN graph instead of running its own neighbour search, so the whole
// dataset is laid out (no sampling cap). Every neighbour in the graph is used; note that umap's
// n_neighbors counts the point itself, so n_neighbors = 15 corresponds to a graph with k = 14.
// Same graph + options + seed → identical output.
import { CancelledError, type KnnGraph, type RunControl } from '../types';
import { subSeed } from '../random';
import { fuzzySimplicialSet, type FuzzyGraph } from './fuzzy-graph';
import { findAbParams } from './umap-curve';
import { pcaInit, randomInit, spectralInit } from './umap-init';
import { sampledEdgeCount, UmapSgd, type SgdSettings } from './umap-sgd';
import { partitionRows, shared, type SgdThreads } from './umap-threads';

/**
 * 500 epochs up to LARGE_LAYOUT_POINTS (umap-learn uses 200 above 10,000 points). Measured on fashion-60k
 * (bench/umap.ts, 32-dim PCA, 15 neighbours): at 200 epochs the 60k layout keeps 0.1816 of each
 * point's 15 neighbours against umap-js's 0.1830; at 500 it keeps 0.1870 and is still 10.4× faster
 * than umap-js (55.8 s against 578.5 s, peak 206 MB against 4.4 GB).
 */
export const DEFAULT_EPOCHS = 500;

/**
 * Past this many points the layout takes umap-learn's large-data default, 200 epochs: the SGD's
 * time is linear in epochs × edges, and at 1,000,000 points 500 epochs kept the page's map moving
 * for 26 minutes after the scan (bench/million.ts --page, two threads, 2026-12-03); 200 epochs cost
 * 3 % of the neighbours kept at 60k (0.1816 against 0.1870) for 2.5× less time.
 */
export const LARGE_LAYOUT_POINTS = 200_000;
export const LARGE_LAYOUT_EPOCHS = 200;

/** The default epochs for a layout of `n` points. */
export function defaultEpochs(n: number): number {
  return n > LARGE_LAYOUT_POINTS ? LARGE_LAYOUT_EPOCHS : DEFAULT_EPOCHS;
}

export type UmapInitMethod = 'spectral' | 'pca' | 'random';

export interface UmapOptions {
  seed?: number;
  /** Optimisation epochs (default defaultEpochs(n)). */
  nEpochs?: number;
  /** Smallest distance between points in the layout (default 0.1). */
  minDist?: number;
  /** Scale of the layout's clusters (default 1). */
  spread?: number;
  /** Random points pushed away per edge sample (default 5). */
  negativeSampleRate?: number;
  /** Initial learning rate (default 1). */
  learningRate?: number;
  /** Weight of repulsion against attraction (default 1). */
  repulsionStrength?: number;
  /** Starting positions n×2; used as given (not rescaled). Overrides `initMethod`. */
  init?: Float32Array;
  /** Input features or embeddings (n × dim, row-major) for the 'pca' start. */
  initFrom?: { data: Float32Array; dim: number };
  /**
   * How to start when `init` is absent. Default: 'pca' when `initFrom` is given (nearly free),
   * else 'spectral' (umap-learn's default; ~1–2.5 s at 60k points). On 60k Fashion-MNIST the
   * three starts end within ~0.005 of each other in neighbourhood preservation (spectral ≈
   * random, PCA ~0.004 lower); spectral and PCA give the clusters a global arrangement, 'random'
   * (umap-js's start) does not.
   */
  initMethod?: UmapInitMethod;
  /**
   * Receives intermediate layouts while the optimisation runs: once with the starting positions,
   * then at most every `layoutIntervalMs`, and once at the end. `positions` is a fresh n×2 copy
   * the receiver may keep or transfer.
   */
  onLayout?: (positions: Float32Array, epoch: number, totalEpochs: number) => void;
  /** Least time between two `onLayout` calls (default 250 ms). */
  layoutIntervalMs?: number;
}

export interface UmapInfo {
  positions: Float32Array;
  /** The start actually used ('given' for `init`; 'random' when spectral had no edges to use). */
  init: UmapInitMethod | 'given';
  nEpochs: number;
  /** Directed edges the optimiser samples (both directions of each graph edge). */
  edges: number;
  /** Threads that ran the optimisation (1 without helpers). */
  threads: number;
  a: number;
  b: number;
  /** Milliseconds spent on the fuzzy graph, the start, and the epochs. */
  timings: { graphMs: number; initMs: number; optimiseMs: number };
}

/** 2-D UMAP positions (n×2, row-major) for the n points of `graph`. */
export function umapLayout(
  graph: KnnGraph,
  n: number,
  opts: UmapOptions = {},
  control: RunControl = {},
): Float32Array {
  return umapLayoutWithInfo(graph, n, opts, control).positions;
}

/** umapLayout plus what it did and how long each part took (for benchmarks and reports). */
export function umapLayoutWithInfo(
  graph: KnnGraph,
  n: number,
  opts: UmapOptions = {},
  control: RunControl = {},
): UmapInfo {
  const prepared = prepare(graph, n, opts, control);
  const t = performance.now();
  const sgd = new UmapSgd(prepared.fuzzy, prepared.positions, prepared.settings);
  optimise(prepared, sgd, null, opts, control);
  return info(prepared, prepared.positions, 1, performance.now() - t);
}

/**
 * umapLayoutWithInfo with the optimisation shared among `threads` (umap-threads.ts) — async
 * only while the helpers take their jobs. The result is not bit-identical from run to run.
 */
export async function umapLayoutOnThreads(
  graph: KnnGraph,
  n: number,
  threads: SgdThreads,
  opts: UmapOptions = {},
  control: RunControl = {},
): Promise<UmapInfo> {
  const prepared = prepare(graph, n, opts, control);
  const t = performance.now();
  const { fuzzy, settings } = prepared;
  const positions = shared(prepared.positions);
  const graphShared = {
    n,
    rowPtr: shared(fuzzy.rowPtr),
    cols: shared(fuzzy.cols),
    weights: shared(fuzzy.weights),
  };
  const ranges = partitionRows(fuzzy, threads.helpers + 1);
  const sgd = new UmapSgd(graphShared, positions, settings, ranges[0]);
  await threads.start((h) => ({
    ...graphShared,
    positions,
    // Each thread its own random stream for negative samples.
    settings: { ...settings, seed: subSeed(settings.seed, 10 + h) },
    rows: ranges[h + 1],
  }));
  try {
    optimise({ ...prepared, positions }, sgd, threads, opts, control);
  } finally {
    threads.stop();
  }
  // Off shared memory: the caller may transfer the result.
  return info(prepared, positions.slice(), threads.helpers + 1, performance.now() - t);
}

interface Prepared {
  fuzzy: FuzzyGraph;
  positions: Float32Array;
  settings: SgdSettings;
  init: UmapInfo['init'];
  graphMs: number;
  initMs: number;
}

/** The fuzzy graph and the starting positions. */
function prepare(graph: KnnGraph, n: number, opts: UmapOptions, control: RunControl): Prepared {
  const seed = opts.seed ?? 1;
  const nEpochs = Math.max(1, Math.floor(opts.nEpochs ?? defaultEpochs(n)));
  const { a, b } = findAbParams(opts.spread ?? 1, opts.minDist ?? 0.1);
  const check = () => {
    if (control.isCancelled?.()) throw new CancelledError();
  };
  const progress = (fraction: number, detail: string) =>
    control.onProgress?.({ stage: 'layout', fraction, detail });
  if (opts.init && opts.init.length !== n * 2)
    throw new Error(`init has ${opts.init.length} values, expected ${n * 2}`);
  if (opts.initFrom && opts.initFrom.data.length !== n * opts.initFrom.dim)
    throw new Error(`initFrom has ${opts.initFrom.data.length} values, expected ${n} × ${opts.initFrom.dim}`);
  check();
  progress(0, 'building the fuzzy graph');

  let t = performance.now();
  const fuzzy = fuzzySimplicialSet(graph, n);
  const graphMs = performance.now() - t;
  check();

  t = performance.now();
  let method: UmapInfo['init'] = 'given';
  let positions: Float32Array;
  if (opts.init) {
    positions = Float32Array.from(opts.init, (v) => (Number.isFinite(v) ? v : 0));
  } else {
    method = opts.initMethod ?? (opts.initFrom ? 'pca' : 'spectral');
    let start: Float32Array | null = null;
    if (method === 'pca') {
      if (!opts.initFrom) throw new Error("initMethod 'pca' needs initFrom");
      start = pcaInit(opts.initFrom.data, n, opts.initFrom.dim, subSeed(seed, 1));
    } else if (method === 'spectral') {
      progress(0.01, 'spectral start');
      start = spectralInit(fuzzy, { seed: subSeed(seed, 2), shouldStop: control.isCancelled });
      check();
    }
    if (!start) {
      method = 'random';
      start = randomInit(n, subSeed(seed, 3));
    }
    positions = start;
  }
  const initMs = performance.now() - t;
  check();
  const settings: SgdSettings = {
    a,
    b,
    nEpochs,
    negativeSampleRate: opts.negativeSampleRate ?? 5,
    gamma: opts.repulsionStrength ?? 1,
    learningRate: opts.learningRate ?? 1,
    seed: subSeed(seed, 4),
  };
  return { fuzzy, positions, settings, init: method, graphMs, initMs };
}

/** The SGD epochs (with the helpers in lock-step, when given), streaming layouts to onLayout. */
function optimise(
  prepared: Pick<Prepared, 'positions' | 'settings'>,
  sgd: UmapSgd,
  threads: SgdThreads | null,
  opts: UmapOptions,
  control: RunControl,
): void {
  const { positions } = prepared;
  const { nEpochs } = prepared.settings;
  const intervalMs = opts.layoutIntervalMs ?? 250;
  const progress = (fraction: number, detail: string) =>
    control.onProgress?.({ stage: 'layout', fraction, detail });
  const startFraction = 0.05;
  progress(startFraction, `epoch 0 of ${nEpochs}`);
  opts.onLayout?.(positions.slice(), 0, nEpochs);
  let lastLayout = performance.now();
  let lastProgress = lastLayout;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    if (control.isCancelled?.()) throw new CancelledError();
    threads?.begin(epoch);
    sgd.epoch(epoch);
    threads?.wait();
    const now = performance.now();
    const done = epoch + 1;
    if (now - lastProgress >= 100 || done === nEpochs) {
      progress(startFraction + ((1 - startFraction) * done) / nEpochs, `epoch ${done} of ${nEpochs}`);
      lastProgress = now;
    }
    if (opts.onLayout && done < nEpochs && now - lastLayout >= intervalMs) {
      opts.onLayout(positions.slice(), done, nEpochs);
      lastLayout = performance.now();
    }
  }
  // Clipped gradients keep positions finite; this only guards the output contract.
  for (let i = 0; i < positions.length; i++) if (!Number.isFinite(positions[i])) positions[i] = 0;
  opts.onLayout?.(positions.slice(), nEpochs, nEpochs);
}

function info(prepared: Prepared, positions: Float32Array, threads: number, optimiseMs: number): UmapInfo {
  const { settings } = prepared;
  return {
    positions,
    init: prepared.init,
    nEpochs: settings.nEpochs,
    edges: sampledEdgeCount(prepared.fuzzy, settings.nEpochs),
    threads,
    a: settings.a,
    b: settings.b,
    timings: { graphMs: prepared.graphMs, initMs: prepared.initMs, optimiseMs },
  };
}
