// UMAP's SGD on several threads sharing one positions array (umap-learn's parallel mode).
// The caller's thread runs the first block of rows; each helper thread runs another block, built
// from the same fuzzy graph in shared memory. Epochs stay in lock-step: the caller starts an epoch
// by bumping a generation counter, every thread runs its rows, and the caller waits until all
// helpers have counted themselves done (Atomics on a small shared Int32Array — a barrier, so each
// epoch sees the learning rate and edge schedule of that epoch, as in one thread). Within an
// epoch the threads race on the few positions they both touch (a tail point or a negative sample
// in another block): Hogwild-style lock-free SGD, which the optimiser's own noise absorbs. The
// result is therefore not bit-identical from run to run, unlike the single-threaded layout.
//
// Nothing here knows what a thread is: the caller supplies `post` (hand a job to helper i), and a
// helper thread calls `runSgdHelper(job)` with what it received (workers/umap-sgd.worker.ts in
// the page, a worker_threads worker in the bench).
import type { FuzzyGraph } from './fuzzy-graph';
import { type RowRange, type SgdSettings, UmapSgd } from './umap-sgd';

/** What one helper thread needs: shared graph and positions, its rows, and the barrier. */
export interface SgdHelperJob {
  n: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  weights: Float32Array;
  /** n×2, on a SharedArrayBuffer: every thread reads and writes it. */
  positions: Float32Array;
  settings: SgdSettings;
  rows: RowRange;
  /** The barrier's counters (see the slot constants), on a SharedArrayBuffer. */
  control: Int32Array;
}

/** Helper threads for `umapLayout`'s optimisation (see SgdTeam). */
export interface SgdThreads {
  /** Threads beyond the caller's own. */
  readonly helpers: number;
  /**
   * Hands each helper its rows and resolves once each has built its sampling state. Async: a
   * helper may get its job only after the caller's thread has returned to its event loop
   * (Chromium routes a nested worker's messages through its parent), so the caller must not block
   * until the helpers are ready.
   */
  start(jobFor: (helper: number) => Omit<SgdHelperJob, 'control'>): Promise<void>;
  /** Starts `epoch` on every helper and returns at once. */
  begin(epoch: number): void;
  /** Blocks until every helper has finished the epoch begun last. */
  wait(): void;
  /** Lets the helpers return (they stay usable for another layout only if the caller restarts them). */
  stop(): void;
}

// Slots of the control array.
const GENERATION = 0; // bumped to start an epoch or to stop
const DONE = 1; // helpers finished with the current generation
const EPOCH = 2; // the epoch to run
const STOP = 3; // 1: return instead of running
const READY = 4; // helpers that have built their state
const RECEIVED = 5; // helpers that have received their job
export const CONTROL_SLOTS = 6;

/** How long `start` waits for the helpers before giving up (they may never get the message). */
const START_TIMEOUT_MS = 10_000;

/** The helpers did not take their jobs in time: the caller may lay out on its own thread. */
export class ThreadsStartError extends Error {}

/** True where threads can share memory and block on it (a worker, or Node). */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
}

/** A copy of `a` on a SharedArrayBuffer. */
export function shared<T extends Float32Array | Int32Array>(a: T): T {
  const Ctor = a.constructor as { new (buffer: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * `parts` contiguous row blocks with about equal numbers of graph edges (the SGD's work is per
 * edge); contiguous so each thread's own rows stay in its cache.
 */
export function partitionRows(graph: Pick<FuzzyGraph, 'n' | 'rowPtr'>, parts: number): RowRange[] {
  const { n, rowPtr } = graph;
  const edges = rowPtr[n];
  const ranges: RowRange[] = [];
  let from = 0;
  for (let p = 1; p <= parts; p++) {
    let to = n;
    if (p < parts) {
      const target = (edges * p) / parts;
      to = from;
      while (to < n && rowPtr[to] < target) to++;
    }
    ranges.push({ from, to });
    from = to;
  }
  return ranges;
}

/** The caller's side of the barrier; `post` hands a job to helper i (a postMessage). */
export class SgdTeam implements SgdThreads {
  private control: Int32Array | null = null;

  constructor(
    readonly helpers: number,
    private readonly post: (helper: number, job: SgdHelperJob) => void,
  ) {}

  async start(jobFor: (helper: number) => Omit<SgdHelperJob, 'control'>): Promise<void> {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
    this.control = control;
    for (let h = 0; h < this.helpers; h++) this.post(h, { ...jobFor(h), control });
    // Polled, not Atomics.wait: see the interface.
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Atomics.load(control, READY) < this.helpers) {
      if (Date.now() > deadline) {
        const received = Atomics.load(control, RECEIVED);
        this.stop();
        throw new ThreadsStartError(
          `layout helpers did not start in ${START_TIMEOUT_MS / 1000} s ` +
            `(${received} of ${this.helpers} received their job, ${Atomics.load(control, READY)} ready)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  begin(epoch: number): void {
    const control = this.control!;
    Atomics.store(control, EPOCH, epoch);
    Atomics.store(control, DONE, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
  }

  wait(): void {
    const control = this.control!;
    for (let d = Atomics.load(control, DONE); d < this.helpers; d = Atomics.load(control, DONE))
      Atomics.wait(control, DONE, d);
  }

  stop(): void {
    const control = this.control;
    if (!control) return;
    Atomics.store(control, STOP, 1);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    this.control = null;
  }
}

/** A helper thread's loop: build the rows' state, then run epochs until told to stop. */
export function runSgdHelper(job: SgdHelperJob): void {
  const { control } = job;
  Atomics.add(control, RECEIVED, 1);
  const graph: FuzzyGraph = { n: job.n, rowPtr: job.rowPtr, cols: job.cols, weights: job.weights };
  const sgd = new UmapSgd(graph, job.positions, job.settings, job.rows);
  let seen = Atomics.load(control, GENERATION);
  Atomics.add(control, READY, 1);
  Atomics.notify(control, READY);
  for (;;) {
    Atomics.wait(control, GENERATION, seen);
    seen = Atomics.load(control, GENERATION);
    if (Atomics.load(control, STOP) === 1) return;
    sgd.epoch(Atomics.load(control, EPOCH));
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
