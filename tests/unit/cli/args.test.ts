import { describe, expect, it } from 'vitest';
import { intFlag, parseArgs, takeFlags, UsageError } from '../../../cli/args';

const known = new Set(['out', 'seed', 'quiet', 'help']);

describe('parseArgs', () => {
  it('reads the command, positionals, --name value, --name=value and boolean flags', () => {
    expect(parseArgs(['scan', 'a.csv', '--out', 'o', '--seed=3', '--quiet'], known)).toEqual({
      command: 'scan',
      positional: ['a.csv'],
      flags: { out: 'o', seed: '3', quiet: 'true' },
    });
    expect(parseArgs([], known).command).toBe('help');
  });

  it('refuses an unknown flag and a flag without its value', () => {
    expect(() => parseArgs(['scan', '--colour', 'red'], known)).toThrow(/unknown option --colour/);
    expect(() => parseArgs(['scan', '--out'], known)).toThrow(/--out needs a value/);
  });
});

describe('intFlag', () => {
  it('gives the fallback when absent and refuses a non-integer or one under the minimum', () => {
    expect(intFlag({}, 'k', 10)).toBe(10);
    expect(intFlag({ k: '7' }, 'k', 10, 1)).toBe(7);
    expect(() => intFlag({ k: '0' }, 'k', 10, 1)).toThrow(UsageError);
    expect(() => intFlag({ k: '2.5' }, 'k', 10)).toThrow(/integer ≥ 0, got "2.5"/);
  });
});

describe('takeFlags', () => {
  it('collects every value of a repeated flag and the booleans it is told of; the rest is left', () => {
    const t = takeFlags(
      ['x.csv', '--attack', 'a', '--attack=b', '--json', '--seed', '1'],
      ['attack'],
      ['json'],
    );
    expect(t.values).toEqual({ attack: ['a', 'b'] });
    expect([...t.set]).toEqual(['json']);
    expect(t.rest).toEqual(['x.csv', '--seed', '1']);
    expect(() => takeFlags(['--attack'], ['attack'], [])).toThrow(/--attack needs a value/);
  });
});
