// npm run bench:detect — scores the engine on every labelled dataset in ../shared/datasets against
// its truth.json with ../shared/tools/score.mjs: AUROC, recall/precision at k = 1.5 × positives,
// flagged precision/recall/F1, per-detector AUROC, and the rank of the planted bad annotator.
// Writes bench/results/detect.json (and each scan's scores.csv/report.json) and prints a summary.
//   npm run bench:detect [-- --only spam-flip,penguins-flip] [--seed N]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sourcesFromPath } from '../src/core/data/node-source';
import { selectBackend } from '../src/core/model/backend';
import { scan } from '../src/core/pipeline';
import { buildReport } from '../src/core/report/report-json';
import { scoresCsv } from '../src/core/report/scores';
import { arg } from './common';

const SHARED = path.resolve('../shared');
const DATASETS: { name: string; file: string }[] = [
  { name: 'penguins-flip', file: 'data.csv' },
  { name: 'spam-flip', file: 'data.csv' },
  { name: 'fashion-badnets', file: 'data.arrow' },
];

const only = arg('only')?.split(',');
const seed = Number(arg('seed') ?? 1);

function score(truth: string, csv: string, column: string): Record<string, unknown> {
  const out = execFileSync('node', [path.join(SHARED, 'tools/score.mjs'), truth, csv, '--score', column], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const selection = await selectBackend({ measure: 'chosen' });
const results: Record<string, unknown>[] = [];
for (const ds of DATASETS.filter((d) => !only || only.includes(d.name))) {
  const dir = path.join(SHARED, 'datasets', ds.name);
  const truthPath = path.join(dir, 'truth.json');
  const truth = JSON.parse(fs.readFileSync(truthPath, 'utf8'));
  const t0 = performance.now();
  const { dataset, result } = await scan(await sourcesFromPath(path.join(dir, ds.file)), { seed });
  const seconds = (performance.now() - t0) / 1000;
  const outDir = path.join('bench/results', `detect-${ds.name}`);
  fs.mkdirSync(outDir, { recursive: true });
  const csv = path.join(outDir, 'scores.csv');
  fs.writeFileSync(csv, scoresCsv(result));
  fs.writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(buildReport(dataset, result), null, 2));
  const overall = score(truthPath, csv, 'suspicion');
  const perDetector = Object.fromEntries(
    result.detectors.map((d) => {
      const s = score(truthPath, csv, d.name);
      return [
        d.name,
        { auroc: s.auroc, recall_at_k: s.recall_at_k, flagged: d.flagged.reduce((a, b) => a + b, 0) },
      ];
    }),
  );
  const bad = truth.bad_annotator as string | undefined;
  const annotatorRank = bad ? result.annotators.findIndex((a) => a.annotator === bad) + 1 : undefined;
  const row = {
    dataset: ds.name,
    rows: result.n,
    seconds: Number(seconds.toFixed(1)),
    auroc: overall.auroc,
    average_precision: overall.average_precision,
    recall_at_k: overall.recall_at_k,
    precision_at_k: overall.precision_at_k,
    flag: overall.flag,
    by_kind: overall.by_kind,
    ...(bad ? { bad_annotator: bad, bad_annotator_rank: annotatorRank } : {}),
    per_detector: perDetector,
    timings_ms: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])),
  };
  results.push(row);
  const f = overall.flag as { f1: number; precision: number; recall: number } | undefined;
  console.error(
    `${ds.name.padEnd(16)} AUROC ${overall.auroc}  recall@k ${overall.recall_at_k}  flag F1 ${f?.f1} (P ${f?.precision}, R ${f?.recall})` +
      (bad ? `  ${bad} ranked ${annotatorRank}` : '') +
      `  ${seconds.toFixed(1)} s`,
  );
}
const out = {
  benchmark: 'detect',
  machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  backend: selection.backend,
  seed,
  datasets: results,
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/detect.json', JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out));
