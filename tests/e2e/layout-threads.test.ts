// The map's layout on the cores: served cross-origin isolated (as every server of the app is), the
// layout worker starts helper threads — as many as asked (2 here), by default one per core
// (workers/layout-threads.ts) — and the map settles to finite positions, with no error.
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

interface LayoutState {
  isolated: boolean;
  cores: number;
  threads: { count: number; reason: string | null } | null;
  settled: boolean;
  finite: boolean;
  n: number;
  error: string | null;
}

describe('map layout threads', () => {
  const app = useApp('test');

  it('lays the demo out on helper threads when the page is cross-origin isolated', async () => {
    const { page } = app();
    await page.waitForFunction(() => (globalThis as { assay?: unknown }).assay !== undefined);
    await page.evaluate(() => {
      (
        globalThis as unknown as { assay: { session: { scanReview: { layoutThreadsWanted?: number } } } }
      ).assay.session.scanReview.layoutThreadsWanted = 2;
    });
    await page.getByTestId('demo-button').click();
    await settled(page);
    const state = await layoutState(page);
    expect(state.error).toBeNull();
    expect(state.isolated).toBe(true);
    expect(state.threads).toEqual(
      state.cores >= 2 ? { count: 2, reason: null } : { count: 1, reason: 'one core' },
    );
    expect(state.settled).toBe(true);
    expect(state.finite).toBe(true);
    expect(state.n).toBe(
      await page.evaluate(
        () =>
          (globalThis as unknown as { assay: { session: { scanReview: { rowCount: number } } } }).assay
            .session.scanReview.rowCount,
      ),
    );

    // By default one thread per core: the same layout again, asked for nothing.
    await page.evaluate(() => {
      const { session } = (
        globalThis as unknown as {
          assay: {
            session: {
              output: unknown;
              scanReview: { layoutThreadsWanted?: number; start(o: unknown): Promise<void> };
            };
          };
        }
      ).assay;
      session.scanReview.layoutThreadsWanted = undefined;
      void session.scanReview.start(session.output);
    });
    await settled(page);
    const again = await layoutState(page);
    expect(again.error).toBeNull();
    const count = Math.max(1, Math.min(again.cores, 8));
    expect(again.threads).toEqual(count >= 2 ? { count, reason: null } : { count: 1, reason: 'one core' });
    expect(again.finite).toBe(true);
    expect(app().errors).toEqual([]);
  }, 300_000);
});

/** Waits until the map's layout has settled (or failed). */
async function settled(page: import('playwright-core').Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const review = (globalThis as { assay?: { session: { scanReview: Record<string, unknown> } } }).assay
        ?.session.scanReview;
      return (
        review && ((review.positions && review.layoutThreads && review.layoutEpoch === null) || review.error)
      );
    },
    null,
    { timeout: 280_000, polling: 250 },
  );
}

async function layoutState(page: import('playwright-core').Page): Promise<LayoutState> {
  return (await page.evaluate(() => {
    const review = (globalThis as unknown as { assay: { session: { scanReview: Record<string, unknown> } } })
      .assay.session.scanReview;
    const positions = review.positions as Float32Array;
    return {
      isolated: globalThis.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
      threads: review.layoutThreads,
      settled: review.layoutEpoch === null,
      finite: positions.every(Number.isFinite),
      n: positions.length / 2,
      error: review.error as string | null,
    };
  })) as LayoutState;
}
