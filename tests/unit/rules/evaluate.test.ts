import { describe, expect, it } from 'vitest';
import {
  checkRules,
  loadRules,
  ruleDetectorResult,
  RuleError,
  wilsonLower,
  type ParsedRule,
} from '../../../src/core/rules';
import type { Frame } from '../../../src/core/types';

/** 40 rows: x = 0..39 (row 5 missing), text, and a label that is "big" from x = 20 on. */
function data(): { frame: Frame; labels: (string | null)[] } {
  const x = new Float64Array(40).map((_, i) => (i === 5 ? NaN : i));
  const text = Array.from({ length: 40 }, (_, i) =>
    i % 10 === 0 ? `FREE offer ${i}` : i === 7 ? null : `note ${i}`,
  );
  const labels: (string | null)[] = Array.from({ length: 40 }, (_, i) => (i >= 20 ? 'big' : 'small'));
  labels[25] = 'small'; // a flipped label the rule should catch
  labels[30] = null;
  return {
    frame: {
      numRows: 40,
      columns: [
        { name: 'x', type: 'number', values: x },
        { name: 'text', type: 'string', values: text },
        { name: 'ok', type: 'bool', values: Array.from({ length: 40 }, (_, i) => i !== 3) },
      ],
    },
    labels,
  };
}

const rules = (yaml: string): ParsedRule[] => loadRules(yaml, 'r.yaml');

describe('checkRules', () => {
  it('measures coverage, agreement and contradictions; flags what a precise rule contradicts, naming it', () => {
    const { frame, labels } = data();
    const r = checkRules({ frame, labels, rules: rules('- name: big-x\n  rule: when x >= 20 then "big"\n') });
    const s = r.rules[0];
    expect(s).toMatchObject({ covered: 20, labelled: 19, agree: 18, contradict: 1, precise: true });
    expect(s.agreementLow).toBeCloseTo(wilsonLower(18, 19), 10);
    expect(r.flagged[25]).toBe(1);
    expect([...r.flagged].reduce((a, b) => a + b, 0)).toBe(1);
    expect(r.reasons[25]).toMatch(/^rule "big-x" expects "big", label is "small"/);
    expect(r.rowReasons[25]).toEqual([
      {
        rule: 'big-x',
        kind: 'contradicts',
        expects: '"big"',
        label: 'small',
        agreementLow: s.agreementLow,
        precise: true,
        atlas: [{ id: 'AML.T0020', name: 'Poison Training Data' }],
      },
    ]);
    expect(r.scores[25]).toBeCloseTo(s.agreementLow, 5);
    const det = ruleDetectorResult(r);
    expect(det).toMatchObject({ name: 'rule-checks', flagged: r.flagged, scores: r.scores });
    expect(det.reasons[24]).toBeNull();
    expect(det.reasons[25]).toEqual({
      detector: 'rule-checks',
      tag: 'rule',
      text: '"big-x" expects "big", label is "small"',
      values: { agreementLow: s.agreementLow },
    });
  });

  it('a rule that covers few rows is not precise: its contradictions are kept but not flagged', () => {
    const { frame, labels } = data();
    const r = checkRules({
      frame,
      labels,
      rules: rules('- name: few\n  rule: when x > 23 and x < 27 then "big"\n'),
    });
    expect(r.rules[0]).toMatchObject({ covered: 3, agree: 2, precise: false });
    expect(r.rowReasons[25][0]).toMatchObject({ rule: 'few', precise: false });
    expect(r.flagged[25]).toBe(0);
    expect(r.reasons[25]).toBe('');
  });

  it('missing cells make a test unknown: a rule never covers them, not even under not', () => {
    const { frame, labels } = data();
    const r = checkRules({
      frame,
      labels,
      rules: rules(
        '- name: a\n  rule: when not x < 20 then big\n- name: b\n  rule: when x is missing or text is missing then invalid\n',
      ),
    });
    expect(r.rules[0].covered).toBe(20);
    expect(r.rules[1]).toMatchObject({ covered: 2, contradict: 2, precise: true });
    expect([5, 7].map((i) => r.flagged[i])).toEqual([1, 1]);
    expect(r.reasons[5]).toBe('rule "b" marks the row invalid');
  });

  it('contains (case-insensitive), matches, in-lists and booleans', () => {
    const { frame, labels } = data();
    const r = checkRules({
      frame,
      labels,
      rules: rules(
        [
          '- name: c\n  rule: when text contains "free" then small',
          '- name: m\n  rule: when text matches /^free/ then small',
          '- name: mi\n  rule: when text matches /^free/i then small',
          '- name: in\n  rule: when x in [1, 2, 3] then small',
          '- name: b\n  rule: when ok == false then small',
        ].join('\n'),
      ),
    });
    expect(r.rules.map((s) => s.covered)).toEqual([4, 0, 4, 3, 1]);
  });

  it('counts conflicts between rules and agreement with the model', () => {
    const { frame, labels } = data();
    const predicted = labels.map((l, i) => (i === 21 ? 'small' : l));
    const r = checkRules({
      frame,
      labels,
      predicted,
      rules: rules(
        '- name: big\n  rule: when x >= 20 then big\n- name: not-big\n  rule: when x > 35 then not big\n',
      ),
    });
    expect(r.conflicts).toEqual([{ a: 'big', b: 'not-big', rows: 4, examples: [36, 37, 38, 39] }]);
    expect(r.rules[0].conflicts).toEqual([{ rule: 'not-big', rows: 4 }]);
    expect(r.rules[0]).toMatchObject({ modelChecked: 19, modelAgree: 17 });
  });

  it('binding errors name the rule, the column and the position', () => {
    const { frame, labels } = data();
    const err = (yaml: string) => {
      try {
        checkRules({ frame, labels, rules: rules(yaml), file: 'r.yaml' });
      } catch (e) {
        expect(e).toBeInstanceOf(RuleError);
        return (e as RuleError).line;
      }
      throw new Error('expected an error');
    };
    expect(err('- name: a\n  rule: when y > 1 then big\n')).toBe(
      'r.yaml: rule "a", char 6: no column "y" in the data (columns: x, text, ok)',
    );
    expect(err('- name: a\n  rule: when x contains "1" then big\n')).toMatch(
      /char 6: column "x" is numeric; contains needs a text/,
    );
    expect(err('- name: a\n  rule: when x == "1" then big\n')).toMatch(
      /column "x" is numeric; compare it with a number/,
    );
    expect(err('- name: a\n  rule: when x > 1 then large\n')).toMatch(
      /label "large" is not a class of the data/,
    );
    expect(err('- name: a\n  rule: when text matches /(a+)+/ then big\n')).toMatch(
      /char 19: a repeated group/,
    );
  });
});
