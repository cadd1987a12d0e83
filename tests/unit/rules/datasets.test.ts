// The example rules files on the real datasets, loaded with the real loaders.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  readRulesFile,
  rulesForScan,
  rulesReportJson,
  rulesSummaryLines,
  runRuleChecks,
} from '../../../cli/rules';
import type { RuleCheckResult } from '../../../src/core/rules';
import type { LoadedDataset } from '../../../src/core/types';
import { DATASETS, loadPath } from '../data/helpers';

const FIXTURES = path.resolve('tests/fixtures/rules');

async function run(dataset: string, rules: string, label: string) {
  const d = await loadPath(path.join(DATASETS, dataset, 'data.csv'));
  const truth = JSON.parse(fs.readFileSync(path.join(DATASETS, dataset, 'truth.json'), 'utf8')) as {
    flipped_ids: number[];
  };
  const file = path.join(FIXTURES, rules);
  const check = runRuleChecks(readRulesFile(file), file, d.frame, label);
  return { d, check, flipped: new Set(truth.flipped_ids) };
}

function ids(d: LoadedDataset, rows: number[]): number[] {
  const id = d.frame.columns.find((c) => c.name === 'id')!;
  return rows.map((i) => Number(id.values[i]));
}

const flaggedRows = (c: RuleCheckResult) => [...c.flagged].flatMap((f, i) => (f ? [i] : []));

describe('rules on penguins-flip', () => {
  let r: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    r = await run('penguins-flip', 'penguins.yaml', 'species');
  });

  it('measures each rule; all are precise on 347 penguins', () => {
    const byName = Object.fromEntries(r.check.rules.map((s) => [s.name, s]));
    expect(byName['long-bill-not-adelie']).toMatchObject({
      covered: 175,
      agree: 162,
      contradict: 13,
      precise: true,
    });
    expect(byName['gentoo-flippers']).toMatchObject({ covered: 87, agree: 80, contradict: 7 });
    expect(byName['gentoo-not-on-dream']).toMatchObject({ covered: 124, agree: 122, contradict: 2 });
    expect(byName['no-measurements']).toMatchObject({ covered: 2, expects: 'invalid' });
    expect(r.check.rules.every((s) => s.precise)).toBe(true);
    expect(r.check.conflicts).toEqual([
      expect.objectContaining({ a: 'long-bill-not-adelie', b: 'torgersen-adelie', rows: 3 }),
    ]);
  });

  it('flags 20 of the 21 flipped labels among 30 rows; a contradicted row names the rule', () => {
    const rows = flaggedRows(r.check);
    expect(rows.length).toBe(30);
    expect(ids(r.d, rows).filter((id) => r.flipped.has(id)).length).toBe(20);
    const row0 = ids(r.d, rows).indexOf(0); // id 0: a Chinstrap relabelled Adelie
    expect(row0).toBeGreaterThanOrEqual(0);
    expect(r.check.reasons[rows[row0]]).toMatch(
      /rule "long-bill-not-adelie" expects not "Adelie", label is "Adelie"/,
    );
    const table = rulesSummaryLines(r.check, 'penguins.yaml');
    expect(table[0]).toBe('rules penguins.yaml: 7 rules, 30 rows flagged');
    expect(table.join('\n')).toMatch(/long-bill-not-adelie\s+175\s+93%\s+88%\s+13\s+yes/);
    const json = rulesReportJson(r.check, 'tests/fixtures/rules/penguins.yaml');
    expect(json).toMatchObject({ file: 'penguins.yaml', flagged: 30 });
    expect(JSON.parse(JSON.stringify(json)).rows[0].reasons[0].atlas[0].id).toMatch(/^AML\.T00(20|59)$/);
  });
});

describe('rules on spam-flip', () => {
  it('measures the mail rules and flags flipped labels, naming the rule', async () => {
    const t = performance.now();
    const r = await run('spam-flip', 'spam.json', 'label');
    expect(performance.now() - t).toBeLessThan(20_000);
    const byName = Object.fromEntries(r.check.rules.map((s) => [s.name, s]));
    expect(byName['reply-ham']).toMatchObject({ covered: 988, agree: 882, precise: true });
    expect(byName['mailing-list']).toMatchObject({ covered: 394, agree: 346, precise: true });
    expect(byName['unsubscribe']).toMatchObject({ covered: 269, agree: 184, precise: true });
    const rows = flaggedRows(r.check);
    expect(rows.length).toBe(297);
    expect(ids(r.d, rows).filter((id) => r.flipped.has(id)).length).toBe(114);
    const flippedRow = rows.find((i) => r.flipped.has(ids(r.d, [i])[0]))!;
    expect(r.check.reasons[flippedRow]).toMatch(/^rule "[a-z-]+" expects /);
  });
});

describe('rulesForScan', () => {
  it('takes the label column from the roles and the predictions as the model column', async () => {
    const d = await loadPath(path.join(DATASETS, 'penguins-flip', 'data.csv'));
    const file = path.join(FIXTURES, 'penguins.yaml');
    const classes = ['Adelie', 'Chinstrap', 'Gentoo'];
    const labelCol = d.frame.columns.find((c) => c.name === 'species')!;
    // A model that predicts the given label everywhere agrees with the rule as the labels do.
    const predicted = Int32Array.from({ length: d.frame.numRows }, (_, i) =>
      classes.indexOf(String(labelCol.values[i])),
    );
    const check = rulesForScan(
      readRulesFile(file),
      file,
      d.frame,
      { species: 'label' },
      { classes, predicted },
    );
    const s = check.rules.find((r) => r.name === 'long-bill-not-adelie')!;
    expect(s).toMatchObject({ modelChecked: 175, modelAgree: 162 });
    expect(rulesSummaryLines(check, 'penguins.yaml')[1]).toMatch(/model$/);
    expect(() => rulesForScan(readRulesFile(file), file, d.frame, {})).toThrow(/need a label column/);
  });
});
