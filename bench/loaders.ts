// npm run bench -- --only loaders — the dataset layouts of issue 19 against the canonical Arrow:
//  1. equivalence: fashion-badnets (6,000 rows) written as Hugging Face Parquet shards, a
//     save_to_disk folder, WebDataset tars and a CSV + image folder, each scanned (seed 1) and
//     scored with ../shared/tools/score.mjs next to data.arrow: AUROC and flagged count;
//  2. load cost: fashion-60k as one HF Parquet file vs the same data as Arrow, each loaded in a
//     child process of its own (time and peak RSS).
// Writes bench/results/loaders.json and prints it.
//   npx tsx bench/loaders.ts [--skip-scan] [--skip-load] [--dir tmp/bench-loaders]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, peakRssMb, round } from './common';

const self = fileURLToPath(import.meta.url);

// ---- child: load one path, print one JSON line ----------------------------------------------------
if (process.argv.includes('--child')) {
  const target = arg('path')!;
  const { loadDataset } = await import('../src/core/data');
  const { sourcesFromPath } = await import('../src/core/data/node-source');
  const baseline = peakRssMb();
  const t0 = performance.now();
  const d = await loadDataset(await sourcesFromPath(target));
  console.log(
    JSON.stringify({
      rows: d.frame.numRows,
      format: d.format,
      columns: d.frame.columns.map((c) => `${c.name}:${c.type}`),
      loadMs: round(performance.now() - t0),
      peakRssMb: peakRssMb(),
      baselineRssMb: baseline,
      warnings: d.warnings.length,
      rowErrors: d.rowErrors.length,
    }),
  );
  process.exit(0);
}

const { readRows, writeCsvFolder, writeHfParquet, writeHfSaved, writeWebDataset } =
  await import('../tests/unit/data/layouts');
const SHARED = path.resolve('../shared');
const dir = path.resolve(arg('dir') ?? 'tmp/bench-loaders');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const out: Record<string, unknown> = {
  machine: { cpus: os.cpus().length, loadStart: os.loadavg().map((v) => round(v, 2)) },
};

if (!process.argv.includes('--skip-scan')) {
  const { sourcesFromPath } = await import('../src/core/data/node-source');
  const { selectBackend } = await import('../src/core/model/backend');
  const { scan } = await import('../src/core/pipeline');
  const { scoresCsv } = await import('../src/core/report/scores');
  const source = path.join(SHARED, 'datasets/fashion-badnets');
  const truth = path.join(source, 'truth.json');
  const rows = readRows(path.join(source, 'data.arrow'));
  const layouts: Record<string, string> = { arrow: path.join(source, 'data.arrow') };
  for (const [name, write] of [
    ['hf-parquet', (d: string) => writeHfParquet(d, rows, 2)],
    ['hf-save-to-disk', (d: string) => writeHfSaved(d, rows, 2)],
    ['webdataset', (d: string) => writeWebDataset(d, rows, 3)],
    ['csv-folder', (d: string) => writeCsvFolder(d, rows)],
  ] as const) {
    layouts[name] = path.join(dir, name);
    write(layouts[name]);
  }
  const selection = await selectBackend({ measure: 'chosen' });
  const runs: Record<string, unknown>[] = [];
  for (const [name, p] of Object.entries(layouts)) {
    const t0 = performance.now();
    const { result } = await scan(await sourcesFromPath(p), { seed: 1 });
    const csv = path.join(dir, `scores-${name}.csv`);
    fs.writeFileSync(csv, scoresCsv(result));
    const s = JSON.parse(
      execFileSync('node', [path.join(SHARED, 'tools/score.mjs'), truth, csv], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop()!,
    );
    const run = {
      layout: name,
      rows: result.n,
      classes: result.classes,
      auroc: s.auroc,
      recall_at_k: s.recall_at_k,
      flagged: result.flagged.reduce((a, b) => a + b, 0),
      seconds: round((performance.now() - t0) / 1000, 1),
    };
    console.error(JSON.stringify(run));
    runs.push(run);
  }
  const ref = fs.readFileSync(path.join(dir, 'scores-arrow.csv'), 'utf8');
  for (const r of runs)
    r.scoresIdenticalToArrow = fs.readFileSync(path.join(dir, `scores-${r.layout}.csv`), 'utf8') === ref;
  out.equivalence = { dataset: 'fashion-badnets', backend: selection.backend, seed: 1, runs };
}

if (!process.argv.includes('--skip-load')) {
  const arrow = path.join(SHARED, 'datasets/fashion-60k/data.arrow');
  const hf = path.join(dir, 'fashion-60k-hf');
  writeHfParquet(hf, readRows(arrow), 1);
  const load = (p: string) => {
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', '--path', p], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    return line.startsWith('{')
      ? JSON.parse(line)
      : { error: child.stderr.trim().split('\n').slice(-3).join(' ') };
  };
  const bytes = (p: string) =>
    fs.statSync(p).isDirectory()
      ? fs.readdirSync(p, { recursive: true }).reduce<number>((s, f) => {
          const full = path.join(p, String(f));
          return s + (fs.statSync(full).isFile() ? fs.statSync(full).size : 0);
        }, 0)
      : fs.statSync(p).size;
  out.load = [
    { input: 'fashion-60k/data.arrow', fileMb: round(bytes(arrow) / 2 ** 20, 1), ...load(arrow) },
    {
      input: 'fashion-60k as HF Parquet (data/train-00000-of-00001.parquet)',
      fileMb: round(bytes(hf) / 2 ** 20, 1),
      ...load(hf),
    },
  ];
}
out.machine = { ...(out.machine as object), loadEnd: os.loadavg().map((v) => round(v, 2)) };
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/loaders.json', JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
