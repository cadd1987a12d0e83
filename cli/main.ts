// `assay` on the command line: the same engine as the page, for CI pipelines.
//   assay scan <path> [--label COL] [--id COL] [--annotator COL] [--text COL] [--image COL]
//                     [--embedding COL] [--out DIR] [--seed N] [--folds K] [--k N] [--epochs N]
//                     [--backend wasm|cpu] [--fail-on RULE] [--manifest FILE] [--rules FILE]
//                     [--report] [--quiet]
//   assay manifest create|verify …   (see manifest.ts)
//   assay redteam <path> --attack SPEC …   (see redteam.ts)
//   assay diff <reference> <candidate> …   (see diff.ts)
// Exit 0: scanned, nothing above the gate; 1: findings above the gate or a file that differs from
// its manifest; 2: usage or input error.
import fs from 'node:fs';
import path from 'node:path';
import { filesForSplit } from '../src/core/data/hf-layout';
import { sourcesFromPath } from '../src/core/data/node-source';
import { countStatuses, verifyFiles, type VerifyResult } from '../src/core/provenance/manifest';
import { recordsSources, vetManifest } from '../src/core/provenance/vetting';
import { atlasTags } from '../src/core/report/atlas';
import { buildReport } from '../src/core/report/report-json';
import { scoresCsv } from '../src/core/report/scores';
import type { BackendName, Progress, RoleOverrides, SourceFile, UserModelFiles } from '../src/core/types';
import { InputError } from '../src/core/types';
import { intFlag, parseArgs, UsageError } from './args';
import { cliAudit, writeAudit } from './audit';
import { DIFF_USAGE, runDiff } from './diff';
import { DEFAULT_GATE, evaluateGate } from './gate';
import { nodeInputGraph } from './input-graph';
import { findingLines, MANIFEST_USAGE, readManifest, runManifestArgv, verifyLines } from './manifest';
import { readRulesText, RULES_FLAG, RULES_HELP, rulesSummaryLines, scanRuleCheck } from './rules';
import { REDTEAM_USAGE, runRedteam } from './redteam';

const USAGE = `usage: assay scan <file-or-folder> [options]
       assay manifest create|verify …  (assay manifest --help)
       assay redteam <file-or-folder> --attack SPEC …  (assay redteam --help)
       assay diff <reference> <candidate> [--scan] …  (assay diff --help)

Scans a dataset (Arrow, Parquet, CSV/TSV, JSON/JSONL, a zip, a folder of images with one
sub-folder per class, a Hugging Face dataset folder, WebDataset .tar shards, or a table listing
image files) for poisoned and mislabelled samples. Nothing leaves this machine.

options:
  --label COL        label column (default: inferred)
  --id COL           id column (default: inferred, else the row number)
  --annotator COL    annotator column (default: inferred)
  --text COL         text column(s), comma-separated
  --image COL        image column
  --embedding COL    use this column of float vectors as the embeddings
  --judgements FORMAT  several annotators' labels per item: long (one row per judgement: item,
                     annotator, label), wide (one column per annotator), label-studio (its JSON or
                     CSV export), none (one label per row); default: inferred from the input
  --item COL         long format: the column naming the item each judgement is of
  --model FILE       use your own tfjs LayersModel (model.json; weight files next to it) for the
                     embeddings: its layer named "embedding", else its penultimate layer
  --out DIR          where scores.csv and report.json go (default: assay-out)
  --manifest FILE    verify the input files against this manifest (JSON or sha256sum) first;
                     a file that differs from it is a finding and fails the scan
${RULES_HELP}
  --report           also write audit.json and audit.html (a printable audit report)
  --seed N           random seed (default 1)
  --folds K          K-fold cross-validation (default 4)
  --k N              neighbours in the kNN graph (default 10)
  --epochs N         training epochs per fold (default: chosen by data size)
  --backend NAME     wasm or cpu (default: fastest measured)
  --fail-on RULE     any | count:N | rate:X | annotator | none, comma-separated
                     (default ${DEFAULT_GATE}: fail when more than 1% of samples are flagged)
  --split NAME       which split of a Hugging Face dataset to scan (default: train, else the first)
  --quiet            no progress on stderr

exit status: 0 nothing above the gate, 1 findings above the gate or a file modified since its
manifest, 2 usage or input error`;

const FLAGS = new Set([
  'label',
  'id',
  'annotator',
  'text',
  'image',
  'embedding',
  'judgements',
  'item',
  'model',
  'out',
  'seed',
  'folds',
  'k',
  'epochs',
  'backend',
  'fail-on',
  'manifest',
  RULES_FLAG,
  'report',
  'quiet',
  'help',
  'split',
]);

function progressPrinter(quiet: boolean): (p: Progress) => void {
  if (quiet) return () => {};
  let lastStage = '';
  let lastPct = -100;
  return (p) => {
    const pct = Math.floor(p.fraction * 100);
    const label = `${p.stage}${p.detail ? ` (${p.detail})` : ''}`;
    // On a terminal, redraw one line; in a CI log, a line per stage change or 5 points of progress.
    if (!process.stderr.isTTY && label === lastStage && pct - lastPct < 5) return;
    lastStage = label;
    lastPct = pct;
    const line = `assay: ${label} ${pct}%`;
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${line}` : `${line}\n`);
  };
}

/** The files of one split (--split) of a Hugging Face dataset; all files when none is asked for. */
function splitOf(files: SourceFile[], split: string | undefined): SourceFile[] {
  if (split === undefined) return files;
  try {
    return filesForSplit(files, split);
  } catch (e) {
    throw new UsageError(`--split: ${(e as Error).message}`);
  }
}

async function runScan(positional: string[], flags: Record<string, string>): Promise<number> {
  if (positional.length !== 1) throw new UsageError('scan needs exactly one file or folder');
  const target = positional[0];
  if (!fs.existsSync(target)) throw new InputError(target, 'no such file or folder');
  const roles: RoleOverrides = {};
  if (flags.label) roles.label = flags.label;
  if (flags.id) roles.id = flags.id;
  if (flags.annotator) roles.annotator = flags.annotator;
  if (flags.image) roles.image = flags.image;
  if (flags.text) roles.text = flags.text.split(',');
  if (flags.embedding) roles.embedding = flags.embedding;
  if (flags.item) roles.item = flags.item;
  if (flags.judgements) roles.judgements = judgementsFlag(flags.judgements);
  const backend = flags.backend as BackendName | undefined;
  if (backend && !['wasm', 'cpu'].includes(backend))
    throw new UsageError('--backend must be wasm or cpu in Node');
  // A bad or hostile rules file is an input error before anything else is done (or loaded).
  const rules = flags[RULES_FLAG] !== undefined ? readRulesText(flags[RULES_FLAG]) : null;
  // Loaded here, not at the top: `assay manifest` needs no tfjs and starts faster without it.
  const { selectBackend } = await import('../src/core/model/backend');
  const { loadAndInfer, scanLoaded } = await import('../src/core/pipeline');
  const { scanSettings } = await import('../src/core/scan-settings');
  const gate = flags['fail-on'] ?? DEFAULT_GATE;
  const quiet = flags.quiet === 'true';
  const settings = scanSettings({
    seed: intFlag(flags, 'seed', 1),
    folds: intFlag(flags, 'folds', 4, 2),
    k: intFlag(flags, 'k', 10, 1),
    epochs: intFlag(flags, 'epochs', 0),
    roles,
    embeddingSource: flags.model ? 'model' : flags.embedding ? 'column' : 'probe',
    ...(flags.model ? { userModel: readUserModel(flags.model) } : {}),
    ...(rules ? { rules } : {}),
  });
  // A bad manifest is an input error before any work is done.
  const manifestFile = flags.manifest;
  const manifest = manifestFile !== undefined ? readManifest(manifestFile) : null;

  const selection = await selectBackend({ force: backend, measure: 'chosen' });
  if (!quiet) process.stderr.write(`assay: backend ${selection.backend} — ${selection.reason}\n`);
  const files = await splitOf(await sourcesFromPath(target), flags.split);
  // The input graph is built in a worker thread, on the second core, while the probe trains.
  const control = { onProgress: progressPrinter(quiet), inputGraph: nodeInputGraph };
  // Loading hashes every input file once; the manifest is checked against those hashes before
  // training, so no file is read twice.
  const prepared = await loadAndInfer(files, settings.roles, control);
  let verification: VerifyResult[] | null = null;
  if (manifest) {
    // The manifest kept inside the folder it describes is not itself a dataset file.
    const isDir = fs.statSync(target).isDirectory();
    const own = path.resolve(manifestFile!);
    const scanned = prepared.summary.files.filter(
      (f) => path.resolve(isDir ? path.join(target, f.name) : target) !== own,
    );
    verification = verifyFiles(
      manifest,
      scanned.map((f) => ({ name: f.name, size: f.bytes, sha256: f.sha256 })),
    );
    const c = countStatuses(verification);
    if (!quiet && c.modified)
      process.stderr.write(`assay: ${c.modified} file(s) differ from ${manifestFile}; scanning anyway\n`);
  }
  const { dataset, result } = await scanLoaded(prepared, settings, control);
  if (!quiet && process.stderr.isTTY) process.stderr.write('\n');
  // Validate the gate before writing anything, so a typo is a usage error.
  const verdict = evaluateGate(gate, result);

  const out = flags.out ?? 'assay-out';
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'scores.csv'), scoresCsv(result));
  const report = buildReport(dataset, result);
  const counts = verification ? countStatuses(verification) : null;
  // A manifest that records sources is vetted too (origin, licence, who vetted it and when).
  const vetting = manifest && recordsSources(manifest) ? vetManifest(manifest) : [];
  // The manifest check sits in report.json next to the detectors' findings: a modified file is a
  // finding like any other, not a footnote.
  const fullReport = verification
    ? {
        ...report,
        manifest: { file: manifestFile, created: manifest?.created, results: verification },
        findings: {
          ...report.findings,
          manifest: {
            ...counts,
            files: verification
              .filter((r) => r.status !== 'verified')
              .map((r) => ({ ...r, atlas: atlasTags(`manifest-${r.status}`) })),
            vetting,
          },
        },
      }
    : report;
  fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(fullReport, null, 2) + '\n');
  const written = ['scores.csv', 'report.json'];
  if (flags.report === 'true') {
    const audit = cliAudit({
      dataset,
      result,
      report,
      backendReason: selection.reason,
      manifest: verification
        ? {
            source: path.basename(manifestFile!),
            created: manifest?.created,
            results: verification,
            vetting,
          }
        : null,
    });
    written.push(...writeAudit(out, audit));
  }

  const { flagged, ambiguous } = report.findings;
  const lines = [
    `${dataset.name}: ${result.n} samples, ${result.classes.length} classes, ${flagged} flagged (${((100 * flagged) / Math.max(1, result.n)).toFixed(1)}%), ${ambiguous} ambiguous`,
    ...report.findings.byDetector.map(
      (d) => `  ${d.name.padEnd(24)} ${d.flagged} flagged${d.ambiguous ? `, ${d.ambiguous} ambiguous` : ''}`,
    ),
  ];
  const qa = report.consensus;
  if (qa) {
    lines.push(
      `  consensus (${qa.method}, ${qa.format} from ${qa.source}): ${qa.judgements} judgements by ${qa.annotators.length} annotators; ${qa.changedFromMajority} item(s) differ from the majority vote; ${qa.splits.length} split, ${qa.flips.length} coordinated flip(s)`,
    );
    const worst = [...qa.annotators].sort((a, b) => (a.z ?? 0) - (b.z ?? 0))[0];
    if (worst)
      lines.push(
        `  lowest κ with consensus: ${worst.annotator} (κ ${worst.kappa ?? 'n/a'}, z ${worst.z ?? 'n/a'}${worst.suspect ? ', suspect' : ''})`,
      );
  } else if (result.annotators.length) {
    const top = result.annotators[0];
    lines.push(
      `  most suspect annotator: ${top.annotator} (score ${top.score.toFixed(2)}, ${top.flagged}/${top.items} flagged)`,
    );
  }
  const ruleCheck = scanRuleCheck(result);
  if (ruleCheck) lines.push(...rulesSummaryLines(ruleCheck, flags[RULES_FLAG]!));
  for (const w of report.warnings) lines.push(`  warning: ${w}`);
  const paths = written.map((f) => path.join(out, f));
  lines.push(`wrote ${paths.slice(0, -1).join(', ')} and ${paths[paths.length - 1]}`);
  if (verification && counts) {
    lines.push(
      `manifest ${manifestFile}: ${counts.verified} verified, ${counts.modified} modified, ${counts.unknown} unknown, ${counts.missing} missing`,
    );
    for (const line of verifyLines(verification.filter((r) => r.status !== 'verified')))
      lines.push(`  ${line}`);
    for (const line of findingLines(vetting)) lines.push(`  ${line}`);
  }
  lines.push(
    verdict.failed ? `gate ${gate}: FAILED — ${verdict.reasons.join('; ')}` : `gate ${gate}: passed`,
  );
  // A file swapped after vetting fails the scan whatever the detectors say.
  const modified = counts?.modified ?? 0;
  if (modified) lines.push(`manifest: FAILED — ${modified} file(s) modified since ${manifestFile} was made`);
  process.stdout.write(lines.join('\n') + '\n');
  return verdict.failed || modified > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const isManifest = argv[0] === 'manifest';
  // The first line of a command's usage, printed under a usage error.
  const ownUsage: Record<string, string> = { redteam: REDTEAM_USAGE, diff: DIFF_USAGE };
  try {
    if (argv[0] === 'redteam') return await runRedteam(argv.slice(1));
    if (argv[0] === 'diff') return await runDiff(argv.slice(1));
    if (isManifest) return await runManifestArgv(argv);
    const { command, positional, flags } = parseArgs(argv, FLAGS);
    if (command === 'help' || command === '--help' || flags.help) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (command === 'scan') return await runScan(positional, flags);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      const usage = isManifest
        ? MANIFEST_USAGE.split('\n').slice(0, 2).join('\n')
        : (ownUsage[argv[0]] ?? USAGE).split('\n')[0];
      process.stderr.write(`assay: ${e.message}\n${usage}\n`);
    } else if (e instanceof InputError) {
      process.stderr.write(`assay: ${e.line}\n`);
    } else {
      const err = e as Error;
      process.stderr.write(`assay: internal error: ${err?.message ?? String(e)}\n`);
      if (process.env.ASSAY_DEBUG) process.stderr.write(`${err?.stack}\n`);
    }
    return 2;
  }
}

const isEntry = process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) main(process.argv.slice(2)).then((code) => process.exit(code));

const JUDGEMENT_FORMATS = ['long', 'wide', 'label-studio', 'none'] as const;

function judgementsFlag(value: string): RoleOverrides['judgements'] {
  const format = JUDGEMENT_FORMATS.find((f) => f === value);
  if (!format) throw new UsageError(`--judgements must be one of ${JUDGEMENT_FORMATS.join(', ')}`);
  return format;
}

/** model.json and the weight files its weightsManifest names, read from next to it. */
function readUserModel(file: string): UserModelFiles {
  if (!fs.existsSync(file)) throw new InputError(file, 'no such file');
  const json = fs.readFileSync(file, 'utf8');
  const dir = path.dirname(file);
  const weights: Record<string, Uint8Array> = {};
  let manifest: { paths?: string[] }[];
  try {
    manifest = (JSON.parse(json) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
  } catch {
    throw new InputError(file, 'not a tfjs model.json (invalid JSON)');
  }
  for (const group of manifest)
    for (const p of group.paths ?? []) {
      const at = path.join(dir, p);
      if (fs.existsSync(at)) weights[p] = new Uint8Array(fs.readFileSync(at));
    }
  return { name: path.basename(file), json, weights };
}
