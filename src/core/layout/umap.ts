// UMAP 2-D layout over a precomputed kNN graph (McInnes, Healy & Melville 2018), the algorithm of
// umap-learn / umap-js rebuilt on typed arrays:
//   kNN graph → fuzzy simplicial set (fuzzy-graph.ts) → starting positions (umap-init.ts)
//   → SGD epochs (umap-sgd.ts), streaming intermediate layouts to `onLayout`.
// It takes the engine's kNN graph instead of running its own neighbour search, so the whole
// dataset is laid out (no sampling cap). Same graph + options + seed → identical output.
import { CancelledError, type KnnGraph, type RunControl } from '../types';
import { subSeed } from '../random';
import { fuzzySimplicialSet } from './fuzzy-graph';
import { findAbParams } from './umap-curve';
import { pcaInit, randomInit, spectralInit } from './umap-init';
import { UmapSgd } from './umap-sgd';

export type UmapInitMethod = 'spectral' | 'pca' | 'random';

export interface UmapOptions {
  seed?: number;
  /** Optimisation epochs. Default as umap-learn: 500 up to 10,000 points, 200 above. */
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
  /** Input features (n × dim, row-major) for the 'pca' start. */
  initFrom?: { data: Float32Array; dim: number };
  /**
   * How to start when `init` is absent (default 'spectral', as umap-learn). On 60k Fashion-MNIST
   * (bench/umap.ts) the three end within ~0.005 of each other in neighbourhood preservation;
   * spectral costs ~1.5 s there but gives the clusters a graph-based global arrangement, 'pca'
   * (needs `initFrom`) is nearly free, 'random' is umap-js's start.
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
  const seed = opts.seed ?? 1;
  const nEpochs = Math.max(1, Math.floor(opts.nEpochs ?? (n <= 10_000 ? 500 : 200)));
  const { a, b } = findAbParams(opts.spread ?? 1, opts.minDist ?? 0.1);
  const intervalMs = opts.layoutIntervalMs ?? 250;
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
    method = opts.initMethod ?? 'spectral';
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

  t = performance.now();
  const sgd = new UmapSgd(fuzzy, positions, {
    a,
    b,
    nEpochs,
    negativeSampleRate: opts.negativeSampleRate ?? 5,
    gamma: opts.repulsionStrength ?? 1,
    learningRate: opts.learningRate ?? 1,
    seed: subSeed(seed, 4),
  });
  const startFraction = 0.05;
  progress(startFraction, `epoch 0 of ${nEpochs}`);
  opts.onLayout?.(positions.slice(), 0, nEpochs);
  let lastLayout = performance.now();
  let lastProgress = lastLayout;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    check();
    sgd.epoch(epoch);
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
  const optimiseMs = performance.now() - t;
  return {
    positions,
    init: method,
    nEpochs,
    edges: sgd.edgeCount,
    a,
    b,
    timings: { graphMs, initMs, optimiseMs },
  };
}
