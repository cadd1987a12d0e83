// npx tsx bench/million.ts [--rows N] [--file F] [--page]
// A million rows of embeddings (issue 17 part 4): the Parquet file an embedding job writes
// (scripts/make-embeddings-dataset.ts: 1,000,000 × 384 float32, 10 classes, a planted 0.5 %
// backdoor-like group), generated when missing (cached under bench/results/.cache/datasets), then
//   load:  the loader alone in a child process (time, peak RSS);
//   scan:  `assay scan FILE` in a child process (per-stage times from report.json, CPU, peak RSS);
//   score: AUROC of suspicion and of each detector's score against the planted group, recall in
//          the top m (m = the group's size), flagged, and how many flagged rows are planted.
// --page also loads and scans the file in the page's engine worker (dist-test build, Chromium),
// recording the renderer's peak RSS, then waits for the map's layout of every row (first positions,
// last epoch; --layout-ms caps the wait, default 30 min, 0 skips it); --page-only does only that
// (→ million-page.json).
// Writes bench/results/million.json.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auroc } from '../src/core/redteam/ranking-metrics';
import { defaultEmbeddingsPath, type EmbeddingsTruth } from '../scripts/make-embeddings-dataset';
import { arg, peakRssMb, round } from './common';
import {
  openApp,
  rendererPeakMb,
  sampleRendererRss,
  servePreview,
  WAIT_FOR_WASM,
  withChromium,
} from './page-harness';

const ROWS = Number(arg('rows') ?? 1_000_000);
const FILE = path.resolve(arg('file') ?? defaultEmbeddingsPath(ROWS));
const RESULTS = path.resolve('bench/results');
/** How long the page bench waits for the map's layout after the scan (ms; 0: not at all). */
const LAYOUT_MS = Number(arg('layout-ms') ?? 30 * 60_000);
const self = fileURLToPath(import.meta.url);
const loadavg = () => os.loadavg().map((v) => round(v, 2));

// ---- children: the loader alone; the CLI's main() -------------------------------------------------
if (process.argv.includes('--child-load')) {
  const { sourceFromPath } = await import('../src/core/data/node-source');
  const { loadAndInfer } = await import('../src/core/load-and-infer');
  const t0 = performance.now();
  const prepared = await loadAndInfer([sourceFromPath(FILE)]);
  const loadMs = performance.now() - t0;
  const emb = prepared.loaded.frame.columns.find((c) => c.type === 'vector');
  const first = emb?.values[0] as Float32Array | undefined;
  console.log(
    JSON.stringify({
      loadMs,
      peakRssMb: peakRssMb(),
      rows: prepared.loaded.frame.numRows,
      roles: prepared.roles,
      dim: first?.length ?? 0,
      // Every row's vector is a view of one Float32Array (rows × dim).
      oneBuffer: !!first && first.buffer.byteLength >= prepared.loaded.frame.numRows * first.length * 4,
    }),
  );
  process.exit(0);
}
if (process.argv.includes('--child-scan')) {
  const { main } = await import('../cli/main');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await main(['scan', FILE, '--out', arg('out')!, '--fail-on', 'none', '--quiet']);
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      code,
      wallMs: performance.now() - t0,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: peakRssMb(),
    }),
  );
  process.exit(0);
}

/** Runs this script with `args` in a child; its last stdout line (JSON) and RSS samples. */
async function child(args: string[]): Promise<{ stats: Record<string, unknown>; rss: number[] }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [...process.execArgv, self, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (b: Buffer) => (stdout += b));
  proc.stderr.on('data', (b: Buffer) => {
    stderr += b;
    for (const line of b.toString().split('\n')) if (/ 0%$/.test(line)) console.error(`  ${line}`);
  });
  const rss: number[] = [];
  const sampler = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'));
      if (m) rss.push(Math.round(Number(m[1]) / 1024));
    } catch {
      // gone
    }
  }, 1000);
  const status = await new Promise<number>((resolve) => proc.on('close', (c) => resolve(c ?? -1)));
  clearInterval(sampler);
  if (status !== 0) throw new Error(`child ${args.join(' ')} failed (${status}): ${stderr.slice(-2000)}`);
  const stats = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  return { stats: { ...stats, outerMs: round(performance.now() - t0) }, rss };
}

/** scores.csv → per-column scores (suspicion, flagged, each detector). Ids are row indices here. */
function readScores(file: string): { header: string[]; cols: Float64Array[]; ids: Int32Array } {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const n = lines.length - 1 - (lines[lines.length - 1] === '' ? 1 : 0);
  const cols = header.map(() => new Float64Array(n));
  const ids = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1].split(',');
    ids[r] = Number(cells[0]);
    for (let c = 3; c < header.length - 1; c++) cols[c][r] = Number(cells[c]);
  }
  return { header, cols, ids };
}

function score(out: string, truth: EmbeddingsTruth) {
  const { header, cols, ids } = readScores(path.join(out, 'scores.csv'));
  const n = ids.length;
  const planted = new Uint8Array(n);
  const poisoned = new Set(truth.poisoned);
  for (let r = 0; r < n; r++) planted[r] = poisoned.has(ids[r]) ? 1 : 0;
  const m = truth.poisoned.length;
  const col = (name: string) => cols[header.indexOf(name)];
  const suspicion = col('suspicion');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => suspicion[b] - suspicion[a]);
  let hits = 0;
  for (let t = 0; t < m; t++) hits += planted[order[t]];
  const flaggedCol = col('flagged');
  let flagged = 0;
  let flaggedPlanted = 0;
  for (let r = 0; r < n; r++)
    if (flaggedCol[r] === 1) {
      flagged++;
      flaggedPlanted += planted[r];
    }
  const detectors: Record<string, number | null> = {};
  for (let c = header.indexOf('ambiguous') + 1; c < header.length - 1; c++)
    detectors[header[c]] = round(auroc(cols[c], planted) ?? NaN, 4);
  return {
    planted: m,
    auroc: round(auroc(suspicion, planted) ?? NaN, 4),
    recallAtM: round(hits / m, 4),
    flagged,
    flaggedPlanted,
    detectorAuroc: detectors,
  };
}

/**
 * The page's side of the page bench: drop the file, scan, report; then (unless `layoutMs` is 0)
 * wait up to `layoutMs` for the map's layout: its first positions and its last epoch.
 */
const PAGE_SCAN = `async ({ url, name, layoutMs }) => {
  ${WAIT_FOR_WASM}
  const blob = await (await fetch(url)).blob();
  const file = new File([blob], name);
  const t0 = performance.now();
  await session.scanFiles([file]);
  const loadEnd = performance.now();
  if (session.pending) await session.scanPending({});
  const scanEnd = performance.now();
  const output = session.output;
  const review = session.scanReview;
  let firstPositionsMs = null;
  let layoutSettledMs = null;
  let layoutEpoch = null;
  if (layoutMs > 0 && review && !session.error) {
    while (performance.now() - scanEnd < layoutMs && !review.error) {
      if (firstPositionsMs === null && review.positions) firstPositionsMs = performance.now() - scanEnd;
      if (review.positions && review.layoutEpoch === null && review.layoutThreads) {
        layoutSettledMs = performance.now() - scanEnd;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    layoutEpoch = review.layoutEpoch;
  }
  return {
    error: session.error || (review && review.error) || null,
    n: output ? output.result.n : 0,
    loadMs: loadEnd - t0,
    scanMs: scanEnd - t0,
    timings: output ? output.result.timings : {},
    flagged: output ? output.result.flagged.reduce((a, b) => a + b, 0) : null,
    layout: layoutMs > 0
      ? { firstPositionsMs, settledMs: layoutSettledMs, epochAtEnd: layoutEpoch, threads: review ? review.layoutThreads : null }
      : undefined,
  };
}`;

/** The file dropped on the page (dist-test build) and scanned in its engine worker. */
async function benchPage(): Promise<Record<string, unknown>> {
  // Served by the preview server from dist-test/ (a link to the file): page.route would pass the
  // body through the DevTools protocol as one base64 string, over V8's string limit past ~380 MB.
  const served = path.resolve('dist-test/__bench__', path.basename(FILE));
  fs.mkdirSync(path.dirname(served), { recursive: true });
  fs.rmSync(served, { force: true });
  try {
    fs.linkSync(FILE, served);
  } catch {
    fs.copyFileSync(FILE, served);
  }
  const server = await servePreview('config');
  try {
    return await withChromium(async ({ context, page, profile, errors }) => {
      const sampler = sampleRendererRss(profile, 2000);
      try {
        await openApp(page, server.origin);
        const t0 = performance.now();
        const result = (await page.evaluate(
          `(${PAGE_SCAN})(${JSON.stringify({ url: `${server.origin}__bench__/${path.basename(FILE)}`, name: path.basename(FILE), layoutMs: LAYOUT_MS })})`,
        )) as Record<string, unknown>;
        const samples = sampler.stop();
        return {
          ...result,
          wallMs: round(performance.now() - t0),
          rendererPeakRssMb: rendererPeakMb(profile),
          rendererRssMaxSampledMb: Math.max(0, ...samples.map((x) => x.mb)),
          browser: context.browser()?.version() ?? 'chromium',
          errors,
        };
      } catch (e) {
        sampler.stop();
        return { error: String(e), rendererPeakRssMb: rendererPeakMb(profile), errors };
      }
    });
  } finally {
    await server.close();
    fs.rmSync(path.dirname(served), { recursive: true, force: true });
  }
}

const isSubStep = (k: string) => k.startsWith('probe: ') || k.startsWith('input graph: ');

async function pageOnly(): Promise<void> {
  console.error(`million: scanning ${FILE} in the page (dist-test, Chromium, wasm)…`);
  const page = {
    date: new Date().toISOString(),
    loadavg: loadavg(),
    file: path.relative(process.cwd(), FILE),
    ...(await benchPage()),
  };
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'million-page.json'), JSON.stringify(page, null, 2) + '\n');
  console.log(JSON.stringify(page, null, 2));
}

async function run(): Promise<void> {
  const started = new Date().toISOString();
  const load0 = loadavg();
  let generate: Record<string, unknown> | null = null;
  if (!fs.existsSync(FILE) || !fs.existsSync(`${FILE}.truth.json`)) {
    console.error(`million: generating ${FILE} (${ROWS.toLocaleString('en-US')} rows)…`);
    const t0 = performance.now();
    const { writeEmbeddingsFile } = await import('../scripts/make-embeddings-dataset');
    writeEmbeddingsFile(FILE, { rows: ROWS });
    generate = { ms: round(performance.now() - t0), peakRssMb: peakRssMb() };
  }
  const truth = JSON.parse(fs.readFileSync(`${FILE}.truth.json`, 'utf8')) as EmbeddingsTruth;
  console.error('million: loading (child process)…');
  const load = await child(['--child-load', '--file', FILE]);
  console.error(`  ${JSON.stringify(load.stats)}`);
  console.error('million: scanning with the CLI (child process)…');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-million-'));
  const scanRun = await child(['--child-scan', '--file', FILE, '--out', out]);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  const timings = (report.timingsMs ?? {}) as Record<string, number>;
  const stages: Record<string, number> = {};
  for (const [k, v] of Object.entries(timings)) {
    if (isSubStep(k)) continue;
    const key = k.startsWith('detector: ') ? 'detectors' : k;
    stages[key] = round((stages[key] ?? 0) + v);
  }
  const quality = score(out, truth);
  fs.rmSync(out, { recursive: true, force: true });
  const result = {
    benchmark: 'million',
    date: started,
    machine: { cores: os.cpus().length, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version },
    loadavg: { start: load0, end: loadavg() },
    file: path.relative(process.cwd(), FILE),
    fileMb: round(fs.statSync(FILE).size / 2 ** 20),
    rows: truth.rows,
    dim: truth.dim,
    generate,
    load: load.stats,
    scan: {
      ...scanRun.stats,
      backend: report.backend,
      stages,
      timings,
      warnings: report.warnings,
      rssSamplesMb: scanRun.rss.filter((_, i) => i % 5 === 0),
    },
    quality,
    target: { peakRssMb: 8192, met: (scanRun.stats.peakRssMb as number) <= 8192 },
  };
  if (process.argv.includes('--page')) {
    console.error('million: scanning in the page (dist-test, Chromium, wasm)…');
    (result as Record<string, unknown>).page = await benchPage();
  }
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'million.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify({ ...result, scan: { ...result.scan, rssSamplesMb: undefined } }, null, 2));
}

if (process.argv.includes('--page-only')) await pageOnly();
else await run();
