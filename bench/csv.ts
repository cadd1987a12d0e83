// npx tsx bench/csv.ts — a big generated CSV through the loader (the CLI's path: a file on disk,
// hashed, sniffed and parsed as a stream), in a child process per file so that its peak memory is
// its own. Reports load time, rows, column types, peak RSS (VmHWM) and the peak's ratio to the
// file's size (holding the text twice would be ≥ 2; a number is 8 bytes however it is written).
// Writes bench/results/csv.json.
//   npx tsx bench/csv.ts [--mb 256,1024] [--dir tmp/bench-csv]
// The files are generated once (seeded) under --dir (default tmp/bench-csv, git-ignored) and reused.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, peakRssMb, round } from './common';

const dir = path.resolve(arg('dir') ?? 'tmp/bench-csv');
const sizesMb = (arg('mb') ?? '256,1024').split(',').map(Number);

// ---- child: load one file, print one JSON line ------------------------------------------------
if (process.argv.includes('--child')) {
  const file = arg('file')!;
  const { loadDataset } = await import('../src/core/data');
  const { sourceFromPath } = await import('../src/core/data/node-source');
  const baseline = peakRssMb();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const d = await loadDataset([sourceFromPath(file)]);
    const loadMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const heap = process.memoryUsage();
    console.log(
      JSON.stringify({
        rows: d.frame.numRows,
        columns: d.frame.columns.map((c) => `${c.name}:${c.type}`),
        loadMs: round(loadMs),
        cpuMs: round((cpu.user + cpu.system) / 1000),
        peakRssMb: peakRssMb(),
        baselineRssMb: baseline,
        heapUsedMb: round(heap.heapUsed / 2 ** 20),
        arrayBuffersMb: round(heap.arrayBuffers / 2 ** 20),
        warnings: d.warnings.map((w) => w.message),
      }),
    );
  } catch (e) {
    console.log(
      JSON.stringify({
        error: (e as Error).message,
        loadMs: round(performance.now() - t0),
        peakRssMb: peakRssMb(),
      }),
    );
  }
  process.exit(0);
}

// ---- generation: id, 4 numbers, a category, a sentence, a label (~200 bytes a row) ----------------
const WORDS = (
  'the a model data label image sample review poison trigger clean noisy annotator batch ' +
  'neighbour feature embedding score detect flag cluster outlier duplicate signal spectral ' +
  'train test split fold probe weight gradient loss epoch layer vector token hash seed'
).split(' ');

function generate(file: string, targetBytes: number): { rows: number; bytes: number } {
  const meta = `${file}.json`;
  if (fs.existsSync(file) && fs.existsSync(meta)) {
    const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as { rows: number; bytes: number };
    if (m.bytes === fs.statSync(file).size) return m;
  }
  console.error(`generating ${path.relative('.', file)} (~${Math.round(targetBytes / 2 ** 20)} MB)…`);
  let s = 12345;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let rows = 0;
  const header = 'id,x1,x2,x3,x4,category,text,label\n';
  fs.writeSync(fd, header);
  bytes += header.length;
  while (bytes < targetBytes) {
    const lines: string[] = [];
    for (let r = 0; r < 10_000; r++, rows++) {
      const words = Array.from(
        { length: 8 + Math.floor(rand() * 14) },
        () => WORDS[Math.floor(rand() * WORDS.length)],
      );
      // Some texts carry commas and quotes, so the parser's quoted path is exercised too.
      const text = rand() < 0.2 ? `"${words.join(' ')}, ""quoted"" part"` : words.join(' ');
      lines.push(
        `${rows},${(rand() * 100).toFixed(4)},${(rand() * 2 - 1).toFixed(6)},${Math.floor(rand() * 1000)},` +
          `${(rand() * 1e6).toFixed(2)},cat${Math.floor(rand() * 20)},${text},${['a', 'b', 'c'][Math.floor(rand() * 3)]}`,
      );
    }
    const chunk = lines.join('\n') + '\n';
    fs.writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
  }
  fs.closeSync(fd);
  fs.writeFileSync(meta, JSON.stringify({ rows, bytes }));
  return { rows, bytes };
}

fs.mkdirSync(dir, { recursive: true });
const self = fileURLToPath(import.meta.url);
const runs: Record<string, unknown>[] = [];
const loadStart = os.loadavg().map((v) => round(v, 2));
for (const mb of sizesMb) {
  const file = path.join(dir, `rows-${mb}mb.csv`);
  const { rows, bytes } = generate(file, mb * 2 ** 20);
  console.error(
    `loading ${path.relative('.', file)}: ${round(bytes / 2 ** 20)} MB, ${rows.toLocaleString('en-US')} rows…`,
  );
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', '--file', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  const r = line.startsWith('{')
    ? (JSON.parse(line) as Record<string, unknown>)
    : {
        error: `child exited ${child.status ?? child.signal}: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`,
      };
  const fileMb = round(bytes / 2 ** 20);
  const row = {
    file: path.relative('.', file),
    fileMb,
    rows,
    ...r,
    peakToFile: typeof r.peakRssMb === 'number' ? round(r.peakRssMb / fileMb, 2) : null,
  };
  runs.push(row);
  console.error(
    r.error
      ? `  error: ${r.error}`
      : `  ${(Number(r.loadMs) / 1000).toFixed(1)} s, peak RSS ${r.peakRssMb} MB (${row.peakToFile}× the file), ` +
          `JS heap ${r.heapUsedMb} MB, typed arrays ${r.arrayBuffersMb} MB`,
  );
}
const out = {
  benchmark: 'csv',
  date: new Date().toISOString(),
  machine: { cores: os.cpus().length, memoryGb: round(os.totalmem() / 2 ** 30, 1), node: process.version },
  loadavg: { start: loadStart, end: os.loadavg().map((v) => round(v, 2)) },
  runs,
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/csv.json', JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out));
