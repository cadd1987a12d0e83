import { describe, expect, it } from 'vitest';
import { loadRules, readRuleSources } from '../../../src/core/rules';
import { InputError } from '../../../src/core/types';

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('rules files', () => {
  it('reads the YAML subset: plain, quoted and folded values, comments, optional rules: key', () => {
    const yaml = [
      '# QA rules',
      'rules:',
      '  - name: a',
      '    rule: when x > 1 then "A"',
      "  - name: 'b c'",
      '    rule: "when y == \\"q\\" then not B"',
      '  - rule: >',
      '      when z is missing',
      '      then invalid',
      '',
    ].join('\r\n');
    expect(readRuleSources(yaml, 'r.yaml')).toEqual([
      { name: 'a', rule: 'when x > 1 then "A"' },
      { name: 'b c', rule: 'when y == "q" then not B' },
      { name: 'rule 3', rule: 'when z is missing then invalid' },
    ]);
    expect(loadRules(yaml, 'r.yaml').map((r) => r.then.kind)).toEqual(['label', 'label', 'invalid']);
  });

  it('reads JSON as a list, {"rules": [...]} or bare strings', () => {
    expect(readRuleSources('[{"name":"a","rule":"when x > 1 then A"}]', 'r.json')).toEqual([
      { name: 'a', rule: 'when x > 1 then A' },
    ]);
    expect(readRuleSources('{"rules":["when x > 1 then A"]}', 'r.json')).toEqual([
      { name: 'rule 1', rule: 'when x > 1 then A' },
    ]);
  });

  it('bad files are one line naming the file and the place', () => {
    expect(inputError(() => readRuleSources('', 'e.yaml')).line).toBe('e.yaml: empty rules file');
    expect(inputError(() => readRuleSources('- name: a\n  colour: red\n', 'r.yaml')).line).toBe(
      'r.yaml: line 2: unknown key "colour" (name, rule)',
    );
    expect(inputError(() => readRuleSources('- name: a\n', 'r.yaml')).line).toMatch(/rule 1: "rule" must be/);
    expect(inputError(() => readRuleSources('{"rules": 3}', 'r.json')).line).toMatch(
      /expected a list of rules/,
    );
    expect(inputError(() => readRuleSources('[', 'r.json')).line).toMatch(/^r\.json: not valid JSON/);
    expect(inputError(() => readRuleSources('name: a\n', 'r.yaml')).line).toMatch(/line 1: expected "- name/);
    const twice = '- name: a\n  rule: when x > 1 then A\n- name: a\n  rule: when x > 2 then A\n';
    expect(inputError(() => loadRules(twice, 'r.yaml')).line).toBe('r.yaml: rule "a" is defined twice');
    expect(inputError(() => loadRules('- name: a\n  rule: when x >> 1 then A\n', 'r.yaml')).line).toMatch(
      /^r\.yaml: rule "a", char 9: /,
    );
  });
});

describe('rules one per line (the page editor)', () => {
  it('reads `when … then …` lines, named rule N or by a `name:` prefix; comments and blanks skipped', () => {
    const rules = loadRules(
      '# penguins\nwhen bill_length_mm > 44 then not Adelie\n\nlong-bill: when bill_length_mm > 55 then not "Adelie"\n',
      'editor',
    );
    expect(rules.map((r) => r.name)).toEqual(['rule 1', 'long-bill']);
  });

  it('a bad line is one error naming the rule and the character', () => {
    expect(() => loadRules('when x >> 3 then A\n', 'editor')).toThrow(/^rule "rule 1", char \d+: /);
  });
});
