// The whole scan, stage by stage: load -> roles -> features -> probe (K-fold) -> kNN -> detectors
// -> combined suspicion. A pure function of the input files, the settings and the seed: the CLI
// and the page call this same function. Each stage is a module of its own in ./scan/.
import { definitions } from './detect/registry';
import { definitionsWith } from './label-qa-stage';
import { loadAndInfer, type LoadedWithRoles, type ScanOutput } from './load-and-infer';
import { RULES_DEFINITION } from './rules/detector-result';
import { backendStage } from './scan/backend';
import { combineStage } from './scan/combine';
import { detectorInputs, detectorStage } from './scan/detectors';
import { featureStage } from './scan/features';
import { inputGraphStage, startInputGraphStage } from './scan/input-graph';
import { knnStage } from './scan/knn';
import { consensusStage } from './scan/label-qa';
import { loadStage } from './scan/load';
import { probeStage } from './scan/probe';
import { assembleResult } from './scan/result';
import { ruleCheckStage, rulesStage } from './scan/rules';
import { newRun, type ScanRun } from './scan/run';
import { scanSettings } from './scan-settings';
import type { RunControl, ScanSettings, SourceFile } from './types';

export { defaultSettings } from './scan-settings';
export {
  summariseFiles,
  loadAndInfer,
  summariseDataset,
  type LoadedWithRoles,
  type ScanOutput,
} from './load-and-infer';

export async function scan(
  files: SourceFile[],
  partial: Partial<ScanSettings> = {},
  control: RunControl = {},
): Promise<ScanOutput> {
  const settings = scanSettings(partial);
  return scanLoaded(await loadAndInfer(files, settings.roles, control), settings, control);
}

/** The scan of an already loaded dataset (the worker keeps it loaded for the sample viewer). */
export async function scanLoaded(
  prepared: LoadedWithRoles,
  settings: ScanSettings,
  control: RunControl = {},
): Promise<ScanOutput> {
  // Stops an off-thread input graph the scan no longer waits for (it failed or was cancelled).
  const abort = new AbortController();
  try {
    return await scanStages(prepared, newRun(settings, control, abort.signal));
  } finally {
    abort.abort();
  }
}

/** The stages in order; each is one module in ./scan/. */
async function scanStages(prepared: LoadedWithRoles, run: ScanRun): Promise<ScanOutput> {
  const n = loadStage(prepared, run);
  const featured = featureStage(prepared, run);
  const rules = rulesStage(prepared, featured, run);
  const backend = backendStage();
  const k = Math.min(run.settings.k, Math.max(0, n - 1));
  const offThread = startInputGraphStage(featured, k, run);
  const embedded = await probeStage(featured, run);
  const knn = knnStage(featured, embedded, k, run);
  const inputKnn = await inputGraphStage(featured, embedded, knn, offThread, k, run);
  const qa = consensusStage(prepared, featured, embedded, run);
  const inputs = detectorInputs(
    prepared,
    qa ? { ...featured, labels: qa.labels } : featured,
    embedded,
    knn,
    inputKnn,
  );
  const results = detectorStage(inputs, featured.features, run, !featured.embeddingOnly);
  if (qa) results.push(qa.result);
  const defs = definitionsWith(qa, rules ? [...definitions, RULES_DEFINITION] : definitions);
  if (rules) results.push(ruleCheckStage(rules, prepared, featured, embedded, run));
  const combined = combineStage(results, featured.rowErrors, n, defs);
  run.control.onProgress?.({ stage: 'done', fraction: 1 });
  const result = assembleResult(prepared, inputs, results, combined, backend, run, defs, qa);
  return { dataset: { ...prepared.summary, rowErrors: featured.rowErrors }, result };
}
