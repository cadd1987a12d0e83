import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/args';
import { evaluateGate } from '../../../cli/gate';
import type { ScanResult } from '../../../src/core/types';

/** A result with `flagged` of `n` samples flagged and these suspect annotators. */
const result = (n: number, flagged: number, suspect: string[] = []) =>
  ({
    n,
    flagged: Uint8Array.from({ length: n }, (_, i) => (i < flagged ? 1 : 0)),
    detectors: [{ annotatorFindings: { suspect } }],
  }) as unknown as ScanResult;

describe('evaluateGate', () => {
  it('fails on any, count and rate only past their bound', () => {
    expect(evaluateGate('any', result(100, 0)).failed).toBe(false);
    expect(evaluateGate('any', result(100, 1)).reasons).toEqual(['1 sample(s) flagged']);
    expect(evaluateGate('count:3', result(100, 3)).failed).toBe(false);
    expect(evaluateGate('count:3', result(100, 4)).failed).toBe(true);
    expect(evaluateGate('rate:0.01', result(100, 1)).failed).toBe(false);
    expect(evaluateGate('rate:0.01', result(100, 2)).reasons).toEqual(['2.00% of samples flagged > 1.00%']);
  });

  it('combines rules with commas; none never fails', () => {
    expect(evaluateGate('none', result(10, 10)).failed).toBe(false);
    const v = evaluateGate('count:0, annotator', result(10, 1, ['a3']));
    expect(v.reasons).toEqual(['1 samples flagged > 0', 'suspect annotator(s): a3']);
  });

  it('refuses a rule it does not know, or a bad bound, as a usage error', () => {
    expect(() => evaluateGate('most', result(1, 0))).toThrow(UsageError);
    expect(() => evaluateGate('rate:2', result(1, 0))).toThrow(UsageError);
    expect(() => evaluateGate('count:x', result(1, 0))).toThrow(UsageError);
  });
});
