// The page's state for the engine's red-team mode, backdoor confirmation and dataset diff (Svelte 5
// runes). Each runs in the worker on the dataset of the current scan; results belong to that scan
// and are cleared when another scan replaces it. The worker runs one job at a time: a second one
// started meanwhile is refused with a one-line error.
import type { Progress } from '../core/types';
import {
  progressProxy,
  type AttackRequest,
  type ConfirmView,
  type Engine,
  type FileInput,
  type FlaggedDiff,
  type RedteamView,
  type PageScanOutput,
} from './engine-client';
import { session } from './session.svelte';
import { errorText } from './error-text';
import { saveFile } from './save-file';

export type LabJob = 'redteam' | 'confirm' | 'diff';

export class AttackLab {
  /** The job running in the worker, and its progress. */
  running = $state<LabJob | null>(null);
  progress = $state.raw<Progress | null>(null);
  /** One line per feature when its last run failed. */
  errors = $state<Record<LabJob, string | null>>({ redteam: null, confirm: null, diff: null });

  redteam = $state.raw<{ request: AttackRequest; view: RedteamView } | null>(null);
  /** The confirmation and the rows (the selection) it was run on. */
  confirmation = $state.raw<{ rows: number[]; view: ConfirmView } | null>(null);
  diff = $state.raw<{ name: string; view: FlaggedDiff } | null>(null);
  /** The last diff export's file name. */
  diffSaved = $state<string | null>(null);

  private output: PageScanOutput | null = null;
  private generation = 0;

  constructor(private readonly engine: () => Engine) {}

  /** Follows the page's current scan: a new one clears what was found on the last. */
  attach(output: PageScanOutput | null): void {
    if (output === this.output) return;
    this.output = output;
    this.generation++;
    this.running = null;
    this.progress = null;
    this.errors = { redteam: null, confirm: null, diff: null };
    this.redteam = null;
    this.confirmation = null;
    this.diff = null;
    this.diffSaved = null;
  }

  /** Plants `request` into a copy of the current dataset, scans it and scores the result. */
  runRedteam(request: AttackRequest): Promise<void> {
    return this.job('redteam', async (engine, onProgress, current) => {
      const view = await engine.redteam(request, onProgress);
      if (current()) this.redteam = { request, view };
    });
  }

  /** Tests the selected rows as a backdoor: trigger, attack success rate, examples. */
  confirm(rows: number[]): Promise<void> {
    return this.job('confirm', async (engine, onProgress, current) => {
      const view = await engine.confirmBackdoor(rows, onProgress);
      if (current()) this.confirmation = { rows, view };
    });
  }

  /** Loads a reference version and diffs the current dataset against it. */
  compareWith(files: FileInput[]): Promise<void> {
    if (!files.length) return Promise.resolve();
    const first = files[0];
    const name = first instanceof Blob ? first.name : (first.path ?? first.file.name);
    return this.job('diff', async (engine, onProgress, current) => {
      const view = await engine.diffWith(files, onProgress);
      if (current()) {
        this.diff = { name, view };
        this.diffSaved = null;
      }
    });
  }

  /** Asks the worker to stop the running job at its next check. */
  cancel(): void {
    if (this.running)
      void this.engine()
        .cancel()
        .catch(() => undefined);
  }

  /** Downloads diff.csv of the current diff. */
  async downloadDiff(): Promise<void> {
    try {
      const file = await this.engine().diffCsvFile();
      saveFile(file);
      this.diffSaved = file.name;
    } catch (e) {
      this.errors = { ...this.errors, diff: `Export failed: ${errorText(e)}` };
    }
  }

  private async job(
    kind: LabJob,
    body: (engine: Engine, onProgress: (p: Progress) => void, current: () => boolean) => Promise<void>,
  ): Promise<void> {
    if (this.running) {
      this.errors = { ...this.errors, [kind]: `Wait for the ${this.running} run to finish.` };
      return;
    }
    const gen = this.generation;
    const current = () => gen === this.generation;
    this.running = kind;
    this.progress = null;
    this.errors = { ...this.errors, [kind]: null };
    const onProgress = progressProxy((p: Progress) => {
      if (current() && this.running === kind) this.progress = p;
    });
    try {
      await body(this.engine(), onProgress, current);
    } catch (e) {
      if (current()) {
        const text = errorText(e);
        this.errors = { ...this.errors, [kind]: text === 'cancelled' ? 'Cancelled.' : text };
      }
    } finally {
      if (current()) {
        this.running = null;
        this.progress = null;
      }
    }
  }
}

/** The page's one attack lab, on the session's engine. */
export const lab = new AttackLab(() => session.engine);
