// npx tsx bench/consensus.ts [--dataset fashion|spam|both] [--seed N] [--save-probs]
// Consensus accuracy and annotator ranking on real items with simulated annotators of known
// accuracy (tests/unit/consensus/simulate.ts: five annotators, three per item, a5 adversarial on
// one class pair): majority vote, Dawid–Skene (judgements only; the probe as prior; the probe as
// an annotator) and CROWDLAB, against the truth. Items: tests/unit/consensus/real-items.ts.
// The probe's out-of-fold probabilities come from the engine's own scan of the items labelled by
// majority vote (what a team has before any consensus; the scan needs one label per item).
// A second run plants coordinated flips (all three annotators give the same wrong label on 2 %
// of the items) and scores coordinatedFlips() against them.
// --save-probs writes the probe's probabilities to tests/unit/consensus/probe-*.f32, which
// consensus-goals.test.ts replays without training. Prints JSON; writes bench/results/consensus.json.
import fs from 'node:fs';
import { judgementsFromLong, withClassOrder, type JudgementTable } from '../src/core/annotations';
import { crowdlab, dawidSkene, majorityVote } from '../src/core/consensus';
import { selectBackend } from '../src/core/model/backend';
import { defaultSettings, scanLoaded } from '../src/core/pipeline';
import {
  accuracyOf,
  fashionItems,
  methods,
  probsPath,
  score,
  scoreFlips,
  simulationSeed,
  spamItems,
  type RealItems,
} from '../tests/unit/consensus/real-items';
import { simulate } from '../tests/unit/consensus/simulate';
import { arg } from './common';

const seed = Number(arg('seed') ?? 1);
const which = arg('dataset') ?? 'both';
const saveProbs = process.argv.includes('--save-probs');
const COORDINATED_RATE = 0.02;
const round = (x: number, d = 4) => Number(x.toFixed(d));

/** The scan's out-of-fold probabilities with the majority vote as the one label per item. */
async function probeProbs(items: RealItems, table: JudgementTable) {
  const mv = majorityVote({ table });
  const { frame } = items.prepared.loaded;
  const columns = frame.columns.map((col) =>
    items.prepared.roles[col.name] === 'label'
      ? { name: col.name, type: 'string' as const, values: Array.from(mv.labels, (l) => table.classes[l]) }
      : col,
  );
  const prepared = {
    ...items.prepared,
    loaded: { ...items.prepared.loaded, frame: { ...frame, columns } },
  };
  const t0 = performance.now();
  const { result } = await scanLoaded(prepared, { ...defaultSettings, seed });
  return { probs: result.probs, classes: result.classes, seconds: round((performance.now() - t0) / 1000, 1) };
}

function argmaxLabels(probs: Float32Array, c: number): Int32Array {
  return Int32Array.from({ length: probs.length / c }, (_, i) => {
    let best = 0;
    for (let k = 1; k < c; k++) if (probs[i * c + k] > probs[i * c + best]) best = k;
    return best;
  });
}

async function simulated(items: RealItems, rate: number, run: 'plain' | 'coordinated') {
  const simSeed = simulationSeed(run, items.truth.length, seed);
  const sim = simulate(items.truth, items.classes, items.adversary, rate, simSeed, items.lookalikes);
  const ids = items.truth.map((_, i) => String(i));
  const parsed = judgementsFromLong(sim.frame, 'simulated', {}, { items: ids });
  const probe = await probeProbs(items, parsed.table);
  if (saveProbs) fs.writeFileSync(probsPath(items.key, run), new Uint8Array(probe.probs.buffer));
  return { sim, table: withClassOrder(parsed.table, probe.classes), probe };
}

async function run(items: RealItems) {
  const plain = await simulated(items, 0, 'plain');
  const { table, probe, sim } = plain;
  const consensus = Object.fromEntries(
    Object.entries(methods(table, probe.probs)).map(([name, cons]) => [
      name,
      score(table, cons, items.truth, sim.accuracy),
    ]),
  );
  const flipped = await simulated(items, COORDINATED_RATE, 'coordinated');
  const input2 = { table: flipped.table, probs: flipped.probe.probs };
  const byConsensus = Object.fromEntries(
    (
      [
        ['majority vote', majorityVote(input2)],
        ['dawid-skene (model as prior)', dawidSkene(input2, { model: 'prior' })],
        ['dawid-skene (model as annotator)', dawidSkene(input2, { model: 'annotator' })],
        ['crowdlab', crowdlab(input2)],
      ] as const
    ).map(([name, cons]) => [
      name,
      scoreFlips(flipped.table, flipped.probe.probs, cons, items.truth, flipped.sim.coordinated),
    ]),
  );
  return {
    dataset: items.name,
    items: items.truth.length,
    judgements: table.item.length,
    adversary: items.adversary,
    annotator_true_accuracy: sim.accuracy,
    probe: {
      accuracy_vs_truth: accuracyOf(argmaxLabels(probe.probs, table.classes.length), table, items.truth),
      scan_seconds: probe.seconds,
    },
    consensus,
    coordinated_flips: {
      planted: flipped.sim.coordinated.size,
      annotator_true_accuracy: flipped.sim.accuracy,
      by_consensus: byConsensus,
    },
  };
}

await selectBackend({ measure: 'chosen' });
const runs = [];
if (which === 'fashion' || which === 'both') runs.push(await run(await fashionItems()));
if (which === 'spam' || which === 'both') runs.push(await run(await spamItems()));
const json = JSON.stringify({ seed, runs }, null, 2);
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/consensus.json', json);
console.log(json);
