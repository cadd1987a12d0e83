// npx tsx bench/redteam.ts — the README's red-team table: `assay redteam` on two clean inputs,
//   images: 3,000 Fashion-MNIST images drawn with seed 1 from ../shared/datasets/fashion-60k
//           (tests/unit/redteam/fashion-slice.ts): a 3×3 white patch at 1 % and 3 %, a 4×4
//           checker at 1 %, random label flips at 5 %;
//   text:   spam-flip with its 240 flipped labels restored from truth.json: a trigger phrase at
//           2 %, flips by one annotator at 5 %, a coordinated campaign at 2 % (bench/campaign.ts);
//   tabular: penguins-clean (bench/campaign-data.ts): a coordinated campaign at 2 %.
// Each attack is planted into its own copy and scanned on wasm with seed 1 (the CLI's own code,
// in this process). Writes bench/results/redteam.json and prints one line per attack.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { main } from '../cli/main';
import { fashionSlice } from '../tests/unit/redteam/fashion-slice';
import { penguinsClean } from './campaign-data';

const RESULTS = path.resolve('bench/results');
const CACHE = path.join(RESULTS, '.cache');
const SPAM = path.resolve('../shared/datasets/spam-flip');

const INPUTS: { name: string; build: () => Uint8Array; attacks: string[] }[] = [
  {
    name: 'fashion-3k-clean.arrow',
    build: () => fashionSlice(3000, 1),
    attacks: [
      'patch:size=3,place=br,target=Coat,rate=0.01',
      'patch:size=3,place=br,target=Coat,rate=0.03',
      'patch:size=4,top=24,left=11,pattern=checker,target=Trouser,rate=0.01',
      'flip:rate=0.05',
    ],
  },
  {
    name: 'spam-clean.arrow',
    build: () => {
      const table = tableFromIPC(fs.readFileSync(path.join(SPAM, 'data.arrow')));
      const truth = JSON.parse(fs.readFileSync(path.join(SPAM, 'truth.json'), 'utf8')) as {
        original_label_by_id: Record<string, string>;
      };
      const ids = table.getChild('id')!;
      const labels = table.getChild('label')!;
      const restored = Array.from(
        { length: table.numRows },
        (_, i) => truth.original_label_by_id[String(ids.get(i))] ?? (labels.get(i) as string),
      );
      const columns = Object.fromEntries(
        table.schema.fields.map((f) => [
          f.name,
          f.name === 'label' ? vectorFromArray(restored, new Utf8()) : table.getChild(f.name)!,
        ]),
      );
      return tableToIPC(new Table(columns), 'file');
    },
    attacks: [
      'phrase:text="cheap pills",target=spam,rate=0.02',
      'flip:rate=0.05,annotator=a2',
      'campaign:rate=2%,target=ham,source=spam,annotator=a3,jitter=0.1,seed=2026',
    ],
  },
  {
    name: 'penguins-clean.arrow',
    build: () => penguinsClean(true),
    attacks: ['campaign:rate=2%,target=Chinstrap,source=Adelie,annotator=a2,jitter=0.05,seed=2026'],
  },
];

interface RunScore {
  plantedCount: number;
  auroc: number;
  recallAtK: number;
  flagged: { count: number; precision: number; recall: number; f1: number };
  annotator?: { name: string; rank: number; of: number; suspect: boolean };
  detectors: { name: string; auroc: number; flagged: number; truePositives: number }[];
}

// `npx tsx bench/redteam.ts campaign` runs only the attacks whose spec contains "campaign" and
// writes bench/results/redteam-campaign.json instead.
const only = process.argv[2];
fs.mkdirSync(CACHE, { recursive: true });
const rows: Record<string, unknown>[] = [];
const t0 = performance.now();
for (const input of INPUTS) {
  const attacks = input.attacks.filter((a) => !only || a.includes(only));
  if (!attacks.length) continue;
  const file = path.join(CACHE, input.name);
  if (!fs.existsSync(file)) fs.writeFileSync(file, input.build());
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-redteam-'));
  const argv = ['redteam', file, '--seed', '1', '--backend', 'wasm', '--out', out, '--json'];
  for (const a of attacks) argv.push('--attack', a);
  // The CLI prints its JSON report on stdout; the summary below goes to stderr.
  const log = console.log;
  console.log = () => undefined;
  const code = await main(argv);
  console.log = log;
  if (code !== 0) throw new Error(`assay redteam exited ${code} on ${input.name}`);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'redteam.json'), 'utf8')) as {
    runs: { description: string; spec: unknown; score: RunScore; scanMs: number }[];
  };
  fs.rmSync(out, { recursive: true, force: true });
  for (const run of report.runs) {
    const s = run.score;
    const best = [...s.detectors].sort((a, b) => b.auroc - a.auroc)[0];
    const row = {
      input: input.name,
      attack: run.description,
      spec: run.spec,
      planted: s.plantedCount,
      auroc: Number(s.auroc.toFixed(4)),
      recallAtK: Number(s.recallAtK.toFixed(3)),
      flagged: s.flagged.count,
      precision: Number(s.flagged.precision.toFixed(3)),
      recall: Number(s.flagged.recall.toFixed(3)),
      f1: Number(s.flagged.f1.toFixed(3)),
      bestDetector: best ? { name: best.name, auroc: Number(best.auroc.toFixed(4)) } : null,
      annotator: s.annotator ?? null,
      detectors: s.detectors,
      scanMs: Math.round(run.scanMs),
    };
    rows.push(row);
    console.error(
      `${row.attack}: AUROC ${row.auroc}, recall@k ${row.recallAtK}, flagged ${row.flagged} ` +
        `(P ${row.precision}, R ${row.recall})`,
    );
  }
}
const result = {
  benchmark: 'redteam',
  date: new Date().toISOString(),
  cores: os.cpus().length,
  loadavg: os.loadavg().map((v) => Number(v.toFixed(2))),
  backend: 'wasm',
  seed: 1,
  totalMs: Math.round(performance.now() - t0),
  runs: rows,
};
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(
  path.join(RESULTS, only ? `redteam-${only}.json` : 'redteam.json'),
  JSON.stringify(result, null, 2) + '\n',
);
console.log(JSON.stringify(result));
