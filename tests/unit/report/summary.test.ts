// The annotator table ranks an annotator some detector names as suspect first (a campaign carried
// by one account can score low on annotator agreement: its batch agrees with itself).
import { describe, expect, it } from 'vitest';
import { summarise } from '../../../src/core/report/summary';
import type { AnnotatorSummary, DetectorInputs, DetectorResult } from '../../../src/core/types';

const row = (annotator: string, score: number): AnnotatorSummary => ({
  annotator,
  items: 2,
  flagged: 0,
  modelDisagreement: 0,
  neighbourDisagreement: 0,
  score,
});

function result(name: string, table: AnnotatorSummary[], suspect: string[]): DetectorResult {
  return {
    name,
    scores: new Float32Array(4),
    flagged: new Uint8Array(4),
    reasons: [null, null, null, null],
    params: {},
    annotatorFindings: { table, suspect },
  };
}

const inputs = {
  n: 4,
  classes: ['a', 'b'],
  labels: Int32Array.from([0, 1, 0, 1]),
  annotators: ['x', 'x', 'y', 'z'],
} as unknown as DetectorInputs;
const table = [row('x', 0.9), row('y', 0.5), row('z', 0.1)];

describe('summarise: the annotator table', () => {
  it('keeps the score order when no detector names a suspect', () => {
    const { annotators } = summarise(inputs, [result('agreement', table, [])], new Uint8Array(4));
    expect(annotators.map((a) => a.annotator)).toEqual(['x', 'y', 'z']);
  });

  it("puts another detector's suspect first, the score order kept among the rest", () => {
    const flagged = Uint8Array.from([0, 0, 0, 1]);
    const { annotators } = summarise(
      inputs,
      [result('agreement', table, []), result('campaign', [], ['z'])],
      flagged,
    );
    expect(annotators.map((a) => a.annotator)).toEqual(['z', 'x', 'y']);
    expect(annotators[0].flagged).toBe(1);
  });
});
