// The page's handle on the engine worker: a typed comlink proxy, plus the ability to throw the
// worker away and start a fresh one (used when a cancel is not acknowledged in time).
import * as Comlink from 'comlink';
import type { EngineApi } from '../../workers/engine.worker';

export type {
  AttackRequest,
  AttackScore,
  AttackSpec,
  BackdoorConfirmation,
  ConfirmExample,
  ConfirmPixels,
  ConfirmView,
  FlaggedDiff,
  RedteamView,
  BackendCandidate,
  BackendSelection,
  ExportFile,
  ExportKind,
  ExportOptions,
  FileInput,
  MatmulCheck,
  NamedFile,
  ReviewEdit,
  ReviewView,
  Sample,
  TriggerView,
  VerifyResult,
  ProvenanceFinding,
  RuleCounts,
  RuleCountsView,
  RuleStats,
  RuleConflict,
  AtlasTechnique,
  PageScanOutput,
  PageScanResult,
} from '../../workers/engine.worker';
export type Engine = Comlink.Remote<EngineApi>;

export interface EngineHandle {
  engine: Engine;
  /** Terminates the worker; the handle is unusable afterwards. */
  terminate(): void;
}

/** Starts the engine worker; `onError` hears about a worker that fails to load or crashes. */
export function createEngine(onError?: (message: string) => void): EngineHandle {
  const worker = new Worker(new URL('../../workers/engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'assay-engine',
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    onError?.(event.message || 'the worker script could not be loaded');
  });
  const engine = Comlink.wrap<EngineApi>(worker);
  return {
    engine,
    terminate() {
      engine[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Wraps a progress callback so it can cross into the worker. */
export function progressProxy<T extends (...args: never[]) => void>(fn: T): T & Comlink.ProxyMarked {
  return Comlink.proxy(fn);
}
