// `assay redteam`: a flip attack concentrated in one class pair on penguins, reported in a table
// and in redteam.json; the --min-auroc gate; one-line usage errors (exit 2).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssay, SHARED } from './run-cli';

const PENGUINS = path.join(SHARED, 'datasets/penguins-flip/data.csv');

describe('assay redteam', () => {
  it('plants, scans, reports; the gate fails below --min-auroc', () => {
    const r = runAssay([
      'redteam',
      PENGUINS,
      '--label',
      'species',
      '--attack',
      'flip:rate=0.04,from=Gentoo,to=Adelie,seed=5',
      '--min-auroc',
      '0.999',
    ]);
    expect(r.stderr).toBe('');
    const report = JSON.parse(fs.readFileSync(path.join(r.out, 'redteam.json'), 'utf8'));
    expect(report.format).toBe('assay-redteam');
    const run = report.runs[0];
    expect(run.spec).toEqual({ kind: 'flip', rate: 0.04, fromClass: 'Gentoo', toClass: 'Adelie', seed: 5 });
    expect(run.plantedCount).toBe(14);
    expect(run.plantedRows).toHaveLength(14);
    expect(run.score.k).toBe(21);
    expect(r.stdout).toMatch(
      /attack 1 of 1: label flips on 4% of rows \(class "Gentoo"\) → "Adelie": 14 rows/,
    );
    expect(r.stdout).toMatch(/AUROC \(suspicion\)\s+\d\.\d{3}/);
    console.log(r.stdout);
    // The gate: exit 1 exactly when the AUROC is below the floor.
    expect(r.code).toBe(run.score.auroc < 0.999 ? 1 : 0);
    expect(r.stdout).toMatch(/gate min-auroc 0\.999: (FAILED|passed)/);
  });

  it('usage errors exit 2 with one line', () => {
    const none = runAssay(['redteam', PENGUINS]);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toMatch(/^assay: redteam needs at least one --attack/);
    const bad = runAssay(['redteam', PENGUINS, '--attack', 'patch:size=zero']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toMatch(/^assay: attack "patch:size=zero": size must be an integer/);
    const noImages = runAssay(['redteam', PENGUINS, '--attack', 'patch']);
    expect(noImages.code).toBe(2);
    expect(noImages.stderr.trim()).toBe('assay: data.csv: patch attack: the data has no image column');
    const noClass = runAssay(['redteam', PENGUINS, '--attack', 'flip:to=Emperor']);
    expect(noClass.code).toBe(2);
    expect(noClass.stderr.trim()).toMatch(/^assay: data\.csv: flip attack to: no class "Emperor"/);
  });
});
