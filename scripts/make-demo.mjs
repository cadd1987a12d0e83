#!/usr/bin/env node
// Builds the bundled demo dataset (public/demo) from ../shared/datasets/fashion-badnets:
// the first 3,000 rows (row order there is already shuffled), with their planted BadNets poison
// and a truth.json restricted to those rows. Deterministic; rerun only to regenerate.
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';

const N = 3000;
const src = path.resolve('../shared/datasets/fashion-badnets');
const out = path.resolve('public/demo');
const table = tableFromIPC(fs.readFileSync(path.join(src, 'data.arrow')));
const demo = table.slice(0, N);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'fashion-badnets-demo.arrow'), tableToIPC(demo, 'file'));

const truth = JSON.parse(fs.readFileSync(path.join(src, 'truth.json'), 'utf8'));
const keep = (id) => id < N;
const poisoned = truth.poisoned_ids.filter(keep);
const demoTruth = {
  ...truth,
  dataset: 'fashion-badnets-demo',
  n_samples: N,
  n_poisoned: poisoned.length,
  poisoned_ids: poisoned,
  original_label_by_id: Object.fromEntries(poisoned.map((id) => [id, truth.original_label_by_id[id]])),
  source_index_by_id: Object.fromEntries(
    Object.entries(truth.source_index_by_id ?? {}).filter(([id]) => keep(Number(id))),
  ),
  note: `first ${N} rows of ../shared/datasets/fashion-badnets (scripts/make-demo.mjs)`,
};
fs.writeFileSync(path.join(out, 'truth.json'), JSON.stringify(demoTruth) + '\n');
console.log(`wrote ${N} rows, ${poisoned.length} poisoned, to ${out}`);
