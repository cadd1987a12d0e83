// A stand-in for src/core/pipeline used only by the UI contract test (ui-contract.test.ts): the real
// data loader and role inference, then a slow, cancellable fake of the model stages and a
// deterministic ScanOutput. It lets the page's progress, ETA, cancel, error and results paths be
// tested in a real browser independently of the engine. Same exports as the real module.
import { suspicionRanking } from '../../../src/core/report/ranking';
import { loadAndInfer, type LoadedWithRoles, type ScanOutput } from '../../../src/core/load-and-infer';
import { defaultSettings } from '../../../src/core/scan-settings';
import {
  CancelledError,
  type RunControl,
  type ScanResult,
  type ScanSettings,
  type SourceFile,
} from '../../../src/core/types';

// Loading and role inference are the real ones; only the model stages are faked.
export { defaultSettings } from '../../../src/core/scan-settings';
export {
  summariseFiles,
  loadAndInfer,
  type LoadedWithRoles,
  type ScanOutput,
} from '../../../src/core/load-and-infer';

/** How long the fake model stages take in total (ms). */
const FAKE_MS = 4000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function scan(
  files: SourceFile[],
  settings: Partial<ScanSettings> = {},
  control: RunControl = {},
): Promise<ScanOutput> {
  const full: ScanSettings = { ...defaultSettings, ...settings, roles: { ...settings.roles } };
  return scanLoaded(await loadAndInfer(files, full.roles, control), full, control);
}

/** Fake model stages: progress is overall (cumulative over stages), like the real pipeline's. */
export async function scanLoaded(
  prepared: LoadedWithRoles,
  settings: ScanSettings,
  control: RunControl = {},
): Promise<ScanOutput> {
  const { loaded: ds, summary: dataset } = prepared;
  const label = dataset.columns.find((c) => c.role === 'label')?.name;
  const id = dataset.columns.find((c) => c.role === 'id')?.name;
  const n = ds.frame.numRows;
  const col = (name: string | undefined) => ds.frame.columns.find((c) => c.name === name)?.values;
  const labelValues = col(label);
  const idValues = col(id);
  const names = Array.from({ length: n }, (_, i) => String(labelValues?.[i] ?? ''));
  const classes = [...new Set(names.filter(Boolean))].sort();
  const timings: Record<string, number> = { load: prepared.loadMs };

  const stages = ['features', 'probe', 'knn', 'detectors'];
  const steps = 20;
  for (const [k, stage] of stages.entries()) {
    const s0 = performance.now();
    for (let i = 0; i <= steps; i++) {
      if (control.isCancelled?.()) throw new CancelledError();
      control.onProgress?.({
        stage,
        fraction: (k + i / steps) / stages.length,
        detail: `step ${i} of ${steps}`,
      });
      if (i < steps) await sleep(FAKE_MS / stages.length / steps);
    }
    timings[stage] = performance.now() - s0;
  }
  const labels = Int32Array.from(names, (v) => classes.indexOf(v));
  const suspicion = new Float32Array(n).map((_, i) => ((i * 2654435761) % 1000) / 1000);
  const flagged = suspicion.map((s) => (s > 0.95 ? 1 : 0));
  const result: ScanResult = {
    n,
    ids: Array.from({ length: n }, (_, i) => String(idValues?.[i] ?? i)),
    classes,
    labels,
    predicted: labels.map((l, i) => (i % 7 === 0 ? (l + 1) % Math.max(1, classes.length) : l)),
    probs: new Float32Array(0),
    embeddings: new Float32Array(0),
    dim: 0,
    knn: { k: 0, indices: new Int32Array(0), distances: new Float32Array(0) },
    detectors: [],
    detectorInfo: [],
    suspicion,
    ranking: suspicionRanking(suspicion),
    flagged: Uint8Array.from(flagged),
    reasons: Array.from(flagged, (f) =>
      f ? [{ detector: 'fake', tag: 'fake', text: 'high suspicion' }] : [],
    ),
    annotators: [],
    perClass: [],
    backend: 'wasm',
    settings,
    timings,
    warnings: ['fake pipeline (UI contract test)'],
  };
  return { dataset, result };
}
