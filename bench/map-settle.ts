// npx tsx bench/map-settle.ts [--data FILE] [--runs 1]
//
// How long the page's map takes to settle after a scan result, with and without cross-origin
// isolation: isolated, the layout's UMAP runs on every core (umap-threads.ts); not isolated, on
// one. Each mode scans the same file through the page's session (as a drop does, wasm backend),
// then times from the result to the layout's last epoch. The build is dist-test (the test hook
// drives the page); each mode gets its own server (with or without COOP/COEP) and browser.
// Writes bench/results/map-settle.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, round } from './common';
import { openApp, routeData, servePreview, WAIT_FOR_WASM, withChromium } from './page-harness';

const DATA = path.resolve(arg('data') ?? '../shared/datasets/fashion-60k/data.arrow');
const RUNS = Number(arg('runs') ?? 1);
const OUT = path.resolve('bench/results/map-settle.json');

/** Runs in the page (as text, see bench/scan.ts): scan, then wait for the final layout. */
const PAGE_RUN = `async ({ url, name }) => {
  ${WAIT_FOR_WASM}
  const bytes = await (await fetch(url)).arrayBuffer();
  const t0 = performance.now();
  await session.scanFiles([new File([bytes], name)]);
  if (session.pending) await session.scanPending({});
  const result = performance.now();
  const review = session.scanReview;
  let firstPositions = null;
  while (!review.positions) await new Promise((r) => setTimeout(r, 10));
  firstPositions = performance.now() - result;
  while (review.layoutEpoch !== null || !review.layoutThreads) {
    if (review.error) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    error: session.error || review.error,
    n: review.rowCount,
    scanMs: result - t0,
    firstPositionsMs: firstPositions,
    settledMs: performance.now() - result,
    threads: review.layoutThreads,
    isolated: globalThis.crossOriginIsolated,
  };
}`;

interface PageRun {
  error: string | null;
  n: number;
  scanMs: number;
  firstPositionsMs: number;
  settledMs: number;
  threads: { count: number; reason: string | null } | null;
  isolated: boolean;
}

async function runMode(isolated: boolean): Promise<PageRun> {
  // No config file: the headers are exactly this mode's.
  const server = await servePreview(isolated ? 'isolated' : 'none');
  try {
    return await withChromium(async ({ page }) => {
      const url = await routeData(page, server.origin, DATA);
      await openApp(page, server.origin);
      const args = { url, name: path.basename(DATA) };
      return (await page.evaluate(`(${PAGE_RUN})(${JSON.stringify(args)})`)) as PageRun;
    });
  } finally {
    await server.close();
  }
}

const load0 = os.loadavg();
const runs: (PageRun & { mode: string })[] = [];
for (let r = 0; r < RUNS; r++)
  for (const isolated of [true, false]) {
    const run = await runMode(isolated);
    if (run.error)
      throw new Error(`the page failed (${isolated ? 'isolated' : 'not isolated'}): ${run.error}`);
    runs.push({ mode: isolated ? 'isolated' : 'not isolated', ...run });
    console.error(
      `${isolated ? 'isolated    ' : 'not isolated'}: n ${run.n}, scan ${(run.scanMs / 1000).toFixed(1)} s, ` +
        `map settled ${(run.settledMs / 1000).toFixed(1)} s after the result on ${run.threads?.count} thread(s)` +
        (run.threads?.reason ? ` (${run.threads.reason})` : ''),
    );
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const settled = (mode: string) => median(runs.filter((r) => r.mode === mode).map((r) => r.settledMs));
const report = {
  benchmark: 'map-settle',
  date: new Date().toISOString(),
  cores: os.cpus().length,
  loadavg: { start: load0, end: os.loadavg() },
  dataset: path.relative(process.cwd(), DATA),
  runs: runs.map((r) => ({
    ...r,
    scanMs: round(r.scanMs),
    firstPositionsMs: round(r.firstPositionsMs),
    settledMs: round(r.settledMs),
  })),
  medianSettledMs: { isolated: round(settled('isolated')), notIsolated: round(settled('not isolated')) },
  speedup: round(settled('not isolated') / settled('isolated'), 2),
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify(report, null, 2) + '\n');
console.error(`settled ${report.speedup}× sooner isolated; wrote ${path.relative('.', OUT)}`);
