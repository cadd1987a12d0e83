import { describe, expect, it } from 'vitest';
import { parseRule, RuleError } from '../../../src/core/rules';

function ruleError(f: () => unknown): RuleError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RuleError);
    return e as RuleError;
  }
  throw new Error('expected a RuleError');
}

describe('parseRule', () => {
  it('reads comparisons, and/or/not with precedence, parentheses and the three outcomes', () => {
    const r = parseRule('r', 'when a > 1 or b <= -2.5e1 and not (c == "x") then not "Adelie"');
    expect(r.then).toEqual({ kind: 'label', label: 'Adelie', negated: true });
    expect(r.when.kind).toBe('or');
    const w = r.when as { left: { op: string; value: number }; right: { kind: string } };
    expect(w.left).toMatchObject({ kind: 'compare', column: 'a', op: '>', value: 1 });
    expect(w.right.kind).toBe('and');
    expect(parseRule('r', 'WHEN x is missing THEN invalid').then).toEqual({ kind: 'invalid' });
    expect(parseRule('r', 'when x is not missing then spam').then).toEqual({
      kind: 'label',
      label: 'spam',
      negated: false,
    });
  });

  it('reads contains, matches with flags, in-lists, negated forms and back-quoted columns', () => {
    expect(parseRule('r', 'when text matches /a\\/b[/]c/i then "spam"').when).toMatchObject({
      kind: 'matches',
      pattern: 'a\\/b[/]c',
      flags: 'i',
    });
    expect(parseRule('r', 'WHEN text NOT MATCHES /x/ THEN ham').when).toMatchObject({
      kind: 'not',
      inner: { kind: 'matches' },
    });
    expect(parseRule('r', 'when `odd name` contains "x" then ham').when).toMatchObject({
      kind: 'contains',
      column: 'odd name',
    });
    expect(parseRule('r', "when island not in ['Dream', 2, true] then x").when).toMatchObject({
      kind: 'not',
      inner: { kind: 'in', values: ['Dream', 2, true] },
    });
  });

  it('errors are one line naming the rule and the 1-based character position', () => {
    const e = ruleError(() => parseRule('long-bill', 'when bill > then "A"', 'rules.yaml'));
    expect(e.line).toBe(
      'rules.yaml: rule "long-bill", char 13: expected a number, a "string", true or false, got "then"',
    );
    expect(ruleError(() => parseRule('r', 'when a = 1 then x')).message).toMatch(/char 8: use ==/);
    expect(ruleError(() => parseRule('r', 'when (a > 1 then x')).message).toMatch(/char 13: expected "\)"/);
    expect(ruleError(() => parseRule('r', 'when a > 1')).message).toMatch(/expected "then", got the end/);
    expect(ruleError(() => parseRule('r', 'when a > 1 then x y')).message).toMatch(/char 19: unexpected "y"/);
    expect(ruleError(() => parseRule('r', 'when text matches "x" then y')).message).toMatch(
      /matches needs a \/regex\//,
    );
    expect(ruleError(() => parseRule('r', 'when a > "1 then x')).message).toMatch(
      /char 10: unterminated string/,
    );
    expect(ruleError(() => parseRule('r', 'a > 1 then x')).message).toMatch(/char 1: expected "when"/);
    for (const e of [ruleError(() => parseRule('r\nx', 'when a\n> then x'))])
      expect(e.line).not.toMatch(/\n/);
  });
});
