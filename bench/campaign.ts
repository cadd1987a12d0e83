// npx tsx bench/campaign.ts [attack…] — coordinated campaigns (`assay redteam --attack campaign:…`)
// planted into clean real data and scanned: the campaign detector's numbers on held-out
// templates, rates, jitters and schemas. Default: a grid over seeds (each seed draws another
// template row and word swaps), rates 1–3 %, on spam-clean (text, six annotators) and
// penguins-clean (tabular, four annotators, and once without the annotator column).
// Writes bench/results/campaign.json; prints one line per run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sourceFromBytes } from '../src/core/data';
import { selectBackend } from '../src/core/model/backend';
import { parseAttack } from '../src/core/redteam/parse-attack';
import { redteam } from '../src/core/redteam/redteam';
import type { CampaignDetails } from '../src/core/detect/campaign';
import { penguinsClean, spamClean } from './campaign-data';

const GRID: { input: string; build: () => Uint8Array; attacks: string[] }[] = [
  {
    input: 'spam-clean',
    build: spamClean,
    attacks: [
      'campaign:rate=2%,target=ham,annotator=a3,seed=11',
      'campaign:rate=2%,target=ham,annotator=a5,seed=12,jitter=0.2',
      'campaign:rate=1%,target=spam,annotator=a1,seed=13',
      'campaign:rate=3%,target=ham,annotator=a2,seed=14,jitter=0.05',
      'campaign:rate=2%,seed=15',
    ],
  },
  {
    input: 'penguins-clean',
    build: () => penguinsClean(true),
    attacks: [
      'campaign:rate=2%,annotator=a2,seed=21',
      'campaign:rate=2%,annotator=a4,seed=22,jitter=0.1',
      'campaign:rate=3%,seed=23',
    ],
  },
  {
    input: 'penguins-clean-no-annotator',
    build: () => penguinsClean(false),
    attacks: ['campaign:rate=2%,seed=31,jitter=0.02', 'campaign:rate=3%,seed=32'],
  },
];

await selectBackend({ force: 'wasm', measure: 'chosen' });
const only = process.argv.slice(2);
const rows: Record<string, unknown>[] = [];
const t0 = performance.now();
for (const { input, build, attacks } of GRID) {
  const list = only.length ? only : attacks;
  const report = await redteam(
    [sourceFromBytes(`${input}.arrow`, build())],
    list.map(parseAttack),
    { seed: 1 },
    {},
    {
      keepResults: true,
    },
  );
  for (const run of report.runs) {
    const det = run.result!.detectors.find((d) => d.name === 'campaign')!;
    const details = det.details as CampaignDetails;
    const planted = new Set(run.plantedRows);
    const top = details.groups[0];
    const row = {
      input,
      attack: run.description,
      spec: run.spec,
      planted: run.plantedCount,
      auroc: Number(run.score.auroc!.toFixed(4)),
      recallAtK: Number(run.score.recallAtK!.toFixed(3)),
      flagged: run.score.flagged,
      annotator: run.score.annotator ?? null,
      campaign: run.score.detectors.find((d) => d.name === 'campaign'),
      groupsTested: details.groupsTested,
      surroundingsTested: details.surroundingsTested,
      campaigns: details.campaigns,
      topGroup: top
        ? {
            size: top.members.length,
            planted: top.members.filter((m) => planted.has(m)).length,
            pSurround: top.pSurround,
            pAnnotator: top.pAnnotator,
            surroundShare: top.surroundShare,
          }
        : null,
      scanMs: Math.round(run.scanMs),
    };
    rows.push(row);
    console.error(
      `${input}: ${run.description}: AUROC ${row.auroc}, recall@k ${row.recallAtK}, flagged ${row.flagged.count} ` +
        `(TP ${row.flagged.truePositives}); campaign flags ${row.campaign?.flagged} (TP ${row.campaign?.truePositives}); ` +
        `annotator rank ${row.annotator ? `${row.annotator.rank}/${row.annotator.of}` : '-'}; top group ${JSON.stringify(row.topGroup)}`,
    );
  }
  if (only.length) break;
}
const result = {
  benchmark: 'campaign',
  date: new Date().toISOString(),
  cores: os.cpus().length,
  loadavg: os.loadavg().map((v) => Number(v.toFixed(2))),
  backend: 'wasm',
  seed: 1,
  totalMs: Math.round(performance.now() - t0),
  runs: rows,
};
if (!only.length) {
  fs.mkdirSync(path.resolve('bench/results'), { recursive: true });
  fs.writeFileSync(path.resolve('bench/results/campaign.json'), JSON.stringify(result, null, 2) + '\n');
}
console.log(JSON.stringify(result));
