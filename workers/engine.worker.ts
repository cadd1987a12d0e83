// The engine's face for the page: src/core behind comlink, in a module worker. Progress comes back
// through a proxied callback, cancel sets a flag the engine polls, and every error crosses the
// boundary as one line ("file: problem"), never a stack trace.
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
import { defaultSettings, loadAndInfer, scanLoaded, type ScanOutput } from '../src/core/pipeline';
import type {
  BackendName,
  DatasetSummary,
  LoadedDataset,
  Progress,
  RoleOverrides,
  Roles,
  RunControl,
  ScanSettings,
  SourceFile,
} from '../src/core/types';
import { cleanedArrow, cleanedCsv, type QuarantinePolicy } from '../src/core/export/cleaned';
import { decodeImage } from '../src/core/data';
import { triggerDiff, type TriggerDiff } from '../src/core/inspect-tools/trigger-diff';
import { parseManifest, verifyFiles, type VerifyResult } from '../src/core/provenance/manifest';
import { buildAudit } from '../src/core/report/audit';
import { auditHtml } from '../src/core/report/audit-html';
import { buildReport } from '../src/core/report/report-json';
import { scoresCsv } from '../src/core/report/scores';
import type { ReviewEdit } from '../src/core/review/journal';
import { redteamLoaded, type AttackRequest, type AttackSpec, type AttackScore } from '../src/core/redteam';
import { confirmLoaded, stampTrigger, type BackdoorConfirmation } from '../src/core/confirm';
import { diffCsv, diffDatasets, flagChanges, type FlaggedDiff } from '../src/core/diff';
import type { AuditDiff, AuditRedTeamRun } from '../src/core/report/audit';
import { fileSources, inputPath, type FileInput } from './file-source';
import { workerInputGraph } from './input-graph';
import { transferableCopy } from './transfer-copy';
import type { LayoutRequest } from './layout.worker';
import { ReviewSession, type ReviewView } from './review-session';
import { readSamples, type Sample } from './samples';

export type { BackendSelection, BackendCandidate, MatmulCheck } from '../src/core/model/backend';
export type { ScanOutput } from '../src/core/pipeline';
export type { FileInput, NamedFile } from './file-source';
export type { Sample } from './samples';
export type { ReviewView } from './review-session';
export type { VerifyResult } from '../src/core/provenance/manifest';
export type { Hotspot } from '../src/core/inspect-tools/trigger-diff';
export type { ReviewEdit } from '../src/core/review/journal';
export type { AttackRequest, AttackSpec, AttackScore } from '../src/core/redteam';
export type { BackdoorConfirmation, ConfirmExample } from '../src/core/confirm';
export type { FlaggedDiff } from '../src/core/diff';

/** One red-team run on a copy of the current dataset, as the page shows it. */
export interface RedteamView {
  spec: AttackSpec;
  description: string;
  plantedCount: number;
  notes: string[];
  score: AttackScore;
  scanMs: number;
}

/** Pixels of a before/after example (H×W×channels, values 0..1); `after` has the trigger stamped. */
export interface ConfirmPixels {
  row: number;
  h: number;
  w: number;
  channels: number;
  before: Float32Array;
  after: Float32Array;
}

/** A backdoor confirmation with its examples' pixels, for the page. */
export interface ConfirmView extends BackdoorConfirmation {
  pixels: ConfirmPixels[];
}

/** What a group of images shares that its labelled class does not (see triggerDiff). */
export interface TriggerView extends TriggerDiff {
  label: string;
  groupCount: number;
  classCount: number;
}

/** At most this many images of each side are decoded for the comparison. */
const TRIGGER_MAX_GROUP = 600;
const TRIGGER_MAX_CLASS = 1500;

/** A file the page offers for download. */
export interface ExportFile {
  name: string;
  mime: string;
  bytes: Uint8Array;
  /** What the export did that the user should know (converted columns, dropped rows). */
  notes: string[];
}

export type ExportKind = 'cleaned-csv' | 'cleaned-arrow' | 'scores' | 'report' | 'audit-html' | 'audit-json';

export interface ExportOptions {
  /** Quarantined rows: dropped, or kept with a review_status column (cleaned exports). */
  quarantined?: QuarantinePolicy;
  /** Only these rows (the selection), for the cleaned and scores exports. */
  rows?: number[];
  /** The map as a PNG data: URI, for the audit report. */
  mapPng?: string;
}

const WASM_PATHS: Record<string, string> = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
};

/** Forward at most this often (ms), except stage changes and completion. */
const PROGRESS_INTERVAL_MS = 50;

export class EngineApi {
  private cancelled = false;
  private busy: string | null = null;
  private backend: Promise<BackendSelection> | null = null;
  /** The last loaded dataset and its summary (roles), kept for getSamples. */
  private lastSummary: DatasetSummary | null = null;
  private lastDataset: LoadedDataset | null = null;
  private lastOutput: ScanOutput | null = null;
  private review: ReviewSession | null = null;
  /** The last diff against a reference version, with the dataset hash it was made for. */
  private lastDiff: { datasetHash: string; diff: FlaggedDiff } | null = null;
  /** Red-team runs on the current dataset, for the audit report. */
  private redteamRuns: { datasetHash: string; runs: AuditRedTeamRun[] } | null = null;
  /** The manifest check of the current dataset, for the audit report. */
  private manifest: { source: string; created?: string; results: VerifyResult[] } | null = null;

  /** Selects (and measures) the tfjs backend; `force` is the user's choice, honoured when available. */
  async init(opts: { force?: BackendName } = {}): Promise<BackendSelection> {
    if (this.busy) throw new Error(`cannot switch backends while ${this.busy} is running`);
    // One selection at a time: two interleaved (the page's own pick and a user's choice) used to
    // leave wasm unavailable, as both registered and measured backends on the same tf instance.
    const previous = this.backend?.catch(() => undefined) ?? Promise.resolve();
    const pending = previous.then(() => selectBackend({ force: opts.force, wasmPaths: WASM_PATHS }));
    this.backend = pending;
    try {
      return await pending;
    } catch (e) {
      if (this.backend === pending) this.backend = null;
      throw userError(e, 'backend');
    }
  }

  /** Loads the files and infers column roles, without training. */
  async inspect(
    files: FileInput[],
    overrides: RoleOverrides = {},
    onProgress?: (p: Progress) => void,
  ): Promise<DatasetSummary> {
    return this.run('inspect', files, onProgress, async (sources, control) => {
      const inspected = await loadAndInfer(sources, overrides, control);
      return inspected.summary;
    });
  }

  /** The whole scan: load, roles, features, probe, kNN, detectors, combined suspicion. */
  async scan(
    files: FileInput[],
    settings: Partial<ScanSettings> = {},
    onProgress?: (p: Progress) => void,
  ): Promise<ScanOutput> {
    return this.run('scan', files, onProgress, async (sources, control) => {
      const full: ScanSettings = { ...defaultSettings, ...settings, roles: { ...settings.roles } };
      // Loaded here rather than inside scan() so the frame stays for getSamples and exports.
      const inspected = await loadAndInfer(sources, full.roles, control);
      const output = await scanLoaded(inspected, full, control);
      // Only a finished scan replaces the dataset under review: a bad file or a cancel leaves
      // the previous one (its samples, exports and review) as it was.
      this.lastDataset = inspected.loaded;
      this.lastSummary = output.dataset;
      this.lastOutput = output;
      this.manifest = null;
      return transferableCopy(output);
    });
  }

  /** Opens (or resumes) the review journal of the last scanned dataset. */
  async openReview(): Promise<ReviewView> {
    const output = this.lastOutput;
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
  async verifyManifest(text: string, name: string): Promise<VerifyResult[]> {
    const output = this.lastOutput;
    if (!output) throw new Error('open a dataset before checking it against a manifest');
    try {
      const manifest = parseManifest(text, name);
      const files = output.dataset.files.map((f) => ({ name: f.name, size: f.bytes, sha256: f.sha256 }));
      const results = verifyFiles(manifest, files);
      this.manifest = { source: name, created: manifest.created, results };
      return results;
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
    const output = this.lastOutput;
    const frame = this.lastDataset?.frame;
    const imageName = output?.dataset.columns.find((c) => c.role === 'image')?.name;
    const column = frame?.columns.find((c) => c.name === imageName);
    if (!output || !column || rows.length < 3) return null;
    const { labels, classes } = output.result;
    const votes = new Map<number, number>();
    for (const r of rows) votes.set(labels[r], (votes.get(labels[r]) ?? 0) + 1);
    const label = [...votes.entries()].sort((a, b) => b[1] - a[1])[0][0];
    if (label < 0) return null;
    const inGroup = new Set(rows);
    const group = rows.filter((r) => labels[r] === label).slice(0, TRIGGER_MAX_GROUP);
    const rest: number[] = [];
    for (let i = 0; i < labels.length && rest.length < TRIGGER_MAX_CLASS; i++)
      if (labels[i] === label && !inGroup.has(i)) rest.push(i);
    // Decode into one packed array; images of another size than the first are left out.
    const packed: Float32Array[] = [];
    const groupAt: number[] = [];
    const restAt: number[] = [];
    let shape: { h: number; w: number; c: number } | null = null;
    const add = (row: number, into: number[]) => {
      const bytes = column.values[row];
      if (!(bytes instanceof Uint8Array)) return;
      try {
        const img = decodeImage(bytes);
        shape ??= { h: img.height, w: img.width, c: img.channels };
        if (img.height !== shape.h || img.width !== shape.w || img.channels !== shape.c) return;
        into.push(packed.length);
        packed.push(img.data);
      } catch {
        // An undecodable image is already flagged by the scan; it has no pixels to compare.
      }
    };
    for (const r of group) add(r, groupAt);
    for (const r of rest) add(r, restAt);
    const dims = shape as { h: number; w: number; c: number } | null;
    if (!dims || groupAt.length < 3 || restAt.length < 3) return null;
    const size = dims.h * dims.w * dims.c;
    const images = new Float32Array(packed.length * size);
    packed.forEach((img, i) => images.set(img.subarray(0, size), i * size));
    const diff = triggerDiff(images, packed.length, dims.h, dims.w, dims.c, groupAt, restAt);
    return { ...diff, label: classes[label], groupCount: groupAt.length, classCount: restAt.length };
  }

  /**
   * Posts the last scan's layout input (kNN graph, embeddings, seed) on `port`, for the map's
   * layout worker at its other end: the arrays go worker to worker, transferred, and never pass
   * through the page's main thread (cloning them there was a task of 125-155 ms at 60k rows).
   * `datasetHash` names the scan the page is showing; another one answers with an error.
   */
  sendLayoutInput(port: MessagePort, datasetHash: string): void {
    const output = this.lastOutput;
    if (!output || output.dataset.datasetHash !== datasetHash) {
      port.postMessage({ error: 'the scan to lay out is no longer the last one' });
      port.close();
      return;
    }
    const { knn, n, embeddings, dim, settings } = output.result;
    const request: LayoutRequest = {
      graph: { k: knn.k, indices: knn.indices.slice(), distances: knn.distances.slice() },
      n,
      seed: settings.seed,
      embeddings: { data: embeddings.slice(), dim },
    };
    port.postMessage(request, [
      request.graph.indices.buffer,
      request.graph.distances.buffer,
      request.embeddings!.data.buffer,
    ]);
    port.close();
  }

  /** The nearest neighbours of a row in the scan's kNN graph (embedding space), nearest first. */
  async neighbours(row: number): Promise<{ row: number; distance: number }[]> {
    const knn = this.lastOutput?.result.knn;
    if (!knn || row < 0 || row >= this.lastOutput!.result.n) return [];
    return Array.from({ length: knn.k }, (_, t) => ({
      row: knn.indices[row * knn.k + t],
      distance: knn.distances[row * knn.k + t],
    })).filter((nb) => nb.row >= 0);
  }

  /** A download: the cleaned dataset, the scores, report.json or the audit report. */
  async exportFile(kind: ExportKind, opts: ExportOptions = {}): Promise<ExportFile> {
    const output = this.lastOutput;
    const frame = this.lastDataset?.frame;
    if (!output || !frame) throw new Error('no scan to export');
    const { dataset, result } = output;
    const base = dataset.name.replace(/\.[^./]+$/, '').replace(/[^\w.-]+/g, '_') || 'dataset';
    const text = (s: string) => new TextEncoder().encode(s);
    const review = this.review?.datasetHash === dataset.datasetHash ? this.review : null;
    const suffix = opts.rows ? '-selection' : '';
    try {
      if (kind === 'cleaned-csv' || kind === 'cleaned-arrow') {
        const labelColumn = dataset.columns.find((c) => c.role === 'label')?.name;
        if (!labelColumn) throw new Error('the dataset has no label column to clean');
        const state = review?.current ?? {
          status: new Uint8Array(result.n),
          label: new Array<string | null>(result.n).fill(null),
        };
        const options = {
          labelColumn,
          review: state,
          quarantined: opts.quarantined ?? 'drop',
          rows: opts.rows,
        };
        if (kind === 'cleaned-csv') {
          const csv = cleanedCsv(frame, options);
          return {
            name: `${base}-cleaned${suffix}.csv`,
            mime: 'text/csv',
            bytes: text(csv.text),
            notes: csv.notes,
          };
        }
        return {
          name: `${base}-cleaned${suffix}.arrow`,
          mime: 'application/vnd.apache.arrow.file',
          bytes: cleanedArrow(frame, options),
          notes: [],
        };
      }
      if (kind === 'scores')
        return {
          name: `${base}-scores${suffix}.csv`,
          mime: 'text/csv',
          bytes: text(scoresCsv(result, opts.rows)),
          notes: [],
        };
      const report = buildReport(dataset, result);
      if (kind === 'report')
        return {
          name: `${base}-report.json`,
          mime: 'application/json',
          bytes: text(JSON.stringify(report, null, 1)),
          notes: [],
        };
      const audit = buildAudit({
        dataset,
        result,
        report,
        journal: review ? await review.actions() : [],
        manifest: this.manifest ?? undefined,
        diff:
          this.lastDiff?.datasetHash === dataset.datasetHash ? auditDiffOf(this.lastDiff.diff) : undefined,
        redteam: this.redteamRuns?.datasetHash === dataset.datasetHash ? this.redteamRuns.runs : undefined,
        mapImage: opts.mapPng
          ? { pngDataUri: opts.mapPng, caption: 'The map as the analyst saw it' }
          : undefined,
      });
      if (kind === 'audit-json')
        return {
          name: `${base}-audit.json`,
          mime: 'application/json',
          bytes: text(JSON.stringify(audit, null, 1)),
          notes: [],
        };
      return { name: `${base}-audit.html`, mime: 'text/html', bytes: text(auditHtml(audit)), notes: [] };
    } catch (e) {
      throw userError(e, 'export');
    }
  }

  /**
   * Red-team mode on the current dataset: plants `request` into a copy (the loaded data is never
   * modified), scans the copy with the current scan's settings and scores what the scan found.
   */
  async redteam(request: AttackRequest, onProgress?: (p: Progress) => void): Promise<RedteamView> {
    return this.runLoaded('red-team run', onProgress, async (control) => {
      const { output, dataset } = this.loadedOrThrow();
      const inspected = {
        loaded: dataset,
        roles: rolesOf(output.dataset),
        warnings: [],
        summary: output.dataset,
        loadMs: 0,
      };
      const report = await redteamLoaded(inspected, [request], output.result.settings, control);
      const run = report.runs[0];
      const hash = output.dataset.datasetHash;
      if (this.redteamRuns?.datasetHash !== hash) this.redteamRuns = { datasetHash: hash, runs: [] };
      this.redteamRuns.runs.push(auditRedTeamOf(run));
      return {
        spec: run.spec,
        description: run.description,
        plantedCount: run.plantedCount,
        notes: run.notes,
        score: run.score,
        scanMs: run.scanMs,
      };
    });
  }

  /**
   * Backdoor confirmation of `rows` (a selected or flagged cluster of images): reconstructs the
   * trigger, trains a probe, stamps the trigger on held-out clean images of other classes and
   * measures the attack success rate. The examples come with their pixels before and after.
   */
  async confirmBackdoor(rows: number[], onProgress?: (p: Progress) => void): Promise<ConfirmView> {
    return this.runLoaded('backdoor confirmation', onProgress, async (control) => {
      const { output, dataset } = this.loadedOrThrow();
      const confirmation = await confirmLoaded(dataset, rolesOf(output.dataset), rows, {}, control);
      const imageName = output.dataset.columns.find((c) => c.role === 'image')?.name;
      const column = dataset.frame.columns.find((c) => c.name === imageName);
      const t = confirmation.trigger;
      const pixels: ConfirmPixels[] = [];
      for (const ex of confirmation.examples) {
        const bytes = column?.values[ex.row];
        if (!(bytes instanceof Uint8Array)) continue;
        try {
          const img = decodeImage(bytes);
          if (img.height !== t.h || img.width !== t.w) continue;
          let data = img.data;
          if (img.channels !== t.channels) {
            if (img.channels !== 1) continue;
            data = new Float32Array(img.data.length * t.channels);
            for (let i = 0; i < img.data.length; i++)
              data.fill(img.data[i], i * t.channels, (i + 1) * t.channels);
          }
          const after = stampTrigger(data, [t.h, t.w, t.channels], [0], t);
          pixels.push({ row: ex.row, h: t.h, w: t.w, channels: t.channels, before: data, after });
        } catch {
          // An undecodable example has no picture; its numbers stand.
        }
      }
      return { ...confirmation, pixels };
    });
  }

  /**
   * Loads `files` as the vetted reference version and diffs it against the current dataset (the
   * candidate), marking the added and changed rows the current scan flags. Kept for the audit.
   */
  async diffWith(files: FileInput[], onProgress?: (p: Progress) => void): Promise<FlaggedDiff> {
    const { output, dataset } = this.loadedOrThrow();
    return this.run('diff', files, onProgress, async (sources, control) => {
      const reference = await loadAndInfer(sources, {}, control);
      const current = rolesOf(output.dataset);
      // Columns the versions share keep the roles of the current scan; a singular role (label, id…)
      // taken by a shared column is not given to a column only the reference has.
      const roles: Roles = {};
      const names = reference.loaded.frame.columns.map((c) => c.name);
      for (const n of names) roles[n] = current[n] ?? reference.roles[n];
      const singular = new Set(['id', 'label', 'annotator', 'image', 'embedding']);
      for (const n of names) {
        if (n in current || !singular.has(roles[n])) continue;
        if (names.some((m) => m in current && current[m] === roles[n])) roles[n] = 'ignore';
      }
      const diff = diffDatasets({ loaded: reference.loaded, roles }, { loaded: dataset, roles: current });
      const flagged = flagChanges(diff, output.result);
      this.lastDiff = { datasetHash: output.dataset.datasetHash, diff: flagged };
      return flagged;
    });
  }

  /** diff.csv of the last diff (one line per change, with the scan's verdict). */
  async diffCsvFile(): Promise<ExportFile> {
    const output = this.lastOutput;
    if (!output || this.lastDiff?.datasetHash !== output.dataset.datasetHash)
      throw new Error('no diff to export');
    const base = output.dataset.name.replace(/\.[^./]+$/, '').replace(/[^\w.-]+/g, '_') || 'dataset';
    return {
      name: `${base}-diff.csv`,
      mime: 'text/csv',
      bytes: new TextEncoder().encode(diffCsv(this.lastDiff.diff)),
      notes: [],
    };
  }

  private loadedOrThrow(): { output: ScanOutput; dataset: LoadedDataset } {
    if (!this.lastOutput || !this.lastDataset) throw new Error('scan a dataset first');
    return { output: this.lastOutput, dataset: this.lastDataset };
  }

  /** Like run(), for work on the loaded dataset (no files): busy guard, cancel, progress, errors. */
  private async runLoaded<T>(
    what: string,
    onProgress: ((p: Progress) => void) | undefined,
    body: (control: RunControl) => Promise<T>,
  ): Promise<T> {
    if (this.busy) throw new Error(`a ${this.busy} is already running`);
    this.busy = what;
    this.cancelled = false;
    try {
      await this.backend?.catch(() => undefined);
      return await body({
        onProgress: throttled(onProgress),
        isCancelled: () => this.cancelled,
        inputGraph: workerInputGraph,
      });
    } catch (e) {
      throw userError(e, what);
    } finally {
      this.busy = null;
      release(onProgress);
    }
  }

  private reviewSession(): ReviewSession {
    if (!this.review || this.review.datasetHash !== this.lastOutput?.dataset.datasetHash)
      throw new Error('no review open');
    return this.review;
  }

  /** Asks the running inspect/scan to stop at its next check. */
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

  /** Rows of the last loaded dataset, for thumbnails and the inspector. */
  async getSamples(rows: number[]): Promise<Sample[]> {
    if (!this.lastDataset) throw new Error('no dataset loaded');
    return readSamples(this.lastDataset.frame, rows, this.lastSummary);
  }

  private async run<T>(
    what: string,
    files: FileInput[],
    onProgress: ((p: Progress) => void) | undefined,
    body: (sources: SourceFile[], control: RunControl) => Promise<T>,
  ): Promise<T> {
    if (this.busy) throw new Error(`a ${this.busy} is already running`);
    if (!files.length) throw new Error('no files given');
    this.busy = what;
    this.cancelled = false;
    const name =
      files.length === 1 ? inputPath(files[0]) : `${inputPath(files[0])} (+${files.length - 1} files)`;
    try {
      await this.backend?.catch(() => undefined);

      const control: RunControl = {
        onProgress: throttled(onProgress),
        isCancelled: () => this.cancelled,
        inputGraph: workerInputGraph,
      };
      return await body(fileSources(files), control);
    } catch (e) {
      throw userError(e, name);
    } finally {
      this.busy = null;
      release(onProgress);
    }
  }
}

/** Column roles of a scanned dataset. */
function rolesOf(summary: DatasetSummary): Roles {
  return Object.fromEntries(summary.columns.map((c) => [c.name, c.role]));
}

/** A red-team run as the audit report records it. */
function auditRedTeamOf(run: {
  spec: AttackSpec;
  description: string;
  plantedCount: number;
  score: AttackScore;
  scanMs: number;
}): AuditRedTeamRun {
  const best = run.score.detectors[0];
  return {
    spec: { ...run.spec },
    description: run.description,
    planted: run.plantedCount,
    auroc: run.score.auroc,
    k: run.score.k,
    recallAtK: run.score.recallAtK,
    flagged: run.score.flagged,
    bestCheck: best ? { name: best.name, auroc: best.auroc } : null,
    scanMs: Math.round(run.scanMs),
  };
}

/** Flagged changes listed in the audit report (diff.csv has them all). */
const AUDIT_DIFF_ROWS = 200;

/** The diff as the audit report records it: counts and the changes the scan flags. */
function auditDiffOf(diff: FlaggedDiff): AuditDiff {
  const flagged: AuditDiff['flagged'] = [];
  const add = (
    change: string,
    id: string,
    r: { flagged?: boolean; suspicion?: number; reasons?: string },
  ) => {
    if (r.flagged) flagged.push({ change, id, suspicion: r.suspicion ?? 0, reasons: r.reasons ?? '' });
  };
  for (const r of diff.added) add('added', r.id, r);
  for (const r of diff.relabelled) add(`relabelled ${r.from ?? '∅'} → ${r.to ?? '∅'}`, r.id, r);
  for (const r of diff.changed) add(`changed ${r.cells.map((c) => c.column).join(', ')}`, r.id, r);
  flagged.sort((a, b) => b.suspicion - a.suspicion);
  return {
    reference: diff.reference.name,
    candidate: diff.candidate.name,
    matchedBy: diff.matchedBy,
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    relabelled: diff.relabelled.length,
    unchanged: diff.unchanged,
    flaggedChanges: diff.findings.flaggedChanges,
    unchangedFlagged: diff.findings.unchanged.flagged,
    perClass: diff.perClass.filter((c) => c.delta !== 0),
    flagged: flagged.slice(0, AUDIT_DIFF_ROWS),
  };
}

/** Closes the message channel behind a proxied callback (comlink keeps it open otherwise). */
function release(fn: unknown): void {
  const remote = fn as { [Comlink.releaseProxy]?: () => void } | undefined;
  try {
    remote?.[Comlink.releaseProxy]?.();
  } catch {
    // Already released or not a proxy.
  }
}

function throttled(fn: ((p: Progress) => void) | undefined): ((p: Progress) => void) | undefined {
  if (!fn) return undefined;
  let last = 0;
  let stage = '';
  return (p: Progress) => {
    const t = performance.now();
    if (p.stage === stage && p.fraction < 1 && t - last < PROGRESS_INTERVAL_MS) return;
    last = t;
    stage = p.stage;
    // A proxied callback returns a promise; a closed page must not break the engine.
    void Promise.resolve(fn({ stage: p.stage, fraction: p.fraction, detail: p.detail })).catch(
      () => undefined,
    );
  };
}

/**
 * One line for people: InputError -> "file: problem", CancelledError -> "cancelled", anything
 * else -> "context: first line of the message". No stack crosses the boundary.
 */
function userError(e: unknown, context: string): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  let out: Error;
  const file = (err as { file?: unknown }).file;
  if (err.name === 'InputError' && typeof file === 'string') {
    out = new Error(`${file || context}: ${firstLine(err.message)}`);
    out.name = 'InputError';
  } else if (err.name === 'CancelledError') {
    out = new Error('cancelled');
    out.name = 'CancelledError';
  } else {
    out = new Error(`${context}: ${firstLine(err.message) || err.name}`);
    out.name = 'EngineError';
  }
  out.stack = '';
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0].trim().slice(0, 300);
}

Comlink.expose(new EngineApi());
