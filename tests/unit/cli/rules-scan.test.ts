// `assay scan --rules`: the rule checks run inside the scan (settings.rules) as evidence in the
// combined suspicion; the CLI prints a per-rule table, report.json has a `rules` section, and a
// contradicted row's reason names the rule. A hostile rules file is one line, exit 2, at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAssay, SHARED, type CliRun } from './run-cli';

const FIXTURES = path.resolve('tests/fixtures/rules');

interface ReportRules {
  file: string;
  flagged: number;
  rules: { name: string; covered: number; contradict: number; precise: boolean; modelChecked?: number }[];
  conflicts: { a: string; b: string; rows: number }[];
  rows: { row: number; id: string; reasons: { rule: string; atlas: { id: string; name: string }[] }[] }[];
  atlas: { id: string; name: string }[];
}

function scores(out: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(fs.readFileSync(path.join(out, 'scores.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

const dataset = (name: string) => path.join(SHARED, 'datasets', name, 'data.csv');

describe.each([
  { name: 'penguins-flip', rules: 'penguins.yaml', rule: 'long-bill-not-adelie' },
  { name: 'spam-flip', rules: 'spam.json', rule: 'mailing-list' },
])('assay scan $name --rules $rules', ({ name, rules, rule }) => {
  let run: CliRun;
  let report: { rules: ReportRules; findings: { byDetector: { name: string; atlas: unknown[] }[] } };
  beforeAll(() => {
    run = runAssay(['scan', dataset(name), '--rules', path.join(FIXTURES, rules), '--fail-on', 'none']);
    report = JSON.parse(fs.readFileSync(path.join(run.out, 'report.json'), 'utf8'));
  }, 600_000);

  it('prints a per-rule table under the summary', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`rules .*${rules.replace('.', '\\.')}: \\d+ rules, \\d+ rows flagged`),
    );
    expect(run.stdout).toMatch(/rule\s+covered\s+agree\s+≥agree\s+contradicts\s+precise\s+model/);
    expect(run.stdout).toMatch(new RegExp(`^  ${rule}\\s+\\d+\\s+\\d+%`, 'm'));
    expect(run.stdout).toMatch(/^ {2}rule-checks\s+\d+ flagged$/m);
  });

  it('report.json has the rules section with every rule, the flagged rows and ATLAS tags', () => {
    const r = report.rules;
    expect(r.file).toBe(rules);
    expect(r.rules.map((x) => x.name)).toContain(rule);
    expect(r.flagged).toBe(r.rows.length);
    expect(r.flagged).toBeGreaterThan(0);
    // The model's vote is counted: the scan trained a probe.
    expect(r.rules.find((x) => x.name === rule)!.modelChecked).toBeGreaterThan(0);
    expect(r.atlas.map((t) => t.id)).toEqual(['AML.T0020']);
    for (const d of report.findings.byDetector) expect(d.atlas.length, d.name).toBeGreaterThan(0);
  });

  it('a row a precise rule contradicts is flagged, and its reason names the rule', () => {
    const row = report.rules.rows.find((x) => x.reasons.some((y) => y.rule === rule));
    expect(row, `a row contradicting ${rule}`).toBeDefined();
    const line = scores(run.out).find((x) => x.id === row!.id)!;
    expect(line.flagged).toBe('1');
    expect(Number(line['rule-checks'])).toBeGreaterThan(0.5);
    expect(line.reasons).toContain(`rule: "${rule}"`);
  });
});

describe('assay scan --rules with a bad or hostile rules file', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-rules-'));
  const write = (name: string, text: string) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it.each([
    [
      'a catastrophic regex',
      'evil.yaml',
      '- name: evil\n  rule: when text matches /(a+)+$/ then ham\n',
      /^assay: evil\.yaml: rule "evil", char \d+: /,
    ],
    [
      'a rule nested past the depth limit',
      'deep.json',
      JSON.stringify([{ name: 'deep', rule: `when ${'('.repeat(500)}x > 1${')'.repeat(500)} then ham` }]),
      /^assay: deep\.json: rule "deep"/,
    ],
    [
      'a file of a million characters',
      'big.yaml',
      `# ${'x'.repeat(1_100_000)}\n`,
      /^assay: big\.yaml: rules file is \d+ bytes; at most 1000000$/,
    ],
    ['no rules at all', 'empty.json', '[]', /^assay: empty\.json: no rules listed$/],
  ])('%s: exit 2 with one line, within seconds (before tfjs loads)', (_what, name, text, line) => {
    const t0 = performance.now();
    const r = runAssay(['scan', dataset('penguins-flip'), '--rules', write(name, text)], 60_000);
    const ms = performance.now() - t0;
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(line);
    // The process starts (tsx), reads the rules and stops: no load, no training.
    expect(ms).toBeLessThan(15_000);
    expect(fs.existsSync(path.join(r.out, 'report.json'))).toBe(false);
  });

  it('a rule about a column the data lacks stops the scan before training, naming the column', () => {
    const r = runAssay(
      [
        'scan',
        dataset('penguins-flip'),
        '--rules',
        write('col.yaml', '- name: c\n  rule: when beak > 3 then Adelie\n'),
      ],
      120_000,
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^assay: col\.yaml: rule "c", char 6: no column "beak" in the data/);
  });
});
