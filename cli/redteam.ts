// `assay redteam <path> --attack SPEC [--attack SPEC…]`: plant synthetic attacks into copies of
// the dataset (never the files themselves), scan each copy, and report how much of each attack
// the scan found. Exit 0 when done, 1 when an attack's AUROC falls below --min-auroc, 2 on a
// usage or input error.
import fs from 'node:fs';
import path from 'node:path';
import { sourcesFromPath } from '../src/core/data/node-source';
import { AttackParseError, parseAttack } from '../src/core/redteam/parse-attack';
import type { RedteamReport, RedteamRun } from '../src/core/redteam/redteam';
import { ASSAY_VERSION } from '../src/core/report/report-json';
import type { AttackRequest } from '../src/core/redteam/attack';
import type { BackendName, Progress, RoleOverrides, ScanSettings } from '../src/core/types';
import { InputError } from '../src/core/types';
import { intFlag, parseArgs, SCAN_COMMAND_FLAGS, takeFlags, UsageError } from './args';
import { nodeInputGraph } from './input-graph';

export const REDTEAM_USAGE = `usage: assay redteam <file-or-folder> --attack SPEC [--attack SPEC…] [options]

Plants synthetic attacks into copies of the dataset (the files are never modified), scans each
copy and reports how much of the planted attack the scan found: AUROC of the suspicion, recall at
k = 1.5 × planted, and the flagged set's precision, recall and F1.

attacks (a parameter left out, or "random", is drawn from the seed):
  patch:size=3,place=br,pattern=solid,value=1,target=Coat,rate=0.03
        BadNets patch on images; place tl|tr|bl|br|c or top=R,left=C; pattern solid|checker|random
  flip:rate=0.05[,annotator=a2][,from=CLASS][,to=CLASS]
        label flips, optionally concentrated in one annotator or one class pair
  phrase:text="cheap pills",target=spam,rate=0.02
        a trigger phrase inserted into texts, relabelled to the target
  campaign:rate=0.02,target=ham[,source=spam][,annotator=a3][,jitter=0.1][,template="…"]
        a coordinated batch: near-duplicates of one source-class row (text: words swapped, numbers
        redrawn, a name added; tables: numbers jittered by jitter sd), all labelled target by one
        annotator
  every attack also takes seed=N; rate may be written 0.03 or 3%

options:
  --attack SPEC      an attack to plant (repeatable; each is planted into its own copy)
  --out DIR          where redteam.json goes (default: assay-out)
  --json             print the report as JSON instead of tables
  --min-auroc X      exit 1 when an attack's AUROC is below X (a gate for CI)
  --seed N           random seed of the scans and of attacks that name none (default 1)
  --label, --id, --annotator, --text, --image COL   column roles, as for scan
  --folds K, --k N, --epochs N, --backend wasm|cpu, --quiet   as for scan`;

export const REDTEAM_FLAGS = new Set([...SCAN_COMMAND_FLAGS, 'min-auroc']);

/** Column-role flags, as scan reads them. */
export function roleOverrides(flags: Record<string, string>): RoleOverrides {
  const roles: RoleOverrides = {};
  if (flags.label) roles.label = flags.label;
  if (flags.id) roles.id = flags.id;
  if (flags.annotator) roles.annotator = flags.annotator;
  if (flags.image) roles.image = flags.image;
  if (flags.text) roles.text = flags.text.split(',');
  return roles;
}

/** Progress on stderr: a line per stage change or 10 points (a redraw on a terminal). */
export function progressLine(quiet: boolean): (p: Progress) => void {
  if (quiet) return () => {};
  let last = '';
  let lastPct = -100;
  return (p) => {
    const pct = Math.floor(p.fraction * 100);
    const label = `${p.stage}${p.detail ? ` (${p.detail})` : ''}`;
    if (!process.stderr.isTTY && label.split(':')[0] === last && pct - lastPct < 10) return;
    last = label.split(':')[0];
    lastPct = pct;
    const line = `assay: ${label} ${pct}%`;
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  };
}

export async function selectNodeBackend(flags: Record<string, string>, quiet: boolean): Promise<void> {
  const backend = flags.backend as BackendName | undefined;
  if (backend && !['wasm', 'cpu'].includes(backend))
    throw new UsageError('--backend must be wasm or cpu in Node');
  const { selectBackend } = await import('../src/core/model/backend');
  const selection = await selectBackend({ force: backend, measure: 'chosen' });
  if (!quiet) process.stderr.write(`assay: backend ${selection.backend} — ${selection.reason}\n`);
}

const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

function runTable(run: RedteamRun, index: number, total: number): string[] {
  const s = run.score;
  const best = s.detectors[0];
  const rows: [string, string][] = [
    ['planted rows', String(run.plantedCount)],
    ['AUROC (suspicion)', f3(s.auroc)],
    [`recall@k (k = ${s.k})`, f3(s.recallAtK)],
    ['average precision', f3(s.averagePrecision)],
    ['flagged', `${s.flagged.count} (${s.flagged.truePositives} planted)`],
    ['flagged P / R / F1', `${f3(s.flagged.precision)} / ${f3(s.flagged.recall)} / ${f3(s.flagged.f1)}`],
    [
      'best single detector',
      best
        ? `${best.name} AUROC ${f3(best.auroc)} (its own flags: ${best.flagged}, ${best.truePositives} of them planted)`
        : 'n/a',
    ],
    ...(s.annotator
      ? ([
          [
            'annotator',
            `${s.annotator.name} ranked ${s.annotator.rank} of ${s.annotator.of} by flagged share ` +
              `(${(100 * s.annotator.flaggedShare).toFixed(1)} %)${s.annotator.suspect ? ', named suspect' : ''}`,
          ],
        ] as [string, string][])
      : []),
    ['scan time', `${(run.scanMs / 1000).toFixed(1)} s`],
  ];
  return [
    `attack ${index + 1} of ${total}: ${run.description}`,
    ...rows.map(([k, v]) => `  ${k.padEnd(24)} ${v}`),
    ...run.notes.map((n) => `  note: ${n}`),
  ];
}

export async function runRedteam(argv: string[]): Promise<number> {
  const taken = takeFlags(argv, ['attack'], ['json']);
  const { positional, flags } = parseArgs(['redteam', ...taken.rest], REDTEAM_FLAGS);
  if (flags.help) {
    process.stdout.write(REDTEAM_USAGE + '\n');
    return 0;
  }
  if (positional.length !== 1) throw new UsageError('redteam needs exactly one file or folder');
  const specs = taken.values.attack;
  if (!specs.length)
    throw new UsageError('redteam needs at least one --attack (e.g. --attack patch:rate=0.03)');
  let attacks: AttackRequest[];
  try {
    attacks = specs.map(parseAttack);
  } catch (e) {
    if (e instanceof AttackParseError) throw new UsageError(e.message);
    throw e;
  }
  let minAuroc: number | null = null;
  if (flags['min-auroc'] !== undefined) {
    minAuroc = Number(flags['min-auroc']);
    if (!(minAuroc >= 0 && minAuroc <= 1))
      throw new UsageError(`--min-auroc must be in 0..1, got "${flags['min-auroc']}"`);
  }
  const target = positional[0];
  if (!fs.existsSync(target)) throw new InputError(target, 'no such file or folder');
  const quiet = flags.quiet === 'true';
  const json = taken.set.has('json');
  const { defaultSettings } = await import('../src/core/scan-settings');
  const settings: ScanSettings = {
    ...defaultSettings,
    seed: intFlag(flags, 'seed', 1),
    folds: intFlag(flags, 'folds', 4, 2),
    k: intFlag(flags, 'k', 10, 1),
    epochs: intFlag(flags, 'epochs', 0),
    roles: roleOverrides(flags),
  };
  await selectNodeBackend(flags, quiet);
  const { redteam } = await import('../src/core/redteam/redteam');
  const report: RedteamReport = await redteam(await sourcesFromPath(target), attacks, settings, {
    onProgress: progressLine(quiet),
    inputGraph: nodeInputGraph,
  });
  if (!quiet && process.stderr.isTTY) process.stderr.write('\n');
  const out = flags.out ?? 'assay-out';
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, 'redteam.json');
  const document = { assay: { version: ASSAY_VERSION, generatedAt: new Date().toISOString() }, ...report };
  fs.writeFileSync(file, JSON.stringify(document, null, 2) + '\n');

  const below = minAuroc === null ? [] : report.runs.filter((r) => (r.score.auroc ?? 0) < minAuroc);
  if (json) {
    process.stdout.write(JSON.stringify(document) + '\n');
  } else {
    const lines = [
      `${report.dataset.name}: ${report.dataset.numRows} rows, ${report.runs.length} attack(s) planted into copies, backend ${report.backend}, seed ${settings.seed}`,
    ];
    report.runs.forEach((run, i) => lines.push(...runTable(run, i, report.runs.length)));
    lines.push(`wrote ${file}`);
    if (minAuroc !== null)
      lines.push(
        below.length
          ? `gate min-auroc ${minAuroc}: FAILED — ${below.map((r) => `attack ${report.runs.indexOf(r) + 1} AUROC ${f3(r.score.auroc)}`).join('; ')}`
          : `gate min-auroc ${minAuroc}: passed`,
      );
    process.stdout.write(lines.join('\n') + '\n');
  }
  return below.length ? 1 : 0;
}
