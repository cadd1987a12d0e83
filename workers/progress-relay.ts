// Progress from the engine to the page through a proxied comlink callback: thinned out so the page
// is not flooded, and released afterwards so the message channel closes.
import * as Comlink from 'comlink';
import type { Progress } from '../src/core/types';

/** Forward at most this often (ms), except stage changes and completion. */
const PROGRESS_INTERVAL_MS = 50;

/** Closes the message channel behind a proxied callback (comlink keeps it open otherwise). */
export function release(fn: unknown): void {
  const remote = fn as { [Comlink.releaseProxy]?: () => void } | undefined;
  try {
    remote?.[Comlink.releaseProxy]?.();
  } catch {
    // Already released or not a proxy.
  }
}

/** `fn` thinned out to one call per PROGRESS_INTERVAL_MS, except stage changes and completion. */
export function throttled(fn: ((p: Progress) => void) | undefined): ((p: Progress) => void) | undefined {
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
