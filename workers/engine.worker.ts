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
  RunControl,
  ScanSettings,
  SourceFile,
} from '../src/core/types';
import { fileSources, inputPath, type FileInput } from './file-source';
import { readSamples, type Sample } from './samples';

export type { BackendSelection, BackendCandidate, MatmulCheck } from '../src/core/model/backend';
export type { ScanOutput } from '../src/core/pipeline';
export type { FileInput, NamedFile } from './file-source';
export type { Sample } from './samples';

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

  /** Selects (and measures) the tfjs backend; `force` is the user's choice, honoured when available. */
  async init(opts: { force?: BackendName } = {}): Promise<BackendSelection> {
    if (this.busy) throw new Error(`cannot switch backends while ${this.busy} is running`);
    const pending = selectBackend({ force: opts.force, wasmPaths: WASM_PATHS });
    this.backend = pending;
    try {
      return await pending;
    } catch (e) {
      this.backend = null;
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
      this.keep(inspected.loaded, inspected.summary);
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
      // Loaded here rather than inside scan() so the frame stays for getSamples.
      const inspected = await loadAndInfer(sources, full.roles, control);
      this.keep(inspected.loaded, inspected.summary);
      return scanLoaded(inspected, full, control);
    });
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

  private keep(dataset: LoadedDataset, summary: DatasetSummary): void {
    this.lastDataset = dataset;
    this.lastSummary = summary;
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
      this.lastDataset = null;
      this.lastSummary = null;
      const control: RunControl = {
        onProgress: throttled(onProgress),
        isCancelled: () => this.cancelled,
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
