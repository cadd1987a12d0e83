// `assay diff <reference> <candidate>`: what changed between a vetted version of a dataset and a
// new one (rows added, removed and changed, label changes, per-class shifts), and with --scan
// which of the changes the detectors flag. Exit 0 when done, 1 when --scan flags changed rows, 2
// on a usage or input error.
import fs from 'node:fs';
import path from 'node:path';
import { sourcesFromPath } from '../src/core/data/node-source';
import type { DatasetDiff } from '../src/core/diff/diff-datasets';
import type { FlaggedDiff } from '../src/core/diff/flag-changes';
import type { LoadedWithRoles } from '../src/core/load-and-infer';
import { ASSAY_VERSION } from '../src/core/report/report-json';
import type { RoleOverrides, ScanSettings } from '../src/core/types';
import { InputError } from '../src/core/types';
import { intFlag, parseArgs, SCAN_COMMAND_FLAGS, takeFlags, UsageError } from './args';
import { nodeInputGraph } from './input-graph';
import { progressLine, roleOverrides, selectNodeBackend } from './redteam';

export const DIFF_USAGE = `usage: assay diff <reference> <candidate> [options]

Compares a vetted reference version of a dataset with a new candidate version. Rows are matched
by the id column when both have one, else by a hash of their feature cells. Prints rows added,
removed and changed, label changes and per-class shifts; writes diff.json and diff.csv.

options:
  --scan             also scan the candidate and list the added and changed rows it flags
  --out DIR          where diff.json and diff.csv go (default: assay-out)
  --json             print the diff as JSON instead of a summary
  --label, --id, --annotator, --text, --image COL   column roles (for both versions)
  --seed N, --folds K, --k N, --epochs N, --backend wasm|cpu, --quiet   for --scan, as for scan

exit status: 0 compared (nothing flagged), 1 --scan flags added or changed rows, 2 usage or input error`;

export const DIFF_FLAGS = new Set(SCAN_COMMAND_FLAGS);

/** Rows listed by name in the summary, per kind of change. */
const LIST = 10;

async function load(target: string, roles: RoleOverrides): Promise<LoadedWithRoles> {
  if (!fs.existsSync(target)) throw new InputError(target, 'no such file or folder');
  const { loadAndInfer } = await import('../src/core/load-and-infer');
  try {
    return await loadAndInfer(await sourcesFromPath(target), roles);
  } catch (e) {
    // A role override naming a column this version lacks: say which version.
    if (e instanceof InputError && e.file === '') throw new InputError(target, e.message);
    throw e;
  }
}

/** Reasons on one terminal line; diff.csv and diff.json keep them whole. */
const cut = (s: string) => (s.length > 110 ? `${s.slice(0, 109)}…` : s);
const some = (ids: string[]) => (ids.length > LIST ? `${ids.slice(0, LIST).join(', ')}, …` : ids.join(', '));

function summary(diff: DatasetDiff | FlaggedDiff): string[] {
  const lines = [
    `${diff.reference.name} (${diff.reference.rows} rows) → ${diff.candidate.name} (${diff.candidate.rows} rows), matched by ${diff.matchedBy} (${diff.matchColumns.join(', ') || 'nothing'})`,
    `  added ${diff.added.length}, removed ${diff.removed.length}, changed ${diff.changed.length}, relabelled ${diff.relabelled.length}, unchanged ${diff.unchanged}`,
  ];
  if (diff.columns.added.length || diff.columns.removed.length)
    lines.push(
      `  columns added: ${diff.columns.added.join(', ') || '-'}; removed: ${diff.columns.removed.join(', ') || '-'}`,
    );
  if (diff.added.length) lines.push(`  added: ${some(diff.added.map((r) => r.id))}`);
  if (diff.removed.length) lines.push(`  removed: ${some(diff.removed.map((r) => r.id))}`);
  if (diff.changed.length)
    lines.push(
      `  changed: ${some(diff.changed.map((r) => `${r.id} (${r.cells.map((c) => c.column).join(', ')})`))}`,
    );
  if (diff.relabelled.length) {
    const pairs = new Map<string, number>();
    for (const r of diff.relabelled) {
      const k = `${r.from ?? '(none)'} → ${r.to ?? '(none)'}`;
      pairs.set(k, (pairs.get(k) ?? 0) + 1);
    }
    lines.push(
      `  label changes: ${[...pairs]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ×${n}`)
        .join('; ')}`,
    );
  }
  const shifted = diff.perClass.filter((c) => c.delta !== 0);
  if (shifted.length)
    lines.push(
      `  per class: ${shifted.map((c) => `${c.label} ${c.before} → ${c.after} (${c.delta > 0 ? '+' : ''}${c.delta})`).join('; ')}`,
    );
  for (const w of diff.warnings) lines.push(`  warning: ${w}`);
  if ('findings' in diff) {
    const f = diff.findings;
    const changes = f.added.rows + f.changed.rows + f.relabelled.rows;
    const pct = (a: number, b: number) => `${b ? ((100 * a) / b).toFixed(1) : '0.0'}%`;
    lines.push(
      `scan of the candidate: ${f.flaggedChanges} of the added/changed rows flagged (${pct(f.flaggedChanges, changes)}), against ${pct(f.unchanged.flagged, f.unchanged.rows)} of the unchanged rows`,
      `  added ${f.added.flagged}/${f.added.rows}, changed ${f.changed.flagged}/${f.changed.rows}, relabelled ${f.relabelled.flagged}/${f.relabelled.rows} flagged`,
    );
    const flagged = [
      ...diff.added.map((r) => ({ kind: 'added', id: r.id, v: r })),
      ...diff.changed.map((r) => ({ kind: 'changed', id: r.id, v: r })),
      ...diff.relabelled.map((r) => ({ kind: 'relabelled', id: r.id, v: r })),
    ]
      .filter((r) => r.v.flagged)
      .sort((a, b) => (b.v.suspicion ?? 0) - (a.v.suspicion ?? 0));
    for (const r of flagged.slice(0, 20))
      lines.push(
        `  ${r.kind.padEnd(10)} ${r.id.padEnd(12)} ${(r.v.suspicion ?? 0).toFixed(2)}  ${cut(r.v.reasons ?? '')}`,
      );
    if (flagged.length > 20) lines.push(`  … ${flagged.length - 20} more in diff.csv`);
  }
  return lines;
}

export async function runDiff(argv: string[]): Promise<number> {
  const taken = takeFlags(argv, [], ['scan', 'json']);
  const { positional, flags } = parseArgs(['diff', ...taken.rest], DIFF_FLAGS);
  if (flags.help) {
    process.stdout.write(DIFF_USAGE + '\n');
    return 0;
  }
  if (positional.length !== 2) throw new UsageError('diff needs a reference and a candidate');
  const scan = taken.set.has('scan');
  const quiet = flags.quiet === 'true';
  const roles = roleOverrides(flags);
  const settings: Partial<ScanSettings> = {
    seed: intFlag(flags, 'seed', 1),
    folds: intFlag(flags, 'folds', 4, 2),
    k: intFlag(flags, 'k', 10, 1),
    epochs: intFlag(flags, 'epochs', 0),
    roles,
  };
  const reference = await load(positional[0], roles);
  const candidate = await load(positional[1], roles);
  const { diffDatasets } = await import('../src/core/diff/diff-datasets');
  let diff: DatasetDiff | FlaggedDiff = diffDatasets(reference, candidate);
  if (scan) {
    await selectNodeBackend(flags, quiet);
    const { defaultSettings, scanLoaded } = await import('../src/core/pipeline');
    const { flagChanges } = await import('../src/core/diff/flag-changes');
    const { result } = await scanLoaded(
      candidate,
      { ...defaultSettings, ...settings, roles },
      { onProgress: progressLine(quiet), inputGraph: nodeInputGraph },
    );
    if (!quiet && process.stderr.isTTY) process.stderr.write('\n');
    diff = flagChanges(diff, result);
  }
  const out = flags.out ?? 'assay-out';
  fs.mkdirSync(out, { recursive: true });
  const { diffCsv } = await import('../src/core/diff/diff-csv');
  const document = { assay: { version: ASSAY_VERSION, generatedAt: new Date().toISOString() }, ...diff };
  const jsonFile = path.join(out, 'diff.json');
  const csvFile = path.join(out, 'diff.csv');
  fs.writeFileSync(jsonFile, JSON.stringify(document, null, 2) + '\n');
  fs.writeFileSync(csvFile, diffCsv(diff));
  if (taken.set.has('json')) process.stdout.write(JSON.stringify(document) + '\n');
  else process.stdout.write([...summary(diff), `wrote ${jsonFile} and ${csvFile}`].join('\n') + '\n');
  return 'findings' in diff && diff.findings.flaggedChanges > 0 ? 1 : 0;
}
