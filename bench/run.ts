// npm run bench — every benchmark, each in a child process of its own, then one summary:
//   detect  bench/detect.ts  detection quality on the shared datasets     → detect.json
//   scan    bench/scan.ts    fashion-60k through the CLI, with a planted   → scan-cli.json,
//                            trigger, and through the page                  scan-planted.json,
//                                                                           scan-browser.json
//   redteam bench/redteam.ts attacks planted into clean Fashion-MNIST and → redteam.json
//                            spam (the README's red-team table)
//   campaign bench/campaign.ts held-out coordinated campaigns in spam     → campaign.json
//                            and penguins (text and tables)
//   cleanlabel bench/cleanlabel.ts feature-collision poisons, 2k Fashion → cleanlabel.json
//   csv     bench/csv.ts     generated 256 MB and 1 GB CSVs, the loader   → csv.json
//   loaders bench/loaders.ts fashion-badnets in four ML layouts vs Arrow, → loaders.json
//                            and a 60k HF Parquet vs Arrow load
//   umap    bench/umap.ts    UMAP of 10k, 30k, 60k points (when present)  → umap.json
//   map     bench/map.ts     map redraw and zoom at 100k, 200k, 1M points → map.json
//   page    bench/page-budget.ts 5 × a 60k scan in the page: main-thread  → page-budget.json
//                            long tasks during and 5 s after, renderer peak RSS
//   million bench/million.ts 1,000,000 × 384 Parquet embeddings: generate, → million.json
//                            load, CLI scan, AUROC. Opt-in (--only million): it takes ~15-30 min
//                            and writes a 1.5 GB file to bench/results/.cache/datasets
// Writes bench/results/summary.json (machine, load average, each bench's status, time and headline
// numbers; a partial run keeps the other benches' last entries) and prints a compact table. The
// browser benches (scan's page part, map) need a build: it is made first unless --no-build.
//   npm run bench [-- --only scan,umap] [--skip map] [--no-build]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arg } from './common';

const RESULTS = path.resolve('bench/results');

const only = arg('only')?.split(',');
const skip = arg('skip')?.split(',') ?? [];
const noBuild = process.argv.includes('--no-build');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Row {
  bench: string;
  what: string;
  value: string;
  target?: string;
  met?: boolean | null;
}
interface Bench {
  name: string;
  script: string;
  args?: string[];
  browser?: boolean;
  /** Runs only when named in --only (too long for every `npm run bench`). */
  optIn?: boolean;
  outputs: string[];
  /** Headline numbers from the bench's JSON, for the summary table. */
  summarise(files: Json[]): Row[];
}

const s = (ms: number | undefined) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`);

const BENCHES: Bench[] = [
  {
    name: 'detect',
    script: 'bench/detect.ts',
    outputs: ['detect.json'],
    summarise: ([d]) =>
      (d.datasets as Json[]).map((r) => ({
        bench: 'detect',
        what: r.dataset,
        value: `AUROC ${r.auroc}, flag F1 ${r.flag?.f1}, ${r.seconds} s`,
      })),
  },
  {
    name: 'scan',
    script: 'bench/scan.ts',
    browser: true,
    outputs: ['scan-cli.json', 'scan-planted.json', 'scan-browser.json'],
    summarise: ([cli, planted, page]) => [
      {
        bench: 'scan',
        what: `CLI, ${cli.n} rows, ${cli.backend}`,
        value: `${s(cli.totalMs)} (CPU ${s(cli.cpuMs)}), peak RSS ${cli.peakRssMb} MB`,
        target: '≤ 60 s, ≤ 1536 MB',
        met: cli.targets?.met,
      },
      {
        bench: 'scan',
        what: 'CLI stages',
        value: Object.entries(cli.stages as Record<string, number>)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
          .join(', '),
      },
      {
        bench: 'scan',
        what: `CLI, ${planted.n} rows, trigger planted in ${planted.positives}`,
        value:
          `AUROC ${planted.auroc}, recall@k ${planted.recall_at_k}, flag F1 ${planted.flag?.f1} ` +
          `(P ${planted.flag?.precision}, R ${planted.flag?.recall}); ${s(planted.totalMs)}`,
      },
      {
        bench: 'scan',
        what: `page (worker), ${page.n} rows, ${page.backend}`,
        value:
          `${s(page.totalMs)}; main-thread long tasks: ${page.longTasks.during.count}, ` +
          `max ${page.longTasks.during.maxMs} ms; renderer peak RSS ${page.rendererPeakRssMb} MB`,
        target: 'no task > 100 ms',
        met: page.targets?.met,
      },
    ],
  },
  {
    name: 'redteam',
    script: 'bench/redteam.ts',
    outputs: ['redteam.json'],
    summarise: ([r]) =>
      (r.runs as Json[]).map((x) => ({
        bench: 'redteam',
        what: x.attack,
        value: `AUROC ${x.auroc}, recall@k ${x.recallAtK}, flagged P ${x.precision} / R ${x.recall}`,
      })),
  },
  {
    name: 'campaign',
    script: 'bench/campaign.ts',
    outputs: ['campaign.json'],
    summarise: ([c]) =>
      (c.runs as Json[]).map((x) => ({
        bench: 'campaign',
        what: `${x.input}: ${x.attack}`,
        value: `AUROC ${x.auroc}, recall@k ${x.recallAtK}, annotator rank ${x.annotator ? x.annotator.rank : '-'}`,
      })),
  },
  {
    name: 'cleanlabel',
    script: 'bench/cleanlabel.ts',
    outputs: ['cleanlabel.json'],
    summarise: ([c]) => [
      {
        bench: 'cleanlabel',
        what: c.attack,
        value:
          `poisons' neighbours with the target label ${c.collision.poisonNeighboursWithTargetLabel}; ` +
          `AUROC ${c.detection.auroc}, Deep k-NN ${c.detection.deepKnn?.auroc}`,
      },
    ],
  },
  {
    name: 'csv',
    script: 'bench/csv.ts',
    outputs: ['csv.json'],
    summarise: ([c]) =>
      (c.runs as Json[]).map((r) => ({
        bench: 'csv',
        what: `${r.fileMb} MB CSV, ${r.rows?.toLocaleString('en-US')} rows`,
        value: r.error
          ? `error: ${r.error}`
          : `loaded in ${s(r.loadMs)}, peak RSS ${r.peakRssMb} MB (${r.peakToFile}× the file)`,
      })),
  },
  {
    name: 'umap',
    script: 'bench/umap.ts',
    outputs: ['umap.json'],
    summarise: ([u]) =>
      (u.sizes as Json[]).map((r) => ({
        bench: 'umap',
        what: `n = ${r.n}`,
        value:
          `assay ${s(r.assay?.totalMs)}, preservation ${r.assay?.preservation}, peak ${r.assay?.peakRssMb} MB` +
          (r.umapjs ? `; umap-js ${s(r.umapjs.totalMs)}` : ''),
      })),
  },
  {
    name: 'map',
    script: 'bench/map.ts',
    browser: true,
    outputs: ['map.json'],
    summarise: ([m]) => [
      ...(m.results as Json[]).map((r) => ({
        bench: 'map',
        what: `${r.n.toLocaleString('en-US')} points, ${r.requested} → ${r.renderer}`,
        value: `redraw ${r.redrawMs?.median} ms, zoom ${r.zoomMs?.median} ms (medians)`,
      })),
      ...(m.budgets as Json[])
        .filter((b) => b.applies)
        .map((b) => ({ bench: 'map', what: b.what, value: `${b.renderer} ${b.medianMs} ms`, met: b.met })),
    ],
  },
  {
    name: 'page',
    script: 'bench/page-budget.ts',
    browser: true,
    outputs: ['page-budget.json'],
    summarise: ([p]) => [
      {
        bench: 'page',
        what: `60k scan in the page, ${p.runs.length} runs: main-thread tasks > ${p.targets.longTaskMs} ms during and ${p.windowMs / 1000} s after`,
        value: `${p.targets.runsWithoutLongTasks} runs without one`,
        target: 'every run',
        met: p.runs.length > 0 && p.targets.runsWithoutLongTasks === `${p.runs.length} of ${p.runs.length}`,
      },
      {
        bench: 'page',
        what: 'renderer peak RSS (main thread and workers)',
        value: `${(p.targets.rendererPeakRssMb as number[]).join(', ')} MB`,
        target: `≤ ${p.targets.peakTargetMb} MB every run`,
        met: (p.targets.rendererPeakRssMb as number[]).every((v) => v <= p.targets.peakTargetMb),
      },
    ],
  },
  {
    name: 'loaders',
    script: 'bench/loaders.ts',
    outputs: ['loaders.json'],
    summarise: ([l]) => [
      ...((l.equivalence?.runs ?? []) as Json[]).map((r) => ({
        bench: 'loaders',
        what: `fashion-badnets as ${r.layout}`,
        value: `AUROC ${r.auroc}, ${r.flagged} flagged, scores ${r.scoresIdenticalToArrow ? 'identical to' : 'differ from'} Arrow; ${r.seconds} s`,
        met: r.scoresIdenticalToArrow,
      })),
      ...((l.load ?? []) as Json[]).map((r) => ({
        bench: 'loaders',
        what: `load ${r.input}`,
        value: r.error ? `error: ${r.error}` : `${s(r.loadMs)}, peak RSS ${r.peakRssMb} MB`,
      })),
    ],
  },
  {
    name: 'million',
    script: 'bench/million.ts',
    optIn: true,
    outputs: ['million.json'],
    summarise: ([m]) => [
      {
        bench: 'million',
        what: `CLI, ${m.rows} rows × ${m.dim} (Parquet embeddings)`,
        value: `${s(m.scan?.wallMs)}, peak RSS ${m.scan?.peakRssMb} MB; load ${s(m.load?.loadMs)}; AUROC ${m.quality?.auroc}, ${m.quality?.flagged} flagged`,
        target: '≤ 8192 MB',
        met: m.target?.met,
      },
    ],
  },
];

function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

const loadavg = () => os.loadavg().map((v) => Number(v.toFixed(2)));

/** Runs one bench script under the same TypeScript loader as this process; its output goes through. */
function runChild(script: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...args], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? -1));
  });
}

const selected = BENCHES.filter(
  (b) => (only ? only.includes(b.name) : !b.optIn) && !skip.includes(b.name) && fs.existsSync(b.script),
);
const missing = BENCHES.filter((b) => (!only || only.includes(b.name)) && !fs.existsSync(b.script));
for (const b of missing) console.error(`bench: ${b.script} does not exist; ${b.name} skipped`);
if (only) {
  const unknown = only.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) {
    console.error(
      `bench: unknown bench(es) ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`,
    );
    process.exit(2);
  }
}

fs.mkdirSync(RESULTS, { recursive: true });
const started = new Date();
const loadStart = loadavg();
if (selected.some((b) => b.browser) && !noBuild) {
  console.error('bench: building the test build for the browser benches (vite build --mode test)…');
  const build = spawnSync('npx', ['vite', 'build', '--mode', 'test', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error('bench: the build failed');
    process.exit(1);
  }
}

const benches: Json = {};
const rows: Row[] = [];
for (const b of selected) {
  console.error(`\n=== ${b.name}: ${b.script} ===`);
  // Results from an earlier run must not pass for this one's.
  const files = b.outputs.map((f) => path.join(RESULTS, f));
  const before = files.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0));
  const t0 = performance.now();
  const code = await runChild(b.script, b.args ?? []);
  const seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  const fresh = files.filter((f, i) => fs.existsSync(f) && fs.statSync(f).mtimeMs > before[i]);
  const entry: Json = {
    date: new Date().toISOString(),
    script: b.script,
    exitCode: code,
    seconds,
    files: fresh.map((f) => path.relative('.', f)),
  };
  if (code === 0 && fresh.length === files.length) {
    try {
      const json = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Json);
      const summary = b.summarise(json);
      entry.status = 'ok';
      entry.summary = summary;
      rows.push(...summary);
    } catch (e) {
      entry.status = 'ok (summary failed)';
      entry.note = (e as Error).message;
      rows.push({ bench: b.name, what: 'summary', value: `see ${entry.files.join(', ')}` });
    }
  } else {
    entry.status = 'failed';
    rows.push({
      bench: b.name,
      what: 'failed',
      value: `exit ${code}; wrote ${fresh.length}/${files.length} files`,
    });
  }
  benches[b.name] = entry;
}

// A partial run (--only, --skip) keeps the other benches' entries from the last summary.
const summaryFile = path.join(RESULTS, 'summary.json');
let earlier: Json = {};
try {
  earlier = (JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as Json).benches ?? {};
} catch {
  // none yet
}
const summary = {
  date: started.toISOString(),
  machine: machine(),
  loadavg: { start: loadStart, end: loadavg() },
  benches: { ...earlier, ...benches },
};
fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2) + '\n');

const m = summary.machine;
console.log(
  `\n${m.cores} cores, ${m.cpu}, ${m.memoryGb} GB, node ${m.node}; ` +
    `load average ${loadStart[0]} → ${summary.loadavg.end[0]} (other work skews the timings)`,
);
const w1 = Math.max(...rows.map((r) => r.bench.length));
const w2 = Math.min(48, Math.max(...rows.map((r) => r.what.length)));
for (const r of rows) {
  const verdict = r.met === undefined || r.met === null ? '' : r.met ? '  [met]' : '  [NOT met]';
  const target = r.target ? `  (target ${r.target})` : '';
  console.log(`${r.bench.padEnd(w1)}  ${r.what.padEnd(w2)}  ${r.value}${target}${verdict}`);
}
console.log(`wrote ${path.relative('.', path.join(RESULTS, 'summary.json'))}`);
process.exit(Object.values(benches).some((b) => (b as Json).status === 'failed') ? 1 : 0);
