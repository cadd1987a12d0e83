// The engine's face for the page: src/core behind comlink, in a module worker. It carries: it takes
// the page's calls, holds the session (the last scan, its review, diff, red-team runs and manifest
// check), calls src/core for every decision and transfers the results. Progress comes back through
// a proxied callback, cancel sets a flag the engine polls, and every error crosses the boundary as
// one line ("file: problem"), never a stack trace.
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import {
  matmulCheck as runMatmulCheck,
  selectBackend,
  type BackendSelection,
  type MatmulCheck,
} from '../src/core/model/backend';
import { loadAndInfer, scanLoaded, type ScanOutput } from '../src/core/pipeline';
import type {
  BackendName,
  DatasetSummary,
  LoadedDataset,
  PageScanOutput,
  Progress,
  RoleOverrides,
  RunControl,
  ScanSettings,
  SourceFile,
} from '../src/core/types';
import { confirmLoaded } from '../src/core/confirm';
import { confirmPixels, type ConfirmView } from '../src/core/confirm/confirm-pixels';
import { diffDatasets, flagChanges, type FlaggedDiff } from '../src/core/diff';
import { referenceRoles } from '../src/core/diff/reference-roles';
import { diffCsvFile, exportFile, type ExportFile, type ExportOptions } from '../src/core/export/export-file';
import type { ExportKind } from '../src/core/export/export-naming';
import { selectionTrigger, type TriggerView } from '../src/core/trigger/selection-trigger';
import type { ProvenanceFinding } from '../src/core/provenance/finding';
import { parseManifest, verifyFiles, type VerifyResult } from '../src/core/provenance/manifest';
import { recordsSources, vetManifest } from '../src/core/provenance/vetting';
import { ruleCounts, type RuleCountsView } from '../src/core/rules/live-counts';
import { redteamLoaded, type AttackRequest } from '../src/core/redteam';
import { redteamViewOf, type RedteamView } from '../src/core/redteam/redteam-view';
import type { AuditRedTeamRun } from '../src/core/report/audit';
import { auditRedTeamOf } from '../src/core/report/audit-redteam';
import { drawnMap, scanAudit } from '../src/core/report/scan-audit';
import type { ReviewEdit } from '../src/core/review/journal';
import { scanSettings } from '../src/core/scan-settings';
import { imageColumnOf, withRolesOf, rolesOf } from '../src/core/scanned-dataset';
import { isShared, scanSharedBytesUncollected } from '../src/core/shared-array';
import { fileSources, inputPath, type FileInput } from './file-source';
import { workerInputGraph } from './input-graph';
import type { LayoutRequest } from './layout.worker';
import { release, throttled } from './progress-relay';
import { promptUntilCollected, type CollectionOutcome } from './prompt-collection';
import { ReviewSession, type ReviewView } from './review-session';
import { readSamples, type Sample } from './samples';
import { transferableCopy } from './transfer-copy';
import { userError } from './user-error';

export type { BackendSelection, BackendCandidate, MatmulCheck } from '../src/core/model/backend';
export type { PageScanOutput, PageScanResult, PageDetectorResult } from '../src/core/types';
export type { FileInput, NamedFile } from './file-source';
export type { Sample } from './samples';
export type { ReviewView } from './review-session';
export type { VerifyResult } from '../src/core/provenance/manifest';
export type { ProvenanceFinding } from '../src/core/provenance/finding';
export type { RuleCounts, RuleCountsView } from '../src/core/rules/live-counts';
export type { RuleStats, RuleConflict } from '../src/core/rules/evaluate';
export type { AtlasTechnique } from '../src/core/report/atlas';
export type { Hotspot } from '../src/core/trigger/trigger-diff';
export type { TriggerView } from '../src/core/trigger/selection-trigger';
export type { ReviewEdit } from '../src/core/review/journal';
export type { AttackRequest, AttackSpec, AttackScore } from '../src/core/redteam';
export type { RedteamView } from '../src/core/redteam/redteam-view';
export type { BackdoorConfirmation, ConfirmExample } from '../src/core/confirm';
export type { ConfirmPixels, ConfirmView } from '../src/core/confirm/confirm-pixels';
export type { FlaggedDiff } from '../src/core/diff';
export type { ExportFile, ExportOptions } from '../src/core/export/export-file';
export type { ExportKind } from '../src/core/export/export-naming';

const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
};

/** A finished scan, kept for the sample viewer, the map, exports, the review and the tools. */
interface Scanned {
  dataset: LoadedDataset;
  output: ScanOutput;
  /** Why the scan ran on its backend (null when the page never selected one), for the audit. */
  backendReason: string | null;
}

export class EngineApi {
  private cancelled = false;
  private busy: string | null = null;
  private backend: Promise<BackendSelection> | null = null;
  private scanned: Scanned | null = null;
  private review: ReviewSession | null = null;
  /** The last diff against a reference version, with the dataset hash it was made for. */
  private lastDiff: { datasetHash: string; diff: FlaggedDiff } | null = null;
  /** Red-team runs on the current dataset, for the audit report. */
  private redteamRuns: { datasetHash: string; runs: AuditRedTeamRun[] } | null = null;
  /** Prompting the collection of the last scan's dropped matrices (prompt-collection.ts). */
  private collection: Promise<CollectionOutcome> | null = null;
  /** The manifest check of the current dataset, for the audit report. */
  private manifest: {
    source: string;
    created?: string;
    results: VerifyResult[];
    vetting: ProvenanceFinding[];
  } | null = null;

  /**
   * Selects (and measures) the tfjs backend; `force` is the user's choice, honoured when available.
   * `wasmThreads: false` keeps wasm on one thread where it could use its threaded build (the scan
   * bench's A/B; switching restarts wasm, so do it before a scan, not between a scan and its use).
   */
  async init(opts: { force?: BackendName; wasmThreads?: boolean } = {}): Promise<BackendSelection> {
    if (this.busy) throw new Error(`cannot switch backends while ${this.busy} is running`);
    // One selection at a time: two interleaved (the page's own pick and a user's choice) used to
    // leave wasm unavailable, as both registered and measured backends on the same tf instance.
    const previous = this.backend?.catch(() => undefined) ?? Promise.resolve();
    const pending = previous.then(() =>
      selectBackend({ force: opts.force, wasmPaths: WASM_PATHS, wasmThreads: opts.wasmThreads }),
    );
    this.backend = pending;
    try {
      return await pending;
    } catch (e) {
      if (this.backend === pending) this.backend = null;
      throw userError(e, 'backend');
    }
  }

  /** Loads the files and infers column roles, without training. */
  async loadSummary(
    files: FileInput[],
    overrides: RoleOverrides = {},
    onProgress?: (p: Progress) => void,
  ): Promise<DatasetSummary> {
    return this.runFiles('load', files, onProgress, async (sources, control) => {
      const prepared = await loadAndInfer(sources, overrides, control);
      return prepared.summary;
    });
  }

  /** The whole scan: load, roles, features, probe, kNN, detectors, combined suspicion. */
  async scan(
    files: FileInput[],
    settings: Partial<ScanSettings> = {},
    onProgress?: (p: Progress) => void,
  ): Promise<PageScanOutput> {
    return this.runFiles('scan', files, onProgress, async (sources, control, backend) => {
      const full = scanSettings(settings);
      // Loaded here rather than inside scan() so the frame stays for getSamples and exports.
      const prepared = await loadAndInfer(sources, full.roles, control);
      const output = await scanLoaded(prepared, full, control);
      // Only a finished scan replaces the dataset under review: a bad file or a cancel leaves
      // the previous one (its samples, exports and review) as it was.
      this.scanned = { dataset: prepared.loaded, output, backendReason: backend?.reason ?? null };
      this.manifest = null;
      // The features are unreachable now: have them collected (prompt-collection.ts) before the
      // result goes out, while the page waits for it, rather than as the map's layout starts;
      // prompted again after it while they are still there.
      this.collection = promptUntilCollected(() => scanSharedBytesUncollected() > 0);
      return transferableCopy(output);
    });
  }

  /**
   * How the last scan's dropped shared matrices were collected (prompts sent, and whether they
   * went), once the prompting ends; null before a scan. For bench/page-budget.ts.
   */
  async lastCollection(): Promise<CollectionOutcome | null> {
    return this.collection;
  }

  /** Opens (or resumes) the review journal of the last scanned dataset. */
  async openReview(): Promise<ReviewView> {
    const output = this.scanned?.output;
    if (!output) throw new Error('no scan to review');
    const hash = output.dataset.datasetHash;
    if (this.review?.datasetHash !== hash) {
      try {
        this.review = await ReviewSession.open(hash, output.dataset.name, output.result.ids);
      } catch (e) {
        throw userError(e, 'review journal');
      }
    }
    return this.review.view();
  }

  /** One review action on `rows`; resolves once it is stored durably. */
  async reviewEdit(
    kind: ReviewEdit,
    rows: number[],
    opts: { to?: string; note?: string } = {},
  ): Promise<ReviewView> {
    try {
      return await this.reviewSession().edit(kind, rows, opts);
    } catch (e) {
      throw userError(e, 'review');
    }
  }

  async reviewUndo(): Promise<ReviewView> {
    return this.reviewSession().undo();
  }

  async reviewRedo(): Promise<ReviewView> {
    return this.reviewSession().redo();
  }

  /**
   * Checks the current dataset's files against a manifest (Assay JSON or a sha256sum list) using
   * the hashes taken while loading: verified / modified / unknown per file, missing per entry.
   */
  async verifyManifest(
    text: string,
    name: string,
  ): Promise<{ results: VerifyResult[]; vetting: ProvenanceFinding[] }> {
    const output = this.scanned?.output;
    if (!output) throw new Error('open a dataset before checking it against a manifest');
    try {
      const manifest = parseManifest(text, name);
      const files = output.dataset.files.map((f) => ({ name: f.name, size: f.bytes, sha256: f.sha256 }));
      const results = verifyFiles(manifest, files);
      // Where the manifest records sources, they are vetted too (origin, licence, vetting dates).
      const vetting = recordsSources(manifest) ? vetManifest(manifest) : [];
      this.manifest = { source: name, created: manifest.created, results, vetting };
      return { results, vetting };
    } catch (e) {
      throw userError(e, name);
    }
  }

  /**
   * The rule editor's live counts: `text` (JSON or YAML rules) checked against the scanned table,
   * its labels and the model's predictions. A bad rule comes back as one line, never thrown; a
   * hostile one is refused by the engine's limits (safe-regex, the regex time budget).
   */
  async ruleCounts(text: string, name = 'rules'): Promise<RuleCountsView> {
    const output = this.scanned?.output;
    if (!output) return { ok: false, error: 'scan a dataset first' };
    if (this.busy) return { ok: false, error: `a ${this.busy} is running; counts come after it` };
    const { result } = output;
    try {
      return ruleCounts(
        { name, text },
        this.scanned!.dataset.frame,
        result.classes,
        result.labels,
        result.predicted,
      );
    } catch (e) {
      throw userError(e, name);
    }
  }

  /**
   * For selected images: the mean of the selection minus the mean of the rest of its (most common)
   * labelled class, and the brightest compact window of that difference. A stamped trigger shows
   * up as a bright patch. Null when the dataset has no images or the selection is too small.
   */
  async triggerDiff(rows: number[]): Promise<TriggerView | null> {
    if (!this.scanned) return null;
    const { dataset, output } = this.scanned;
    const column = imageColumnOf(dataset, output.dataset);
    if (!column) return null;
    return selectionTrigger(column.values, output.result.labels, output.result.classes, rows);
  }

  /**
   * Posts the last scan's layout input (kNN graph, embeddings, seed) on `port`, for the map's
   * layout worker at its other end: the arrays go worker to worker, transferred, and never pass
   * through the page's main thread (cloning them there was a task of 125-155 ms at 60k rows).
   * `datasetHash` names the scan the page is showing; another one answers with an error.
   */
  sendLayoutInput(port: MessagePort, datasetHash: string): void {
    const output = this.scanned?.output;
    if (!output || output.dataset.datasetHash !== datasetHash) {
      port.postMessage({ error: 'the scan to lay out is no longer the last one' });
      port.close();
      return;
    }
    const { knn, n, embeddings, dim, settings } = output.result;
    // Embeddings in shared memory (a Parquet embedding column in an isolated page) are posted as
    // they are: the layout worker reads them for its PCA start and never writes to them. Others
    // (the probe's) go as a transferred copy.
    const shared = isShared(embeddings);
    const request: LayoutRequest = {
      graph: { k: knn.k, indices: knn.indices.slice(), distances: knn.distances.slice() },
      n,
      seed: settings.seed,
      embeddings: { data: shared ? embeddings : embeddings.slice(), dim },
    };
    port.postMessage(request, [
      request.graph.indices.buffer,
      request.graph.distances.buffer,
      ...(shared ? [] : [request.embeddings!.data.buffer as ArrayBuffer]),
    ]);
    port.close();
  }

  /** The nearest neighbours of a row in the scan's kNN graph (embedding space), nearest first. */
  async neighbours(row: number): Promise<{ row: number; distance: number }[]> {
    const result = this.scanned?.output.result;
    if (!result || row < 0 || row >= result.n) return [];
    const { knn } = result;
    return Array.from({ length: knn.k }, (_, t) => ({
      row: knn.indices[row * knn.k + t],
      distance: knn.distances[row * knn.k + t],
    })).filter((nb) => nb.row >= 0);
  }

  /** A download: the cleaned dataset, the scores, report.json or the audit report. */
  async exportFile(kind: ExportKind, opts: ExportOptions = {}): Promise<ExportFile> {
    if (!this.scanned) throw new Error('no scan to export');
    const { dataset: loaded, output, backendReason } = this.scanned;
    const { dataset, result } = output;
    const hash = dataset.datasetHash;
    const review = this.review?.datasetHash === hash ? this.review : null;
    try {
      return await exportFile(
        kind,
        {
          frame: loaded.frame,
          dataset,
          result,
          review: review?.current ?? null,
          audit: async () =>
            scanAudit({
              dataset,
              result,
              backendReason: backendReason ?? undefined,
              manifest: this.manifest,
              journal: review ? await review.actions() : [],
              diff: this.lastDiff?.datasetHash === hash ? this.lastDiff.diff : null,
              redteam: this.redteamRuns?.datasetHash === hash ? this.redteamRuns.runs : [],
              map: opts.mapPng ? drawnMap(opts.mapPng) : null,
            }),
        },
        opts,
      );
    } catch (e) {
      throw userError(e, 'export');
    }
  }

  /**
   * Red-team mode on the current dataset: plants `request` into a copy (the loaded data is never
   * modified), scans the copy with the current scan's settings and scores what the scan found.
   */
  async redteam(request: AttackRequest, onProgress?: (p: Progress) => void): Promise<RedteamView> {
    return this.runLoaded('red-team run', onProgress, async ({ dataset, output }, control) => {
      const prepared = withRolesOf(dataset, output.dataset);
      const report = await redteamLoaded(prepared, [request], output.result.settings, control);
      const run = report.runs[0];
      const hash = output.dataset.datasetHash;
      if (this.redteamRuns?.datasetHash !== hash) this.redteamRuns = { datasetHash: hash, runs: [] };
      this.redteamRuns.runs.push(auditRedTeamOf(run));
      return redteamViewOf(run);
    });
  }

  /**
   * Backdoor confirmation of `rows` (a selected or flagged cluster of images): reconstructs the
   * trigger, trains a probe, stamps the trigger on held-out clean images of other classes and
   * measures the attack success rate. The examples come with their pixels before and after.
   */
  async confirmBackdoor(rows: number[], onProgress?: (p: Progress) => void): Promise<ConfirmView> {
    return this.runLoaded('backdoor confirmation', onProgress, async ({ dataset, output }, control) => {
      const confirmation = await confirmLoaded(dataset, rolesOf(output.dataset), rows, {}, control);
      const images = imageColumnOf(dataset, output.dataset)?.values;
      return { ...confirmation, pixels: confirmPixels(confirmation, images) };
    });
  }

  /**
   * Loads `files` as the vetted reference version and diffs it against the current dataset (the
   * candidate), marking the added and changed rows the current scan flags. Kept for the audit.
   */
  async diffWith(files: FileInput[], onProgress?: (p: Progress) => void): Promise<FlaggedDiff> {
    const { output, dataset } = this.scannedOrThrow();
    return this.runFiles('diff', files, onProgress, async (sources, control) => {
      const reference = await loadAndInfer(sources, {}, control);
      const current = rolesOf(output.dataset);
      const names = reference.loaded.frame.columns.map((c) => c.name);
      const roles = referenceRoles(names, reference.roles, current);
      const diff = diffDatasets({ loaded: reference.loaded, roles }, { loaded: dataset, roles: current });
      const flagged = flagChanges(diff, output.result);
      this.lastDiff = { datasetHash: output.dataset.datasetHash, diff: flagged };
      return flagged;
    });
  }

  /** diff.csv of the last diff (one line per change, with the scan's verdict). */
  async diffCsvFile(): Promise<ExportFile> {
    const output = this.scanned?.output;
    if (!output || this.lastDiff?.datasetHash !== output.dataset.datasetHash)
      throw new Error('no diff to export');
    return diffCsvFile(output.dataset.name, this.lastDiff.diff);
  }

  private scannedOrThrow(): Scanned {
    if (!this.scanned) throw new Error('scan a dataset first');
    return this.scanned;
  }

  private reviewSession(): ReviewSession {
    if (!this.review || this.review.datasetHash !== this.scanned?.output.dataset.datasetHash)
      throw new Error('no review open');
    return this.review;
  }

  /** Asks the running load/scan to stop at its next check. */
  cancel(): void {
    this.cancelled = true;
  }

  /** A fixed seeded computation on `backend` (for the backend equality test); restores the backend. */
  async matmulCheck(backend: BackendName, size = 64): Promise<MatmulCheck> {
    if (this.busy) throw new Error(`cannot switch backends while ${this.busy} is running`);
    await this.backend?.catch(() => undefined);
    try {
      return await runMatmulCheck(backend, size);
    } catch (e) {
      throw userError(e, backend);
    }
  }

  /** Rows of the last loaded dataset, for thumbnails and the scanReview. */
  async getSamples(rows: number[]): Promise<Sample[]> {
    if (!this.scanned) throw new Error('no dataset loaded');
    return readSamples(this.scanned.dataset.frame, rows, this.scanned.output.dataset);
  }

  /** Work on files the page hands in (load, scan, diff): run() with the files as sources. */
  private async runFiles<T>(
    what: string,
    files: FileInput[],
    onProgress: ((p: Progress) => void) | undefined,
    body: (sources: SourceFile[], control: RunControl, backend: BackendSelection | undefined) => Promise<T>,
  ): Promise<T> {
    if (this.busy) throw new Error(`a ${this.busy} is already running`);
    if (!files.length) throw new Error('no files given');
    const name =
      files.length === 1 ? inputPath(files[0]) : `${inputPath(files[0])} (+${files.length - 1} files)`;
    return this.run(what, name, onProgress, (control, backend) => body(fileSources(files), control, backend));
  }

  /** Work on the scanned dataset (red team, backdoor confirmation): run() with the scan at hand. */
  private async runLoaded<T>(
    what: string,
    onProgress: ((p: Progress) => void) | undefined,
    body: (scanned: Scanned, control: RunControl) => Promise<T>,
  ): Promise<T> {
    return this.run(what, what, onProgress, (control) => body(this.scannedOrThrow(), control));
  }

  /**
   * One engine job at a time: the busy guard, cancel, throttled progress, the backend awaited,
   * and every error as one line naming `context`.
   */
  private async run<T>(
    what: string,
    context: string,
    onProgress: ((p: Progress) => void) | undefined,
    body: (control: RunControl, backend: BackendSelection | undefined) => Promise<T>,
  ): Promise<T> {
    if (this.busy) throw new Error(`a ${this.busy} is already running`);
    this.busy = what;
    this.cancelled = false;
    try {
      const backend = await this.backend?.catch(() => undefined);
      return await body(
        {
          onProgress: throttled(onProgress),
          isCancelled: () => this.cancelled,
          inputGraph: workerInputGraph,
        },
        backend,
      );
    } catch (e) {
      throw userError(e, context);
    } finally {
      this.busy = null;
      release(onProgress);
    }
  }
}

Comlink.expose(new EngineApi());
