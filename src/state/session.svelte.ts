// Session state of the page (Svelte 5 runes): backend, dataset, progress, scan result, errors.
// The UI reads it and calls its methods. It owns the engine worker; the scan review and the attack
// lab (scan-review.svelte.ts, attack-lab.svelte.ts) call the same worker through it.
import type {
  BackendName,
  DatasetSummary,
  Progress,
  Reason,
  RoleOverrides,
  RulesText,
  UserModelFiles,
} from '../core/types';
import {
  createEngine,
  progressProxy,
  type BackendSelection,
  type EngineHandle,
  type FileInput,
  type MatmulCheck,
  type RuleCountsView,
  type Sample,
  type PageScanOutput,
} from './engine-client';
import { errorText } from './error-text';
import { measuredUpdate } from './measured-update';
import { rowId, rowReasons } from './result-rows';
import { nextTurn } from './turns';
import { ScanReview } from './scan-review.svelte';

export type BackendChoice = 'auto' | BackendName;

export const DEMO_URL = 'demo/fashion-badnets-demo.arrow';
export const DEMO_NAME = 'fashion-badnets-demo.arrow';
/** How many of the most suspicious samples the table lists. */
export const TOP_N = 50;
const START_STAGE = 'starting';
const FETCH_STAGE = 'fetching the demo';
/** A cancel the engine does not acknowledge within this time ends the worker instead. */
const CANCEL_GRACE_MS = 2500;

export interface ProgressView {
  stage: string;
  /** In [0, 1]: overall for the engine's run (the pipeline's stages share one bar). */
  fraction: number;
  detail?: string;
  /** ms timestamps (performance.now()). */
  startedAt: number;
  stageStartedAt: number;
  /** Start of the current phase (fetching the file, or the engine run), for the ETA. */
  phaseStartedAt: number;
  updatedAt: number;
  /** Seconds left, from the phase's elapsed time and the fraction done; null = unknown. */
  etaSeconds: number | null;
  cancelling: boolean;
}

export interface SuspectRow {
  row: number;
  id: string;
  label: string;
  predicted: string;
  suspicion: number;
  flagged: boolean;
  /** Natural class overlap: picked by a label check, not flagged (detect/combine.ts). */
  ambiguous: boolean;
  reasons: readonly Reason[];
}

/** ETA of the current stage from elapsed time and fraction done; null until it means something. */
export function estimateEta(elapsedMs: number, fraction: number): number | null {
  if (!(fraction > 0.02) || fraction >= 1 || elapsedMs < 500) return null;
  return (elapsedMs * (1 - fraction)) / fraction / 1000;
}

/**
 * The `n` rows with the highest suspicion, most suspicious first, and (for the suspect table's
 * collapsed section) up to `n` of the ambiguous rows, in the same ranking order.
 */
export function topSuspects(output: PageScanOutput, n = TOP_N): SuspectRow[] {
  const r = output.result;
  const name = (k: number): string => (k >= 0 && k < r.classes.length ? r.classes[k] : '—');
  // The engine ranked the rows (report/ranking.ts): no 60k-row sort on the main thread.
  const rows: number[] = [];
  let main = 0;
  let ambiguous = 0;
  for (const row of r.ranking) {
    if (main >= n && ambiguous >= n) break;
    if (r.ambiguous?.[row] === 1) {
      if (ambiguous++ < n) rows.push(row);
    } else if (main++ < n) rows.push(row);
  }
  return rows.map((row) => ({
    row,
    id: rowId(r, row),
    label: name(r.labels[row]),
    predicted: name(r.predicted[row]),
    suspicion: r.suspicion[row],
    flagged: r.flagged[row] === 1,
    ambiguous: r.ambiguous?.[row] === 1,
    reasons: rowReasons(r, row),
  }));
}

/** Reads a same-origin URL, reporting the fraction received when the size is known. */
async function fetchWithProgress(url: string, onFraction: (f: number) => void): Promise<Blob> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not be fetched (HTTP ${res.status})`);
  const total = Number(res.headers.get('content-length') ?? 0);
  if (!res.body || !total) return res.blob();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = res.body.getReader();
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    got += value.length;
    onFraction(Math.min(1, got / total));
  }
  return new Blob(chunks);
}

function isCancel(e: unknown): boolean {
  return e instanceof Error && e.name === 'CancelledError';
}

export class Session {
  backend = $state.raw<BackendSelection | null>(null);
  backendChoice = $state<BackendChoice>('auto');
  backendBusy = $state(false);
  /** The file (or first file) of the current dataset. */
  datasetName = $state<string | null>(null);
  /** The file (or first file) of the scan in progress. */
  runName = $state<string | null>(null);
  /** Loaded and roles inferred, waiting for the user to confirm the roles and scan. */
  pending = $state.raw<{ name: string; summary: DatasetSummary; files: FileInput[] } | null>(null);
  /** The rules every scan of the current dataset checks (the rule editor's; null: none). */
  rules = $state.raw<RulesText | null>(null);
  /** The user's own tfjs model for the embeddings of the next scan (null: the probe's). */
  userModel = $state.raw<UserModelFiles | null>(null);
  /** The files of the current result, for a rescan with other roles. */
  private currentFiles: FileInput[] | null = null;
  dataset = $state.raw<DatasetSummary | null>(null);
  progress = $state<ProgressView | null>(null);
  output = $state.raw<PageScanOutput | null>(null);
  suspects = $state.raw<SuspectRow[]>([]);
  /** Samples of the listed suspects, by row. */
  samples = $state.raw<Readonly<Record<number, Sample>>>({});
  /** Why the thumbnails could not be read (shown quietly under the table). */
  samplesNote = $state<string | null>(null);
  /** One line: "file: problem". Never a stack trace. */
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  /** Wall-clock time of the last finished scan in the engine, ms. */
  scanMs = $state<number | null>(null);
  /** performance.now(), ticking while a scan runs (drives elapsed and ETA). */
  now = $state(0);

  running = $derived(this.progress !== null);
  /** Map, selection, review and exports of the current result. */
  readonly scanReview = new ScanReview(() => this.engine);

  private handle: EngineHandle | null = null;
  private runId = 0;
  /** Whether the current run has reached the worker (a cancel then has to go through it). */
  private inEngine = false;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private cancelTimer: ReturnType<typeof setTimeout> | null = null;

  /** The worker's comlink proxy (started on first use). Exposed for tests and the console. */
  get engine(): EngineHandle['engine'] {
    return this.ensureEngine().engine;
  }

  private ensureEngine(): EngineHandle {
    if (!this.handle) {
      this.handle = createEngine((message) => {
        this.error = `The engine failed to start: ${message}`;
        this.stopRun();
      });
    }
    return this.handle;
  }

  /** Picks the backend: 'auto' measures and chooses; a name forces it when available. */
  async selectBackend(choice: BackendChoice = this.backendChoice): Promise<void> {
    this.backendChoice = choice;
    this.backendBusy = true;
    try {
      this.backend = await this.engine.init(choice === 'auto' ? {} : { force: choice });
    } catch (e) {
      this.error = `Backend: ${errorText(e)}`;
    } finally {
      this.backendBusy = false;
    }
  }

  /** Runs `matmulCheck` in the worker (the backend equality test uses it). */
  matmulCheck(backend: BackendName, size?: number): Promise<MatmulCheck> {
    return this.engine.matmulCheck(backend, size);
  }

  /** Fetches the bundled demo dataset from this app's own origin and scans it. */
  async openDemo(): Promise<void> {
    if (this.running) return;
    this.pending = null;
    this.rules = null;
    const id = this.beginRun(DEMO_NAME);
    this.onProgress({ stage: FETCH_STAGE, fraction: 0 });
    let file: File;
    try {
      const bytes = await fetchWithProgress(DEMO_URL, (fraction) => {
        if (id === this.runId) this.onProgress({ stage: FETCH_STAGE, fraction });
      });
      file = new File([bytes], DEMO_NAME, { type: 'application/vnd.apache.arrow.file' });
    } catch (e) {
      if (id !== this.runId) return;
      this.stopRun();
      this.error = `${DEMO_NAME}: ${errorText(e)}`;
      return;
    }
    if (id === this.runId) await this.runScan(id, [file]);
  }

  /**
   * Opens what the user dropped or picked: loads it and infers the column roles, then waits for
   * the role editor's Scan (see scanPending).
   */
  async scanFiles(files: FileInput[]): Promise<void> {
    if (this.running) {
      this.notice = 'A scan is already running: cancel it first.';
      return;
    }
    if (!files.length) {
      this.error = 'Nothing to open: the drop held no files.';
      return;
    }
    const first = files[0];
    const name = first instanceof Blob ? first.name : (first.path ?? first.file.name);
    const label = files.length > 1 ? `${name} (+${files.length - 1} files)` : name;
    const id = this.beginRun(label);
    this.pending = null;
    // Rules name the columns of the dataset they were written for.
    this.rules = null;
    this.inEngine = true;
    try {
      const onProgress = progressProxy((p: Progress) => {
        if (id === this.runId) this.onProgress(p);
      });
      const summary = await this.engine.loadSummary(files, {}, onProgress);
      if (id !== this.runId) return;
      this.stopRun();
      this.pending = { name: label, summary, files };
    } catch (e) {
      if (id !== this.runId) return;
      this.stopRun();
      if (isCancel(e)) this.notice = 'Cancelled.';
      else this.error = errorText(e);
    } finally {
      if (id === this.runId) this.inEngine = false;
    }
  }

  /** Scans the pending dataset with the roles the user confirmed. */
  async scanPending(roles: RoleOverrides): Promise<void> {
    const pending = this.pending;
    if (!pending || this.running) return;
    this.pending = null;
    const id = this.beginRun(pending.name);
    await this.runScan(id, pending.files, roles);
  }

  /**
   * The rule editor's live counts on the current scan, computed in the worker (never here): each
   * rule's coverage, agreement, contradictions and conflicts, or one line saying what is wrong.
   */
  ruleCounts(text: string): Promise<RuleCountsView> {
    return this.engine.ruleCounts(text, 'rule editor');
  }

  /** Rescans the current dataset with its roles and these rules (null: without rules). */
  async scanWithRules(text: string | null): Promise<void> {
    const output = this.output;
    if (!output || !this.currentFiles || this.running) return;
    const before = this.rules;
    this.rules = text && text.trim() ? { name: 'rule editor', text } : null;
    const id = this.beginRun(this.datasetName ?? 'dataset');
    await this.runScan(id, this.currentFiles, output.result.settings.roles);
    // A scan that failed or was cancelled leaves the result it had: and the rules it checked.
    if (this.output === output) this.rules = before;
  }

  /** Back to the current result without scanning. */
  cancelPending(): void {
    this.pending = null;
  }

  /** Shows the role editor for the current dataset, to rescan it with other roles. */
  editRoles(): void {
    if (!this.output || !this.currentFiles || this.running) return;
    this.pending = {
      name: this.datasetName ?? 'dataset',
      summary: this.output.dataset,
      files: this.currentFiles,
    };
  }

  private beginRun(name: string): number {
    const id = ++this.runId;
    this.error = null;
    this.notice = null;
    // The current result (and its review) stays on screen until the new scan succeeds: a bad
    // file or a cancel must not take away what the user was working on.
    this.runName = name;
    this.startRun();
    return id;
  }

  /** Picks model.json and its weight files (read here; they go to the worker, nowhere else). */
  async setUserModel(files: File[]): Promise<void> {
    const json = files.find((f) => f.name.endsWith('.json'));
    if (!json) {
      this.error = 'Choose the model.json file together with its weight (.bin) files.';
      return;
    }
    const weights: Record<string, Uint8Array> = {};
    for (const f of files) if (f !== json) weights[f.name] = new Uint8Array(await f.arrayBuffer());
    this.userModel = { name: json.name, json: await json.text(), weights };
  }

  private async runScan(id: number, files: FileInput[], roles: RoleOverrides = {}): Promise<void> {
    this.inEngine = true;
    const t0 = performance.now();
    try {
      const onProgress = progressProxy((p: Progress) => {
        if (id === this.runId) this.onProgress(p);
      });
      const model = this.userModel;
      const rules = this.rules ? { rules: this.rules } : {};
      const settings = model
        ? { roles, embeddingSource: 'model' as const, userModel: model, ...rules }
        : { roles, ...rules };
      const output = await this.engine.scan(files, settings, onProgress);
      // Receiving a 60k result (its structured clone) is one task; rendering it starts in the next.
      await nextTurn();
      if (id !== this.runId) return;
      this.scanMs = performance.now() - t0;
      this.datasetName = this.runName;
      this.currentFiles = files;
      this.samples = {};
      this.samplesNote = null;
      this.output = output;
      this.dataset = output.dataset;
      this.suspects = topSuspects(output);
      this.stopRun();
      void this.loadSamples(id);
      void this.scanReview.start(output);
    } catch (e) {
      if (id !== this.runId) return;
      this.stopRun();
      if (isCancel(e)) this.notice = 'Scan cancelled.';
      else this.error = errorText(e);
    } finally {
      if (id === this.runId) this.inEngine = false;
    }
  }

  /** Asks the engine to stop; if it does not within a moment, replaces the worker. */
  cancel(): void {
    if (!this.progress || this.progress.cancelling) return;
    if (!this.inEngine) {
      // Still fetching: nothing runs in the worker yet.
      this.runId += 1;
      this.stopRun();
      this.notice = 'Scan cancelled.';
      return;
    }
    this.progress.cancelling = true;
    const id = this.runId;
    void this.handle?.engine.cancel().catch(() => undefined);
    this.cancelTimer = setTimeout(() => {
      if (id !== this.runId || !this.progress) return;
      this.runId += 1;
      this.inEngine = false;
      this.handle?.terminate();
      this.handle = null;
      this.stopRun();
      this.notice = 'Scan cancelled (the engine was restarted).';
      void this.selectBackend();
    }, CANCEL_GRACE_MS);
  }

  dismissError(): void {
    this.error = null;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  private async loadSamples(id: number): Promise<void> {
    const rows = this.suspects.map((s) => s.row);
    if (!rows.length) return;
    try {
      const samples = await this.engine.getSamples(rows);
      if (id !== this.runId) return;
      measuredUpdate('samples', () => (this.samples = Object.fromEntries(samples.map((s) => [s.row, s]))));
    } catch (e) {
      if (id === this.runId) this.samplesNote = `Samples unavailable: ${errorText(e)}`;
    }
  }

  private onProgress(p: Progress): void {
    const t = performance.now();
    const prev = this.progress;
    if (!prev) return;
    const fraction = Math.min(1, Math.max(0, Number.isFinite(p.fraction) ? p.fraction : 0));
    const newStage = prev.stage !== p.stage;
    // A new phase starts when fetching ends, or when a producer restarts its fraction per stage.
    const newPhase =
      newStage &&
      (p.stage === FETCH_STAGE ||
        prev.stage === FETCH_STAGE ||
        prev.stage === START_STAGE ||
        fraction < prev.fraction - 0.01);
    const phaseStartedAt = newPhase ? t : prev.phaseStartedAt;
    this.progress = {
      ...prev,
      stage: p.stage,
      fraction,
      detail: p.detail,
      stageStartedAt: newStage ? t : prev.stageStartedAt,
      phaseStartedAt,
      updatedAt: t,
      etaSeconds: estimateEta(t - phaseStartedAt, fraction),
    };
    this.now = t;
  }

  private startRun(): void {
    const t = performance.now();
    this.now = t;
    this.progress = {
      stage: START_STAGE,
      fraction: 0,
      startedAt: t,
      stageStartedAt: t,
      phaseStartedAt: t,
      updatedAt: t,
      etaSeconds: null,
      cancelling: false,
    };
    this.ticker ??= setInterval(() => (this.now = performance.now()), 500);
  }

  private stopRun(): void {
    this.progress = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    if (this.cancelTimer) clearTimeout(this.cancelTimer);
    this.cancelTimer = null;
  }
}

export const session = new Session();
