// After a scan the engine worker has dropped its feature matrix (188 MB at 60k 28×28 images), but
// in an isolated page that matrix is a SharedArrayBuffer, released only when this worker's heap
// is next collected — and an idle worker may not collect for many seconds. In 2 of 15 page runs
// (bench/page-budget.ts) it was still resident when the map's layout started, and the renderer
// peaked at 732–735 MB instead of ≤ 660.
//
// A worker cannot ask for a collection, but V8 collects when the memory held by ArrayBuffers
// grows by 64 MB or more since the last collection (its external-memory trigger). A fresh
// ArrayBuffer that is never written costs no resident memory (its pages are mapped, not touched),
// so allocating one and dropping it at once triggers that collection for free. Measured in
// Chromium 156 (a worker that fills a 188 MB SharedArrayBuffer and drops it): without the prompt
// the renderer stayed at ~565 MB for the 6 s watched (4 of 4 runs); after a 64, 128 or 256 MB
// prompt it fell to ~377 MB within a second (6 of 6), the process's peak RSS unchanged; 16 MB did
// not trigger it (2 of 2).
const PROMPT_BYTES = 128 * 1024 * 1024;

/** Prompts V8 to collect this worker's heap soon (see above); the bytes it allocated; never throws. */
export function promptCollection(): number {
  try {
    return new ArrayBuffer(PROMPT_BYTES).byteLength;
  } catch {
    // No address space for it (a 32-bit or constrained browser): nothing to prompt with.
    return 0;
  }
}

/** How the collection of a scan's dropped matrices went (promptUntilCollected). */
export interface CollectionOutcome {
  prompts: number;
  /** Whether `uncollected` said no at the end (false: gave up after `tries` prompts). */
  collected: boolean;
}

/**
 * Prompts (above) until `uncollected()` says the dropped matrices are gone, at most `tries` times,
 * `everyMs` apart; the first prompt is sent at once, before this returns its promise. One prompt
 * was not always enough: in 1 of 5 page runs (bench/page-budget.ts) the renderer's RSS did not
 * fall at all in the 5 s after the result, and peaked at 730 MB as the map's layout grew.
 */
export async function promptUntilCollected(
  uncollected: () => boolean,
  { tries = 8, everyMs = 250 }: { tries?: number; everyMs?: number } = {},
): Promise<CollectionOutcome> {
  let prompts = 0;
  while (uncollected() && prompts < tries) {
    promptCollection();
    prompts++;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return { prompts, collected: !uncollected() };
}
