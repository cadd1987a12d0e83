// The scanReview's state (Svelte 5 runes): the map layout streaming in from the worker, what the
// map is coloured by, the selection, the review (mirrored from the worker's journal) and exports.
// Review actions go to the worker, which stores them durably before this state shows them.
import {
  type Engine,
  type PageScanOutput,
  type ExportKind,
  type ExportOptions,
  type ReviewEdit,
  type ReviewView,
  type Sample,
  type TriggerView,
  type VerifyResult,
  type ProvenanceFinding,
} from './engine-client';
import * as Comlink from 'comlink';
import { startLayout, type LayoutRun } from './layout-client';
import { errorText } from './error-text';
import { measuredUpdate } from './measured-update';
import { saveFile } from './save-file';

/** What the map's colour shows. Detector names colour by that detector's score. */
export type ColourKey = 'label' | 'predicted' | 'suspicion' | 'annotator' | 'review' | `detector:${string}`;

/** How many samples of a selection the panel shows (sorted by suspicion). */
export const SELECTION_SHOWN = 48;

export class ScanReview {
  positions = $state.raw<Float32Array | null>(null);
  /** Threads the map's layout runs on, and why not more (e.g. the page is not cross-origin isolated). */
  layoutThreads = $state.raw<{ count: number; reason: string | null } | null>(null);
  /**
   * Threads the next layout asks for; undefined: one per core (workers/layout-threads.ts). The
   * browser tests and benches set it to compare.
   */
  layoutThreadsWanted: number | undefined = undefined;
  /** Layout progress: epochs done of total; null when settled or not started. */
  layoutEpoch = $state.raw<{ epoch: number; total: number; etaSeconds: number | null } | null>(null);
  colourBy = $state<ColourKey>('suspicion');
  tool = $state<'pan' | 'lasso' | 'rect'>('pan');
  /** Selected rows, most suspicious first. */
  selection = $state.raw<Int32Array>(new Int32Array(0));
  selectionSamples = $state.raw<Readonly<Record<number, Sample>>>({});
  hovered = $state<{ row: number; x: number; y: number } | null>(null);
  hoverSample = $state.raw<Sample | null>(null);
  /** The row whose nearest neighbours are listed, and them. */
  focus = $state.raw<{ row: number; neighbours: { row: number; distance: number }[] } | null>(null);
  review = $state.raw<ReviewView | null>(null);
  /** What the selected images share that their class does not; null when not computed. */
  trigger = $state.raw<TriggerView | null>(null);
  /** The dataset's files checked against a manifest the user loaded. */
  manifest = $state.raw<{ name: string; results: VerifyResult[]; vetting: ProvenanceFinding[] } | null>(null);
  /** A review or export problem, one line. */
  error = $state<string | null>(null);
  busy = $state(false);
  /** Rows of the current result (for the selection mask). */
  private rowCount = $state(0);
  /** The selection as a row mask (1 = selected), for the map and the histograms; null when empty. */
  selectionMask = $derived.by(() => {
    if (!this.selection.length) return null;
    const mask = new Uint8Array(this.rowCount);
    for (const r of this.selection) mask[r] = 1;
    return mask;
  });

  private output: PageScanOutput | null = null;
  /** Position in the suspicion ranking that J/K walk; −1 before the first step. */
  private suspectCursor = -1;
  private layoutRun: LayoutRun | null = null;
  private selecting: Promise<unknown> | null = null;
  private generation = 0;
  // A plain cache: what the page shows comes from selectionSamples / hoverSample.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private sampleCache = new Map<number, Sample>();

  constructor(private readonly engine: () => Engine) {}

  /** A fresh scan result: reset, open its review journal, start the layout. */
  async start(output: PageScanOutput): Promise<void> {
    const gen = ++this.generation;
    this.output = output;
    this.rowCount = output.result.n;
    this.suspectCursor = -1;
    this.positions = null;
    this.layoutEpoch = null;
    this.layoutThreads = null;
    this.selection = new Int32Array(0);
    this.selectionSamples = {};
    this.focus = null;
    this.hovered = null;
    this.review = null;
    this.manifest = null;
    this.trigger = null;
    this.error = null;
    this.sampleCache.clear();
    try {
      const review = await this.engine().openReview();
      if (gen === this.generation) this.review = review;
    } catch (e) {
      if (gen === this.generation)
        this.error = `Review cannot be saved in this browser: ${errorText(e)}. Exports still work.`;
    }
    void this.runLayout(gen);
  }

  private async runLayout(gen: number): Promise<void> {
    const result = this.output?.result;
    if (!result) return;
    this.layoutRun?.stop();
    const startedAt = performance.now();
    const hash = this.output!.dataset.datasetHash;
    const run = startLayout(
      (port) => this.engine().sendLayoutInput(Comlink.transfer(port, [port]), hash),
      (positions, epoch, total, threads) => {
        if (gen !== this.generation) return;
        const first = this.positions === null;
        const show = () => {
          this.positions = positions;
          this.layoutThreads = threads;
        };
        if (first) measuredUpdate('first positions', show);
        else show();
        const fraction = total ? epoch / total : 0;
        const elapsed = performance.now() - startedAt;
        this.layoutEpoch =
          epoch >= total
            ? null
            : {
                epoch,
                total,
                etaSeconds: fraction > 0.02 ? (elapsed * (1 - fraction)) / fraction / 1000 : null,
              };
      },
      this.layoutThreadsWanted,
    );
    this.layoutRun = run;
    try {
      const final = await run.done;
      if (gen !== this.generation) return;
      if (final) this.positions = final;
      this.layoutEpoch = null;
    } catch (e) {
      if (gen === this.generation) {
        this.layoutEpoch = null;
        this.error = `Map: ${errorText(e)}`;
      }
    } finally {
      if (this.layoutRun === run) this.layoutRun = null;
    }
  }

  /** Stops the layout where it is: the points stay as they are now. */
  stopLayout(): void {
    this.layoutRun?.stop();
  }

  /** Replaces or extends the selection; rows are kept most suspicious first. */
  select(rows: ArrayLike<number>, mode: 'replace' | 'add' | 'toggle' = 'replace'): void {
    const out = this.output;
    if (!out) return;
    // A local working set; the state is the sorted array assigned below.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const set = new Set<number>(mode === 'replace' ? [] : Array.from(this.selection));
    for (const r of Array.from(rows)) {
      if (mode === 'toggle' && set.has(r)) set.delete(r);
      else set.add(r);
    }
    const s = out.result.suspicion;
    this.selection = Int32Array.from([...set].sort((a, b) => s[b] - s[a] || a - b));
    this.focus = null;
    this.trigger = null;
    void this.loadSelectionSamples();
    void this.compareSelection();
  }

  /** The selection's mean image against its class (images only, 3+ samples). */
  private async compareSelection(): Promise<void> {
    const rows = Array.from(this.selection);
    if (rows.length < 3 || !this.output?.dataset.columns.some((c) => c.role === 'image')) return;
    try {
      const view = await this.engine().triggerDiff(rows);
      if (this.selection.length === rows.length && this.selection[0] === rows[0]) this.trigger = view;
    } catch {
      // A view only: the selection stands without it.
    }
  }

  /**
   * Walks the suspects from the keyboard (J/K): selects the next (+1) or previous (−1) row in the
   * engine's suspicion ranking, starting from the most suspicious.
   */
  stepSuspect(delta: 1 | -1): void {
    const ranking = this.output?.result.ranking;
    if (!ranking?.length) return;
    this.suspectCursor = Math.min(ranking.length - 1, Math.max(0, this.suspectCursor + delta));
    this.select([ranking[this.suspectCursor]]);
  }

  clearSelection(): void {
    this.selection = new Int32Array(0);
    this.trigger = null;
    this.selectionSamples = {};
    this.focus = null;
  }

  async hover(row: number | null, x: number, y: number): Promise<void> {
    if (row === null) {
      this.hovered = null;
      this.hoverSample = null;
      return;
    }
    this.hovered = { row, x, y };
    const sample = await this.samples([row]);
    if (this.hovered?.row === row) this.hoverSample = sample[row] ?? null;
  }

  async showNeighbours(row: number): Promise<void> {
    const neighbours = await this.engine().neighbours(row);
    this.focus = { row, neighbours };
    await this.samples(neighbours.map((nb) => nb.row));
    this.selectionSamples = { ...this.selectionSamples, ...this.cached(neighbours.map((nb) => nb.row)) };
  }

  /** Applies a review action to the selection (or to `rows`). */
  /**
   * A selection still being answered (the map's worker picks a clicked point asynchronously):
   * an edit waits for it, so a key pressed right after a click acts on what was clicked.
   */
  selectionPending(answer: Promise<unknown>): void {
    const tracked: Promise<unknown> = answer
      .catch(() => undefined)
      .finally(() => {
        if (this.selecting === tracked) this.selecting = null;
      });
    this.selecting = tracked;
  }

  async edit(kind: ReviewEdit, opts: { to?: string; rows?: number[] } = {}): Promise<void> {
    if (!opts.rows && this.selecting) await this.selecting;
    const rows = opts.rows ?? Array.from(this.selection);
    if (!rows.length || !this.review) return;
    await this.apply(() => this.engine().reviewEdit(kind, rows, opts.to ? { to: opts.to } : {}));
  }

  undo(): Promise<void> {
    return this.apply(() => this.engine().reviewUndo());
  }

  redo(): Promise<void> {
    return this.apply(() => this.engine().reviewRedo());
  }

  private async apply(fn: () => Promise<ReviewView>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      this.review = await fn();
      this.error = null;
    } catch (e) {
      this.error = `Review not saved: ${errorText(e)}`;
    } finally {
      this.busy = false;
    }
  }

  /** Checks the dataset's files (their SHA-256 from loading) against a manifest file. */
  async checkManifest(file: File): Promise<void> {
    try {
      const { results, vetting } = await this.engine().verifyManifest(await file.text(), file.name);
      this.manifest = { name: file.name, results, vetting };
    } catch (e) {
      this.manifest = null;
      this.error = errorText(e);
    }
  }

  /** Builds an export in the worker and hands it to the browser as a download. */
  async download(kind: ExportKind, opts: ExportOptions = {}): Promise<string | null> {
    try {
      const file = await this.engine().exportFile(kind, opts);
      saveFile(file);
      return file.name;
    } catch (e) {
      this.error = `Export failed: ${errorText(e)}`;
      return null;
    }
  }

  private async loadSelectionSamples(): Promise<void> {
    const rows = Array.from(this.selection.subarray(0, SELECTION_SHOWN));
    await this.samples(rows);
    this.selectionSamples = this.cached(rows);
  }

  /** Samples by row, from the cache or the worker. */
  private async samples(rows: number[]): Promise<Record<number, Sample>> {
    const missing = rows.filter((r) => !this.sampleCache.has(r));
    if (missing.length) {
      try {
        for (const s of await this.engine().getSamples(missing)) this.sampleCache.set(s.row, s);
      } catch {
        // Samples are a view only; the scores stand without them.
      }
    }
    return this.cached(rows);
  }

  private cached(rows: number[]): Record<number, Sample> {
    const out: Record<number, Sample> = {};
    for (const r of rows) {
      const s = this.sampleCache.get(r);
      if (s) out[r] = s;
    }
    return out;
  }
}
