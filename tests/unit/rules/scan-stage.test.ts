// The rule checks as a scan stage: read and checked before training, then a detector result in the
// label family that the combined suspicion takes as evidence, its reason naming the rule.
import { describe, expect, it } from 'vitest';
import { combine } from '../../../src/core/detect/combine';
import { definitions } from '../../../src/core/detect/registry';
import { RULES_DEFINITION, RULES_DETECTOR } from '../../../src/core/rules/detector-result';
import { ruleCounts } from '../../../src/core/rules/live-counts';
import { prepareRules, ruleChecks } from '../../../src/core/rules/scan-stage';
import type { Frame } from '../../../src/core/types';

// 40 rows: x > 10 is class "big" except row 39, whose label says "small".
const n = 40;
const x = Float64Array.from({ length: n }, (_, i) => i);
const classes = ['small', 'big'];
const labels = Int32Array.from({ length: n }, (_, i) => (i > 10 && i !== 39 ? 1 : 0));
const frame: Frame = {
  numRows: n,
  columns: [
    { name: 'x', type: 'number', values: x },
    { name: 'y', type: 'string', values: Array.from(labels, (k) => classes[k]) },
  ],
};
const RULES = { name: 'r.yaml', text: '- name: big-x\n  rule: when x > 10 then big\n' };

describe('rule checks in the scan', () => {
  it('a contradicted row is flagged with a typed reason naming the rule; the model votes', () => {
    const prepared = prepareRules(RULES, frame, classes, labels);
    const result = ruleChecks(
      prepared,
      frame,
      classes,
      labels,
      Int32Array.from(x, (v) => (v > 10 ? 1 : 0)),
    );
    expect(result.name).toBe(RULES_DETECTOR);
    expect([...result.flagged].flatMap((f, i) => (f ? [i] : []))).toEqual([39]);
    expect(result.reasons[39]).toMatchObject({ detector: 'rule-checks', tag: 'rule' });
    expect(result.reasons[39]!.text).toBe('"big-x" expects "big", label is "small"');
    expect(result.details!.rules[0]).toMatchObject({
      covered: 29,
      contradict: 1,
      precise: true,
      modelAgree: 29,
    });
    expect(result.details!.rows).toEqual([
      { row: 39, reasons: [expect.objectContaining({ rule: 'big-x' })] },
    ]);
  });

  it('combine takes it as label-family evidence: the contradicted row is flagged with the rule as its reason', () => {
    const prepared = prepareRules(RULES, frame, classes, labels);
    const result = ruleChecks(prepared, frame, classes, labels, null);
    const combined = combine([result], n, [...definitions, RULES_DEFINITION]);
    expect(combined.flagged[39]).toBe(1);
    expect(combined.reasons[39].map((r) => r.detector)).toEqual(['rule-checks']);
    expect(combined.suspicion[39]).toBeGreaterThanOrEqual(0.5);
    expect(RULES_DEFINITION.family).toBe('label');
  });

  it('a rule about a column the data lacks stops before training, naming the rule and the character', () => {
    expect(() =>
      prepareRules({ name: 'r.yaml', text: 'when z > 1 then big' }, frame, classes, labels),
    ).toThrow(/^rule "rule 1", char 6: no column "z" in the data/);
  });

  it("the editor's live counts: per rule, or one line naming the problem (never a throw)", () => {
    const ok = ruleCounts(RULES, frame, classes, labels, null);
    expect(ok.ok && ok.counts.rules[0].covered).toBe(29);
    expect(ok.ok && ok.counts.flagged).toBe(1);
    const bad = ruleCounts(
      { name: 'editor', text: 'when x matches /(a+)+/ then big' },
      frame,
      classes,
      labels,
      null,
    );
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/^editor: rule "rule 1", char \d+: /) });
  });
});
