import { describe, expect, it } from 'vitest';
import { binomialTailHalf, labelEvidence, votesNeeded } from '../../../src/core/detect/label-evidence';
import type { KnnGraph } from '../../../src/core/types';

/** Every sample's k look-alikes are the samples listed for it. */
function graph(lists: number[][]): KnnGraph {
  const k = lists[0].length;
  return { k, indices: Int32Array.from(lists.flat()), distances: new Float32Array(lists.length * k) };
}

describe('label evidence', () => {
  it('needs 9 of 10 look-alikes (binomial against a coin toss, α = 0.05)', () => {
    expect(binomialTailHalf(10, 9)).toBeCloseTo(11 / 1024, 10);
    expect(binomialTailHalf(10, 8)).toBeCloseTo(56 / 1024, 10);
    expect(votesNeeded(10)).toBe(9);
    expect(votesNeeded(20)).toBe(15);
    // Too few look-alikes for any count to reach α: all of them.
    expect(votesNeeded(3)).toBe(3);
  });

  // Samples 0–9: clear members of class 1 (labelled 1, the model sure). Sample 10: labelled 0,
  // the model gives 0 a probability of 0.05, its look-alikes are samples 0–9.
  const c = 2;
  const clear = (p1: number) => [1 - p1, p1];
  function setup(p0: number, lookAlikeP1: number, lookAlikeLabel = 1) {
    const probs = Float32Array.from([
      ...Array.from({ length: 10 }, () => clear(lookAlikeP1)).flat(),
      p0,
      1 - p0,
    ]);
    const labels = Int32Array.from([...Array(10).fill(lookAlikeLabel), 0]);
    const lists = Array.from({ length: 11 }, (_, i) =>
      Array.from({ length: 10 }, (_, t) => (t === i ? 10 : t)),
    );
    return labelEvidence(probs, labels, c, graph(lists));
  }

  it('confirms a label the model and clear look-alikes contradict', () => {
    const e = setup(0.05, 0.95);
    expect(e.contradicted[10]).toBe(1);
    expect(e.alternative[10]).toBe(1);
    expect(e.votes[10]).toBe(10);
    expect(e.needed).toBe(9);
  });

  it('leaves it ambiguous when the look-alikes are unsure, or the model not sure enough', () => {
    // Look-alikes labelled 1 but the model prefers 0 for them: contested, they do not vouch.
    expect(setup(0.05, 0.45).contradicted[10]).toBe(0);
    // The model gives the label 0.2: not 9 : 1 against it.
    expect(setup(0.2, 0.95).contradicted[10]).toBe(0);
  });

  it('a look-alike whose own label was flipped too still vouches when the model is sure of it', () => {
    // Look-alikes labelled 0 (flipped with it), the model gives them class 1 at 0.95.
    const e = setup(0.05, 0.95, 0);
    expect(e.votes[10]).toBe(10);
    expect(e.contradicted[10]).toBe(1);
  });

  it('never contradicts a missing label', () => {
    const probs = Float32Array.from([0.01, 0.99, 0.01, 0.99]);
    const e = labelEvidence(probs, Int32Array.from([-1, 1]), 2, graph([[1], [0]]));
    expect(e.contradicted[0]).toBe(0);
  });
});
