// `assay scan` on several annotators' judgements: a Label Studio JSON export and CSV export of
// the same judgements (300 mails, five annotators, three per item, a5 marks every spam as ham),
// a long table, a bad --judgements value and the bad-shapes export. Runs the real bin.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAssay, type CliRun } from './run-cli';
import { writeLabelQaFixtures, type LabelQaFixtures } from './label-qa-fixtures';

interface Consensus {
  method: string;
  format: string;
  perItem: { id: string; consensus: string | null; majority: string | null }[];
  annotators: { annotator: string; suspect: boolean; kappa: number; z: number; confusion: number[][] }[];
  splits: unknown[];
  flips: unknown[];
}

const report = (run: CliRun) => JSON.parse(fs.readFileSync(path.join(run.out, 'report.json'), 'utf8'));

function accuracy(c: Consensus, truth: Map<string, string>): number {
  const right = c.perItem.filter((it) => it.consensus === truth.get(it.id)).length;
  return right / c.perItem.length;
}

describe('assay scan with judgements', () => {
  let fx: LabelQaFixtures;
  let json: CliRun;
  let csv: CliRun;
  beforeAll(() => {
    fx = writeLabelQaFixtures();
    json = runAssay(['scan', fx.json, '--fail-on', 'annotator']);
    csv = runAssay(['scan', fx.csv, '--fail-on', 'annotator']);
  }, 600_000);

  it('loads a Label Studio JSON export: consensus, the suspect annotator, the gate fails on them', () => {
    expect(json.stderr).toBe('');
    expect(json.code).toBe(1);
    expect(json.stdout).toMatch(/gate annotator: FAILED — suspect annotator\(s\): 5 \(κ/);
    const r = report(json);
    const c = r.consensus as Consensus;
    expect(c.format).toBe('label-studio');
    expect(c.method).toBe('dawid-skene');
    expect(c.perItem).toHaveLength(300);
    expect(c.annotators.filter((a) => a.suspect).map((a) => a.annotator)).toEqual(['5']);
    expect(c.annotators[0].confusion).toHaveLength(2);
    expect(accuracy(c, fx.truth)).toBeGreaterThan(0.95);
    // The item column has the new role; the label is the majority vote the probe trained on.
    expect(r.columns).toContainEqual(expect.objectContaining({ name: 'id', role: 'item' }));
    expect(r.findings.byDetector.map((d: { name: string }) => d.name)).toContain('label-consensus');
  });

  it('the detectors ran on the consensus labels (scores.csv label column)', () => {
    const c = report(json).consensus as Consensus;
    const lines = fs.readFileSync(path.join(json.out, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
    const label = new Map(lines.map((l) => [l.split(',')[0], l.split(',')[1]]));
    for (const it of c.perItem) expect(label.get(it.id)).toBe(it.consensus);
  });

  it('loads the Label Studio CSV export of the same judgements to the same consensus', () => {
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(1);
    const a = report(json).consensus as Consensus;
    const b = report(csv).consensus as Consensus;
    expect(b.annotators.filter((x) => x.suspect).map((x) => x.annotator)).toEqual(['a5@example.com']);
    expect(b.perItem.map((it) => it.majority)).toEqual(a.perItem.map((it) => it.majority));
    expect(accuracy(b, fx.truth)).toBeGreaterThan(0.95);
  });

  it('reads a long table with --judgements long and refuses an unknown format in one line', () => {
    const long = runAssay(['scan', fx.long, '--judgements', 'long', '--fail-on', 'none']);
    expect(long.code).toBe(0);
    expect(report(long).consensus.format).toBe('long');
    const bad = runAssay(['scan', fx.long, '--judgements', 'tall']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe(
      'assay: --judgements must be one of long, wide, label-studio, none',
    );
  }, 300_000);

  it('a Label Studio export full of bad shapes: one warning line each, no crash', () => {
    const run = runAssay(['scan', 'tests/fixtures/label-studio/bad-shapes.json', '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const warnings = report(run).warnings as string[];
    expect(warnings.some((w) => /no result; skipped/.test(w))).toBe(true);
    expect(warnings.some((w) => /not one of the configured choices|choices \(/.test(w))).toBe(true);
    for (const w of warnings) expect(w).not.toMatch(/\n/);
  }, 300_000);
});
