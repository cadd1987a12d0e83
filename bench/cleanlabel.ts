// npx tsx bench/cleanlabel.ts [SPEC] — the clean-label attack (feature collision against the
// probe) planted into 2,000 clean Fashion-MNIST images (tests/unit/redteam/fashion-slice.ts) and
// scanned. Both ways: how well the poisons collided (the share of each poison's embedding
// neighbours in the scanned copy that carry the target label, against that share for unpoisoned
// images of the base class), and how well the scan found them (the suspicion's AUROC and
// recall@k, neighbour disagreement's — the Deep k-NN defence, Peri et al. 2020 — and its flags).
// Writes bench/results/cleanlabel.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sourceFromBytes } from '../src/core/data';
import { selectBackend } from '../src/core/model/backend';
import { parseAttack } from '../src/core/redteam/parse-attack';
import { redteam } from '../src/core/redteam/redteam';
import { fashionSlice } from '../tests/unit/redteam/fashion-slice';

const spec = process.argv[2] ?? 'cleanlabel:base=Trouser,target=Coat,rate=0.01,seed=7';
await selectBackend({ force: 'wasm', measure: 'chosen' });
const report = await redteam(
  [sourceFromBytes('fashion-2000.arrow', fashionSlice(2000, 1))],
  [parseAttack(spec)],
  { seed: 1 },
  {},
  { keepResults: true },
);
const run = report.runs[0];
const r = run.result!;
const s = run.spec as { base: string; target: string };
const target = r.classes.indexOf(s.target);
const base = r.classes.indexOf(s.base);
const k = r.knn.k;
const targetShare = (i: number) => {
  let t = 0;
  for (let j = 0; j < k; j++) if (r.labels[r.knn.indices[i * k + j]] === target) t++;
  return t / k;
};
const planted = new Set(run.plantedRows);
const poisonShare = run.plantedRows.map(targetShare);
const cleanBase = Array.from(r.labels.keys()).filter((i) => r.labels[i] === base && !planted.has(i));
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / Math.max(1, a.length);
const nd = run.score.detectors.find((d) => d.name === 'neighbour-disagreement');
const result = {
  benchmark: 'cleanlabel',
  date: new Date().toISOString(),
  cores: os.cpus().length,
  loadavg: os.loadavg().map((v) => Number(v.toFixed(2))),
  attack: run.description,
  spec: run.spec,
  notes: run.notes,
  planted: run.plantedCount,
  collision: {
    poisonNeighboursWithTargetLabel: Number(mean(poisonShare).toFixed(3)),
    poisonsWithTargetMajority: poisonShare.filter((v) => v > 0.5).length,
    cleanBaseNeighboursWithTargetLabel: Number(mean(cleanBase.map(targetShare)).toFixed(3)),
  },
  detection: {
    auroc: run.score.auroc,
    recallAtK: run.score.recallAtK,
    flagged: run.score.flagged,
    deepKnn: nd ?? null,
    best: run.score.detectors[0],
  },
  scanMs: Math.round(run.scanMs),
};
fs.mkdirSync(path.resolve('bench/results'), { recursive: true });
fs.writeFileSync(path.resolve('bench/results/cleanlabel.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 1));
