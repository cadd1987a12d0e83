import { describe, expect, it } from 'vitest';
import { compileSafeRegex, MAX_CELL_CHARS, regexProblem } from '../../../src/core/rules';

describe('regexProblem', () => {
  it('accepts ordinary patterns', () => {
    for (const p of [
      'unsubscribe',
      '\\bfree\\b.*money',
      '^Re: ',
      '[A-Z]{2,5}\\d?',
      '(foo|bar) baz',
      '\\$\\d{2,}',
      'a(bc)?d',
      '[(]+x',
    ])
      expect(regexProblem(p, 'i'), p).toBeNull();
  });

  it('refuses nested quantifiers, repeated alternations, backreferences and lookarounds', () => {
    expect(regexProblem('(a+)+$', '')).toMatch(/repeated group may not contain a quantifier/);
    expect(regexProblem('(a*)*b', '')).toMatch(/quantifier/);
    expect(regexProblem('((ab)+c)*', '')).toMatch(/quantifier/);
    expect(regexProblem('(a|aa)+', '')).toMatch(/alternation/);
    expect(regexProblem('(\\w+\\s?){3}', '')).toMatch(/quantifier/);
    expect(regexProblem('(a)\\1', '')).toMatch(/backreferences/);
    expect(regexProblem('(?<x>a)\\k<x>', '')).toMatch(/backreferences/);
    expect(regexProblem('a(?=b)', '')).toMatch(/lookahead/);
    expect(regexProblem('(?<!a)b', '')).toMatch(/lookbehind/);
  });

  it('refuses more than one unbounded quantifier (polynomial backtracking), long patterns and odd flags', () => {
    expect(regexProblem('a.*b.*c', '')).toMatch(/at most one unbounded quantifier/);
    expect(regexProblem('\\s*\\s*x', '')).toMatch(/at most one/);
    expect(regexProblem('a{1,100}b+', '')).toMatch(/at most one/);
    expect(regexProblem('x'.repeat(257), '')).toMatch(/257 characters long; at most 256/);
    expect(regexProblem('x', 'g')).toMatch(/flags "g" not allowed/);
    expect(regexProblem('(x', '')).toMatch(/unbalanced/);
  });

  it('compiles with a redundant leading .* dropped and reports an invalid pattern', () => {
    expect(compileSafeRegex('.*x', 'i').source).toBe('x');
    expect(() => compileSafeRegex('[z-a]', '')).toThrow(/invalid regex/);
    expect(MAX_CELL_CHARS).toBeGreaterThanOrEqual(1000);
  });
});
