// npx tsx bench/map-offscreen.ts — the map drawn in a worker (OffscreenCanvas) against the
// main-thread fallback (`map-thread=main`), same build, same session, runs interleaved:
//   scan: a 60k scan (../shared/datasets/fashion-60k) handed to the page's session, as
//         bench/scan.ts's browser part does, then the main thread's long tasks (PerformanceObserver
//         'longtask', over 50 ms) in the `--window` ms after the result, while the panels mount
//         and the map draws the streaming layout; a fresh browser profile each run.
//   map:  the map bench page (?bench=map, src/ui/map/MapBench.svelte) at each `--n`: full redraws,
//         zoom steps and frame intervals, plus the main thread's long tasks meanwhile.
// Writes bench/results/map-offscreen.json and prints a summary. Needs `npm run build:test`.
//   npx tsx bench/map-offscreen.ts [--only scan,map] [--runs 3] [--window 5000]
//                                  [--n 200000,1000000] [--renderer canvas] [--frames 20]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg, round } from './common';
import { LONG_TASKS, openApp, routeData, servePreview, WAIT_FOR_WASM, withChromium } from './page-harness';

const DATA = path.resolve(arg('data') ?? '../shared/datasets/fashion-60k/data.arrow');
const only = (arg('only') ?? 'scan,map').split(',');
const runs = Number(arg('runs') ?? 3);
const windowMs = Number(arg('window') ?? 5000);
const sizes = (arg('n') ?? '200000,1000000').split(',').map(Number);
const renderer = arg('renderer') ?? 'canvas';
const frames = Number(arg('frames') ?? 20);
const MODES = ['main', 'worker'] as const;
type Mode = (typeof MODES)[number];
const query = (mode: Mode) => (mode === 'main' ? '&map-thread=main' : '');

const loadavg = () => os.loadavg().map((v) => round(v, 2));

interface Task {
  start: number;
  duration: number;
}
const summary = (list: Task[]) => ({
  count: list.length,
  over100: list.filter((t) => t.duration > 100).length,
  maxMs: Math.round(Math.max(0, ...list.map((t) => t.duration))),
  totalMs: Math.round(list.reduce((s, t) => s + t.duration, 0)),
  longest: [...list]
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 6)
    .map((t) => Math.round(t.duration)),
});

/** Runs in the page: waits for the backend, scans the file, then watches `windowMs` after the result. */
const PAGE_SCAN = `async ({ url, name, windowMs }) => {
  ${WAIT_FOR_WASM}
  const bytes = await (await fetch(url)).arrayBuffer();
  const t0 = performance.now();
  await session.scanFiles([new File([bytes], name)]);
  if (session.pending) await session.scanPending({});
  const resultAt = performance.now();
  await new Promise((r) => setTimeout(r, windowMs));
  const map = document.querySelector('[data-testid="scatter-map"]');
  return {
    error: session.error,
    n: session.output ? session.output.result.n : 0,
    scanMs: resultAt - t0,
    after: globalThis.__longTasks.filter((t) => t.start >= resultAt && t.start < resultAt + windowMs),
    during: globalThis.__longTasks.filter((t) => t.start >= t0 && t.start < resultAt),
    renderPath: map ? map.getAttribute('data-render-path') : null,
    frames: map ? Number(map.getAttribute('data-frames')) : 0,
  };
}`;

const server = await servePreview('config');
const origin = server.origin;

const scanRuns: Record<string, unknown>[] = [];
const mapRuns: Record<string, unknown>[] = [];
try {
  if (only.includes('scan')) {
    for (let run = 1; run <= runs; run++) {
      // Alternate which mode goes first, so a drift in the machine's load favours neither.
      const order = run % 2 ? MODES : ([...MODES].reverse() as Mode[]);
      for (const mode of order) {
        const load = loadavg();
        const r = await withChromium(
          async ({ page }) => {
            const dataUrl = await routeData(page, origin, DATA);
            await openApp(page, origin, query(mode).slice(1));
            return (await page.evaluate(
              `(${PAGE_SCAN})(${JSON.stringify({ url: dataUrl, name: path.basename(DATA), windowMs })})`,
            )) as {
              error: string | null;
              n: number;
              scanMs: number;
              after: Task[];
              during: Task[];
              renderPath: string;
              frames: number;
            };
          },
          { initScript: LONG_TASKS },
        );
        if (r.error) throw new Error(`scan failed (${mode}): ${r.error}`);
        const row = {
          run,
          mode,
          renderPath: r.renderPath,
          n: r.n,
          scanMs: Math.round(r.scanMs),
          framesDrawnInWindow: r.frames,
          loadavgAtStart: load,
          afterResult: summary(r.after),
          during: summary(r.during),
        };
        scanRuns.push(row);
        console.log(
          `scan run ${run} ${mode.padEnd(6)} (${r.renderPath}): scan ${(r.scanMs / 1000).toFixed(1)} s; ` +
            `after the result (${windowMs} ms): ${row.afterResult.count} long tasks, longest ${row.afterResult.maxMs} ms ` +
            `[${row.afterResult.longest.join(', ')}], total ${row.afterResult.totalMs} ms; load ${load[0]}`,
        );
      }
    }
  }
  if (only.includes('map')) {
    await withChromium(
      async ({ page }) => {
        for (const n of sizes) {
          for (const mode of MODES) {
            await page.goto(`${origin}?bench=map&n=${n}&renderer=${renderer}&runs=${frames}${query(mode)}`);
            await page.waitForFunction(
              () => (globalThis as { __mapBench?: unknown }).__mapBench !== undefined,
              null,
              {
                timeout: 600_000,
              },
            );
            const r = (await page.evaluate(() => ({
              bench: (globalThis as { __mapBench?: Record<string, unknown> }).__mapBench!,
              tasks: (globalThis as unknown as { __longTasks: Task[] }).__longTasks,
            }))) as { bench: Record<string, unknown> & { error?: string }; tasks: Task[] };
            if (r.bench.error) throw new Error(`map bench n=${n} ${mode}: ${r.bench.error}`);
            // The main thread's long tasks while the bench timed (the synthetic data's generation before it left out).
            const from = Number(r.bench.benchStartMs);
            const to = Number(r.bench.benchEndMs);
            const row = {
              mode,
              loadavg: loadavg(),
              ...r.bench,
              mainThreadLongTasksWhileTimed: summary(r.tasks.filter((t) => t.start >= from && t.start < to)),
            };
            mapRuns.push(row);
            const st = (k: string) =>
              (r.bench[k] as { median: number; p95: number }) ?? { median: NaN, p95: NaN };
            console.log(
              `map n=${String(n).padStart(8)} ${mode.padEnd(6)} (${String(r.bench.renderPath)}): ` +
                `redraw ${st('redrawMs').median} ms (p95 ${st('redrawMs').p95}; main thread ${st('redrawMainThreadMs').median}) · ` +
                `zoom ${st('zoomMs').median} ms (main ${st('zoomMainThreadMs').median}) · ` +
                `frame interval ${st('frameMs').median} ms (p95 ${st('frameMs').p95}), ${String(r.bench.framesDrawnWhileZooming)} drawn · ` +
                `generate ${String(r.bench.generateMs)} ms`,
            );
          }
        }
      },
      { initScript: LONG_TASKS },
    );
  }
} finally {
  await server.close().catch(() => undefined);
}

const out = {
  benchmark: 'map-offscreen',
  date: new Date().toISOString(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavgAtEnd: loadavg(),
  },
  command: `npx tsx bench/map-offscreen.ts ${process.argv.slice(2).join(' ')}`.trim(),
  modes: {
    main: 'the main-thread renderer (?map-thread=main)',
    worker: 'the map drawn in a worker (OffscreenCanvas)',
  },
  scan: scanRuns.length
    ? { dataset: path.relative(process.cwd(), DATA), windowMs, runs: scanRuns }
    : undefined,
  map: mapRuns.length ? { renderer, frames, runs: mapRuns } : undefined,
};
const dir = path.resolve('bench/results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, arg('out') ?? 'map-offscreen.json');
fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}`);
