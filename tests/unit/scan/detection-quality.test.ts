// Detection quality on the shared datasets with planted poisoning, through the real CLI, scored
// by ../shared/tools/score.mjs. Thresholds sit a little under what was measured (README, bench
// JSON), so a regression in any stage — loading, features, probe, detectors, combine — fails.
// `flagged` means suspected poisoning (issue 13): ambiguous samples (natural class overlap) have
// their own column and do not count.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssay, scoreRun, SHARED } from '../cli/run-cli';

const data = (ds: string, file: string) => path.join(SHARED, 'datasets', ds, file);

describe('detection quality (CLI, seed 1)', () => {
  it('penguins-flip: flips ranked first, all 3 conflicting duplicates flagged', () => {
    const run = runAssay(['scan', data('penguins-flip', 'data.csv'), '--fail-on', 'none']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const s = scoreRun('penguins-flip', run.out);
    expect(s.by_kind!.flipped.auroc).toBeGreaterThanOrEqual(0.98);
    const truth = JSON.parse(fs.readFileSync(data('penguins-flip', 'truth.json'), 'utf8'));
    const rows = fs.readFileSync(path.join(run.out, 'scores.csv'), 'utf8').trim().split('\n');
    const head = rows[0].split(',');
    const flaggedById = new Map(
      rows
        .slice(1)
        .map((l) => l.split(','))
        .map((c) => [c[0], c[head.indexOf('flagged')]]),
    );
    for (const [, dup] of truth.duplicate_pairs as number[][]) expect(flaggedById.get(String(dup))).toBe('1');
    // Measured 2026-12-03: 23 flagged, 20 planted (17 of 21 flips, 3 of 3 duplicates; the other 3
    // are the duplicates' first halves); the 4 flips left are ambiguous (ranked just under).
    expect(s.flag.precision).toBeGreaterThanOrEqual(0.85);
    expect(s.flag.recall).toBeGreaterThanOrEqual(0.8);
    expect(head).toContain('ambiguous');
  });

  it('spam-flip: flipped labels found and annotator a4 ranked first', () => {
    const run = runAssay(['scan', data('spam-flip', 'data.csv'), '--fail-on', 'annotator']);
    // The gate fails because a4 is a suspect annotator: exit 1 with the reason on stdout.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/suspect annotator\(s\): a4/);
    const s = scoreRun('spam-flip', run.out);
    // The floor is flag F1 ≥ 0.88 (measured 0.8865 with seed 1 once the flags need strong
    // evidence, 2026-12-03: P 0.93, R 0.85; before, 0.897).
    expect(s.auroc).toBeGreaterThanOrEqual(0.98);
    expect(s.flag.f1).toBeGreaterThanOrEqual(0.88);
    const report = JSON.parse(fs.readFileSync(path.join(run.out, 'report.json'), 'utf8'));
    expect(report.annotators[0].annotator).toBe('a4');
    expect(report.input.files[0].sha256).toBe(
      '835ef8267197334101b9e7ae094a6c839081f4a2e99834dd287f78693f44964e',
    );
  });

  it('fashion-badnets: the BadNets trigger group ranks at the top', () => {
    const run = runAssay(['scan', data('fashion-badnets', 'data.arrow'), '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const s = scoreRun('fashion-badnets', run.out);
    // The floors: AUROC ≥ 0.99, recall@k ≥ 0.95 (measured 0.9998 and 1.00 with seed 1).
    expect(s.auroc).toBeGreaterThanOrEqual(0.99);
    expect(s.recall_at_k).toBeGreaterThanOrEqual(0.95);
    const gap = scoreRun('fashion-badnets', run.out, 'support-gap');
    expect(gap.auroc).toBeGreaterThanOrEqual(0.99);
    // Issue 13: flagged ≤ 1.3 × planted with recall ≥ 0.98 (measured 353 flagged, 300 of 300,
    // F1 0.919; it was 760, F1 0.57, when confident learning's overlap counted as flags).
    expect(s.flag.recall).toBeGreaterThanOrEqual(0.98);
    expect(s.flag.flagged).toBeLessThanOrEqual(1.3 * 300);
    expect(s.flag.f1).toBeGreaterThanOrEqual(0.9);
  });

  it('fashion-60k (clean): at most 1 % flagged, the natural confusions ambiguous', () => {
    const run = runAssay([
      'scan',
      path.join(SHARED, 'datasets', 'fashion-60k', 'data.arrow'),
      '--fail-on',
      'rate:0.01',
    ]);
    // Measured 2026-12-03: 481 flagged (0.80 %), 3,528 ambiguous; before, 4,009 flagged (6.7 %).
    expect(run.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(run.out, 'report.json'), 'utf8'));
    expect(report.findings.flagged).toBeLessThanOrEqual(600);
    expect(report.findings.ambiguous).toBeGreaterThanOrEqual(3000);
    expect(run.stdout).toMatch(/\d+ flagged \(0\.\d%\), \d+ ambiguous/);
  });
});
