// Hostile rules files end with one clear line, fast: never a hang, never a stack overflow.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRulesFile } from '../../../cli/rules';
import { checkRules, loadRules, MAX_DEPTH, REGEX_BUDGET_MS } from '../../../src/core/rules';
import { InputError, type Frame } from '../../../src/core/types';

/** Runs f, expects an InputError within a generous second, returns its line. */
function fastError(f: () => unknown): string {
  const t = performance.now();
  let line = '';
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    line = (e as InputError).line;
  }
  expect(performance.now() - t).toBeLessThan(1000);
  expect(line).not.toBe('');
  expect(line).not.toMatch(/\n/);
  expect(line.length).toBeLessThan(300);
  return line;
}

const hostileText: Frame = {
  numRows: 200,
  columns: [
    { name: 'text', type: 'string', values: Array.from({ length: 200 }, () => 'a'.repeat(50_000) + '!') },
  ],
};
const labels = Array.from({ length: 200 }, () => 'ham');

describe('hostile rules', () => {
  it('a catastrophic-backtracking regex is refused before it runs', () => {
    for (const re of ['(a+)+$', '(a|a)*$', '(.*a){20}', '.*a.*a.*a.*b'])
      expect(
        fastError(() =>
          checkRules({
            frame: hostileText,
            labels,
            rules: loadRules(`- name: evil\n  rule: when text matches /${re}/ then ham\n`, 'r.yaml'),
            file: 'r.yaml',
          }),
        ),
      ).toMatch(/^r\.yaml: rule "evil", char 19: /);
  });

  it('an allowed but quadratic regex on 200 hostile cells of 50,000 characters stops on its time budget', () => {
    // /a+b/ on "aaaa…!" backtracks quadratically in the (capped) cell: it either finishes or
    // stops with the budget's error, within a second either way.
    const line = fastError(() =>
      checkRules({
        frame: hostileText,
        labels,
        rules: loadRules('- name: q\n  rule: when text matches /a+b/ then ham\n', 'r.yaml'),
        file: 'r.yaml',
      }),
    );
    expect(line).toMatch(
      new RegExp(
        `^r\\.yaml: rule "q": its regex took over ${REGEX_BUDGET_MS} ms on the first \\d+ rows; simplify the pattern$`,
      ),
    );
  });

  it('the same regex on ordinary cells of the same size is fast', () => {
    const frame: Frame = {
      numRows: 200,
      columns: [
        {
          name: 'text',
          type: 'string',
          values: Array.from({ length: 200 }, (_, i) => `mail ${i} `.repeat(5000)),
        },
      ],
    };
    const t = performance.now();
    const r = checkRules({
      frame,
      labels,
      rules: loadRules('- name: q\n  rule: when text matches /a+b/ then ham\n', 'r.yaml'),
    });
    expect(r.rules[0].covered).toBe(0);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('a 10 MB rule or rules file is refused by its size', () => {
    const big = 'when x > 1 and '.repeat(700_000) + 'x > 1 then a';
    expect(fastError(() => loadRules(JSON.stringify([{ name: 'huge', rule: big }]), 'big.json'))).toMatch(
      /^big\.json: rules file is \d+ characters; at most 1000000$/,
    );
    expect(
      fastError(() => loadRules(JSON.stringify([{ name: 'long', rule: big.slice(0, 200_000) }]), 'r.json')),
    ).toMatch(/^r\.json: rule "long": is 200000 characters long; a rule may have at most 4000$/);
  });

  it('deep nesting is refused at the depth limit, with its position', () => {
    const deep = `when ${'('.repeat(1000)}x > 1${')'.repeat(1000)} then a`;
    expect(fastError(() => loadRules(JSON.stringify([{ name: 'deep', rule: deep }]), 'r.json'))).toBe(
      `r.json: rule "deep", char ${5 + MAX_DEPTH + 2}: nested more than ${MAX_DEPTH} deep`,
    );
    const nots = `when ${'not '.repeat(900)}x > 1 then a`;
    expect(fastError(() => loadRules(JSON.stringify([{ name: 'nots', rule: nots }]), 'r.json'))).toMatch(
      /nested more than/,
    );
  });

  it('too many rules', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ name: `r${i}`, rule: 'when x > 1 then a' }));
    expect(fastError(() => loadRules(JSON.stringify(many), 'r.json'))).toBe(
      'r.json: 1001 rules; at most 1000',
    );
  });

  it('a 10 MB rules file on disk is refused by its size before it is read', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'assay-rules-')), 'huge.yaml');
    fs.writeFileSync(file, '- name: a\n  rule: ' + 'when x > 1 and '.repeat(700_000) + 'x > 1 then a\n');
    expect(fastError(() => readRulesFile(file))).toMatch(
      /^huge\.yaml: rules file is 105000\d\d bytes; at most 1000000$/,
    );
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});
