// Detection quality on the shared datasets with planted poisoning, through the real CLI, scored
// by ../shared/tools/score.mjs. Thresholds sit a little under what was measured (README, bench
// JSON), so a regression in any stage — loading, features, probe, detectors, combine — fails.
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
  });

  it('spam-flip: flipped labels found and annotator a4 ranked first', () => {
    const run = runAssay(['scan', data('spam-flip', 'data.csv'), '--fail-on', 'annotator']);
    // The gate fails because a4 is a suspect annotator: exit 1 with the reason on stdout.
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/suspect annotator\(s\): a4/);
    const s = scoreRun('spam-flip', run.out);
    // The floor is flag F1 ≥ 0.88 (measured 0.897 with seed 1).
    expect(s.auroc).toBeGreaterThanOrEqual(0.98);
    expect(s.flag.f1).toBeGreaterThanOrEqual(0.87);
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
  });
});
