// `assay diff`: the scripted update's changes in diff.json, exit 1 when --scan flags changed rows,
// and one-line errors (exit 2) that name the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAssay } from './run-cli';
import { PENGUINS_CSV, scriptedUpdate } from '../diff/script-changes';

function candidateFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-diff-'));
  const file = path.join(dir, 'candidate.csv');
  fs.writeFileSync(file, scriptedUpdate().csv);
  return file;
}

describe('assay diff', () => {
  it('writes diff.json and diff.csv with exactly the scripted changes; exit 0 without --scan', () => {
    const update = scriptedUpdate();
    const r = runAssay(['diff', PENGUINS_CSV, candidateFile()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/added 4, removed 3, changed 3, relabelled 3, unchanged 339/);
    const diff = JSON.parse(fs.readFileSync(path.join(r.out, 'diff.json'), 'utf8'));
    expect(diff.format).toBe('assay-diff');
    expect(diff.added.map((a: { id: string }) => a.id).sort()).toEqual(update.added);
    expect(diff.removed.map((a: { id: string }) => a.id).sort()).toEqual([...update.removed].sort());
    expect(diff.relabelled.map((a: { id: string }) => a.id).sort()).toEqual(
      [...update.relabelled.keys()].sort(),
    );
    expect(diff.changed.map((a: { id: string }) => a.id).sort()).toEqual([...update.edited.keys()].sort());
    expect(fs.readFileSync(path.join(r.out, 'diff.csv'), 'utf8').split('\n')[0]).toMatch(/^change,id,/);
  });

  it('--scan: exits 1 when the detectors flag changed rows and lists them', () => {
    const r = runAssay(['diff', PENGUINS_CSV, candidateFile(), '--scan', '--label', 'species']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/scan of the candidate: \d+ of the added\/changed rows flagged/);
    const diff = JSON.parse(fs.readFileSync(path.join(r.out, 'diff.json'), 'utf8'));
    expect(diff.findings.flaggedChanges).toBeGreaterThan(0);
    // The added rows copy existing penguins with another species: conflicting duplicates.
    expect(diff.findings.added).toEqual({ rows: 4, flagged: 4 });
  });

  it('usage and input errors: exit 2, one line naming the file', () => {
    const u = runAssay(['diff', PENGUINS_CSV]);
    expect(u.code).toBe(2);
    expect(u.stderr.split('\n')[0]).toBe('assay: diff needs a reference and a candidate');
    expect(u.stderr.split('\n')[1]).toMatch(/^usage: assay diff/);
    const m = runAssay(['diff', PENGUINS_CSV, 'no/such.csv']);
    expect(m.code).toBe(2);
    expect(m.stderr.trim()).toBe('assay: no/such.csv: no such file or folder');
    const c = runAssay(['diff', PENGUINS_CSV, candidateFile(), '--label', 'colour']);
    expect(c.code).toBe(2);
    expect(c.stderr.trim()).toMatch(/^assay: .*data\.csv: no column "colour"/);
  });
});
