// Guards bench/consensus.ts's numbers without training: the same real items, the same simulated
// annotators (same seeds), and the probe's out-of-fold probabilities that the bench saved
// (`npx tsx bench/consensus.ts --save-probs`). The floors sit just under the measured values.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgementsFromLong, withClassOrder } from '../../../src/core/annotations';
import {
  crowdlab,
  DEFAULT_METHOD,
  dawidSkene,
  majorityVote,
  runConsensus,
} from '../../../src/core/consensus';
import {
  fashionItems,
  methods,
  probsPath,
  score,
  scoreFlips,
  simulationSeed,
  spamItems,
  type RealItems,
} from './real-items';
import { simulate } from './simulate';

async function replay(items: RealItems, run: 'plain' | 'coordinated') {
  const rate = run === 'plain' ? 0 : 0.02;
  const sim = simulate(
    items.truth,
    items.classes,
    items.adversary,
    rate,
    simulationSeed(run, items.truth.length),
    items.lookalikes,
  );
  const ids = items.truth.map((_, i) => String(i));
  const parsed = judgementsFromLong(sim.frame, 'simulated', {}, { items: ids });
  const table = withClassOrder(parsed.table, items.classes);
  const bytes = fs.readFileSync(probsPath(items.key, run));
  const probs = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  expect(probs.length).toBe(ids.length * items.classes.length);
  return { sim, table, probs };
}

/**
 * Measured by bench/consensus.ts (seed 1, 2026-12-03); floors just under. `margin`: the default
 * method's lead over majority vote. The goal is 2 points: met on spam (+4.0); on fashion
 * majority vote is already 97.6 % and the default reaches 99.3 % (+1.7, 71 % of its errors gone).
 */
const GOALS = {
  spam: { mv: 0.939, default: 0.979, crowdlab: 0.962, margin: 0.02, flipsRecall: 0.59, flipsPrecision: 0.92 },
  fashion: {
    mv: 0.975,
    default: 0.992,
    crowdlab: 0.981,
    margin: 0.016,
    flipsRecall: 0.7,
    flipsPrecision: 0.7,
  },
};

describe.each([
  ['spam', spamItems],
  ['fashion', fashionItems],
] as const)('consensus on %s with simulated annotators', (key, load) => {
  it('beats majority vote and ranks the adversary last', { timeout: 60_000 }, async () => {
    const items = await load();
    const { sim, table, probs } = await replay(items, 'plain');
    const all = methods(table, probs);
    const mv = score(table, all['majority vote'], items.truth, sim.accuracy);
    const best = score(table, runConsensus({ table, probs }), items.truth, sim.accuracy);
    const cl = score(table, all.crowdlab, items.truth, sim.accuracy);
    const goal = GOALS[key];
    expect(mv.accuracy).toBeGreaterThanOrEqual(goal.mv);
    expect(best.accuracy).toBeGreaterThanOrEqual(goal.default);
    expect(best.accuracy).toBeGreaterThanOrEqual(mv.accuracy + goal.margin);
    expect(cl.accuracy).toBeGreaterThanOrEqual(goal.crowdlab);
    // The adversary is the least accurate annotator in both simulations.
    expect(Object.entries(sim.accuracy).sort((a, b) => a[1] - b[1])[0][0]).toBe('a5');
    expect(best.adversary_rank_from_worst).toBe(1);
    expect(best.spearman_vs_true_accuracy).toBe(1);
    expect(cl.adversary_rank_from_worst).toBe(1);
  });

  it('finds planted coordinated flips', { timeout: 60_000 }, async () => {
    const items = await load();
    const { sim, table, probs } = await replay(items, 'coordinated');
    const cons = DEFAULT_METHOD === 'crowdlab' ? crowdlab({ table, probs }) : dawidSkene({ table, probs });
    const flips = scoreFlips(table, probs, cons, items.truth, sim.coordinated);
    expect(flips.recall).toBeGreaterThanOrEqual(GOALS[key].flipsRecall);
    expect(flips.precision).toBeGreaterThanOrEqual(GOALS[key].flipsPrecision);
    expect(majorityVote({ table, probs }).labels.length).toBe(items.truth.length);
  });
});
