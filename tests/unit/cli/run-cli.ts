// Runs the real `assay` bin in a child process and scores its scores.csv with the shared scorer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SHARED = path.resolve('../shared');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

export function runAssay(args: string[], timeoutMs = 600_000): CliRun {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-cli-'));
  const r = spawnSync(process.execPath, ['bin/assay.mjs', ...args, '--out', out, '--quiet'], {
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, out };
}

export interface Score {
  auroc: number;
  recall_at_k: number;
  precision_at_k: number;
  flag: { f1: number; precision: number; recall: number; flagged: number };
  by_kind?: Record<string, { positives: number; auroc: number; recall_at_k: number }>;
}

export function scoreRun(dataset: string, out: string, column = 'suspicion'): Score {
  const r = spawnSync(
    process.execPath,
    [
      path.join(SHARED, 'tools/score.mjs'),
      path.join(SHARED, 'datasets', dataset, 'truth.json'),
      path.join(out, 'scores.csv'),
      '--score',
      column,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`score.mjs failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}
