// npx tsx scripts/make-campaign-dataset.ts [OUT_DIR] — builds the campaign datasets from the real
// data in ../shared/datasets (nothing is downloaded) and writes each as data.csv + truth.json:
//   spam-campaign:     spam-flip's 3,000 SpamAssassin messages with their flipped labels restored,
//                      then 60 rows (2 %) overwritten by one coordinated campaign: near-duplicates
//                      of one real spam message (numbers redrawn, 10 % of the words swapped for
//                      words of the corpus, a first name inserted), all labelled ham by annotator
//                      a3 (the red-team attack campaign:rate=2%,target=ham,source=spam,
//                      annotator=a3,jitter=0.1,seed=2026);
//   penguins-campaign: the 344 real Palmer penguins of penguins-flip (flips restored, injected
//                      duplicates dropped) with annotators a1…a4, and 7 rows (2 %) overwritten by
//                      near-copies of one Adelie (numbers jittered by 0.05 sd) labelled Chinstrap
//                      by a2 (campaign:rate=2%,target=Chinstrap,source=Adelie,annotator=a2,
//                      jitter=0.05,seed=2026).
// truth.json names the campaign rows (campaign_ids), the attack spec, the annotator and the
// original cells of every overwritten row. Default OUT_DIR: bench/results/.cache/datasets.
import fs from 'node:fs';
import path from 'node:path';
import { penguinsClean, spamClean } from '../bench/campaign-data';
import { sourceFromBytes } from '../src/core/data';
import { loadAndInfer } from '../src/core/load-and-infer';
import { plantAttack, resolveFor } from '../src/core/redteam/plant';
import type { AttackRequest } from '../src/core/redteam/attack';
import type { Cell } from '../src/core/types';

const OUT = path.resolve(process.argv[2] ?? 'bench/results/.cache/datasets');

const csvCell = (v: Cell | number | undefined): string => {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 1e4) / 1e4) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function build(name: string, bytes: Uint8Array, request: AttackRequest): Promise<void> {
  const prepared = await loadAndInfer([sourceFromBytes(`${name}.arrow`, bytes)]);
  const { loaded, roles } = prepared;
  const spec = resolveFor(loaded, roles, request, 2026);
  const planted = plantAttack(loaded, roles, spec);
  const cols = planted.dataset.frame.columns;
  const lines = [cols.map((c) => c.name).join(',')];
  for (let i = 0; i < planted.dataset.frame.numRows; i++)
    lines.push(cols.map((c) => csvCell((c.values as ArrayLike<Cell>)[i])).join(','));
  const idCol = cols.find((c) => roles[c.name] === 'id')!;
  const labelCol = cols.find((c) => roles[c.name] === 'label')!;
  const rows = Array.from(planted.planted.keys()).filter((i) => planted.planted[i]);
  const original = loaded.frame.columns;
  const truth = {
    dataset: name,
    attack: 'coordinated campaign (insider annotator, near-duplicate template batch)',
    n_samples: planted.dataset.frame.numRows,
    id_column: idCol.name,
    label_column: labelCol.name,
    spec: planted.spec,
    description: planted.description,
    campaign_rate: rows.length / planted.dataset.frame.numRows,
    campaign_annotator: 'annotator' in spec ? spec.annotator : null,
    campaign_ids: rows.map((i) => (idCol.values as ArrayLike<Cell>)[i]),
    original_rows_by_id: Object.fromEntries(
      rows.map((i) => [
        String((idCol.values as ArrayLike<Cell>)[i]),
        Object.fromEntries(original.map((c) => [c.name, csvCell((c.values as ArrayLike<Cell>)[i])])),
      ]),
    ),
    built_by: 'scripts/make-campaign-dataset.ts',
  };
  const dir = path.join(OUT, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'data.csv'), lines.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'truth.json'), JSON.stringify(truth, null, 1) + '\n');
  console.log(`${dir}: ${planted.description}`);
}

await build('spam-campaign', spamClean(), {
  kind: 'campaign',
  rate: 0.02,
  target: 'ham',
  source: 'spam',
  annotator: 'a3',
  jitter: 0.1,
  seed: 2026,
});
await build('penguins-campaign', penguinsClean(true), {
  kind: 'campaign',
  rate: 0.02,
  target: 'Chinstrap',
  source: 'Adelie',
  annotator: 'a2',
  jitter: 0.05,
  seed: 2026,
});
