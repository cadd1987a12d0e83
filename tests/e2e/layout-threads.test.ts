// The map's layout on every core: served cross-origin isolated (as every server of the app is),
// the layout worker starts helper threads and the demo's UMAP runs on min(cores, 8) threads; the
// map settles to finite positions, with no error.
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

  it('lays the demo out on every core when the page is cross-origin isolated', async () => {
    const { page } = app();
    await page.getByTestId('demo-button').click();
    await page.waitForFunction(
      () => {
        const review = (globalThis as { assay?: { session: { scanReview: Record<string, unknown> } } }).assay
          ?.session.scanReview;
        return (
          review &&
          ((review.positions && review.layoutThreads && review.layoutEpoch === null) || review.error)
        );
      },
      null,
      { timeout: 280_000, polling: 250 },
    );
    const state = (await page.evaluate(() => {
      const review = (
        globalThis as unknown as { assay: { session: { scanReview: Record<string, unknown> } } }
      ).assay.session.scanReview;
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
    expect(state.error).toBeNull();
    expect(state.isolated).toBe(true);
    expect(state.threads).toEqual(
      state.cores >= 2 ? { count: Math.min(state.cores, 8), reason: null } : { count: 1, reason: 'one core' },
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
    expect(app().errors).toEqual([]);
  }, 300_000);
});
