// The audit report: one JSON document with everything a data-governance review (EU AI Act
// Art. 10) asks of a dataset check: what was checked (input files with sizes and hashes, Assay's
// version, settings, backend, detectors and their parameters), what was found (findings with
// counts, per-class and per-annotator tables, the map), whether the files are the ones that were
// vetted (manifest verification), and what the reviewers did about it (the review journal).
// DOM-free; scan-audit.ts calls it, the same way for the page (the worker) and `assay scan --report`.
import type { ProvenanceFinding } from '../provenance/finding';
import { countStatuses, type VerifyCounts, type VerifyResult } from '../provenance/manifest';
import type { AnnotatorSummary, DatasetSummary, FindingSeverity, ScanResult } from '../types';
import { ATLAS_VERSION, atlasTags, type AtlasTechnique, type FindingKind } from './atlas';
import { reasonsLine, type ReportedClassSummary } from './reasons';
import {
  ASSAY_VERSION,
  reportedSettings,
  type ReportedRules,
  type ReportedSettings,
  type ScanReport,
} from './report-json';

export type { FindingSeverity };

export const AUDIT_FORMAT = 'assay-audit';
export const AUDIT_VERSION = 1;
/** Flagged samples listed in the report; scores.csv has them all. */
export const AUDIT_MAX_SAMPLES = 200;

/**
 * One reviewer action, structurally the review journal's ReviewAction (src/core/review), kept
 * loose here so the report accepts any journal of that shape.
 */
export interface AuditJournalEntry {
  seq: number;
  /** ISO time. */
  at: string;
  /** 'relabel' | 'quarantine' | 'ok' | 'clear' | 'undo' */
  kind: string;
  rows: number[];
  ids: string[];
  /** The label of each row before the action (null = none). */
  from: (string | null)[];
  /** The new label of a relabel. */
  to?: string | null;
  note?: string;
}

export type AuditMapImage = { svg: string } | { pngDataUri: string };

export interface AuditManifest {
  /** The manifest's file name. */
  source?: string;
  /** When the manifest was made, when it says. */
  created?: string;
  counts: VerifyCounts;
  results: VerifyResult[];
  /** Source vetting of the manifest's files (origin, licence, who vetted them and when). */
  vetting: ProvenanceFinding[];
}

/**
 * A diff against a vetted reference version (the page's "Compare with a reference version"):
 * counts, the classes whose size changed, and the added or changed rows the scan flags.
 */
export interface AuditDiff {
  reference: string;
  candidate: string;
  matchedBy: 'id' | 'content';
  added: number;
  removed: number;
  changed: number;
  relabelled: number;
  unchanged: number;
  /** Added, changed or relabelled rows the scan flags (each row once). */
  flaggedChanges: number;
  /** The baseline: unchanged rows the scan flags. */
  unchangedFlagged: number;
  perClass: { label: string; before: number; after: number; delta: number }[];
  /** The flagged changes, most suspicious first (at most 200; diff.csv has them all). */
  flagged: { change: string; id: string; suspicion: number; reasons: string }[];
}

export interface AuditFinding {
  /** Stable key: 'manifest-modified', 'flagged', 'detector:spectral', ... */
  id: string;
  severity: FindingSeverity;
  title: string;
  count: number;
  /** One or two sentences in plain language. */
  explanation: string;
  /** What the count is made of, when short: file paths, annotator names. */
  items?: string[];
  /** The MITRE ATLAS techniques this finding is evidence of (report/atlas.ts); [] for none. */
  atlas: readonly AtlasTechnique[];
}

export interface AuditSample {
  row: number;
  id: string;
  label: string;
  predicted: string;
  suspicion: number;
  reasons: string;
}

export interface AuditReport {
  format: typeof AUDIT_FORMAT;
  version: typeof AUDIT_VERSION;
  generatedAt: string;
  assay: { version: string };
  input: {
    name: string;
    format: string;
    rows: number;
    datasetHash: string;
    files: { path: string; size: number; sha256: string }[];
    columns: DatasetSummary['columns'];
  };
  backend: { name: string; reason?: string };
  seed: number;
  settings: ReportedSettings;
  timingsMs: Record<string, number>;
  /** The detectors run, in order, with their parameters and how many samples each flagged. */
  checks: {
    name: string;
    description: string;
    params: Record<string, unknown>;
    flagged: number;
    atlas: readonly AtlasTechnique[];
  }[];
  findings: AuditFinding[];
  /** The MITRE ATLAS release the tags follow. */
  atlasVersion: string;
  /** The rule checks, when the scan had rules: per rule, conflicts (flagged rows in `flagged`). */
  rules: Omit<ReportedRules, 'rows'> | null;
  flagged: { total: number; share: number; samples: AuditSample[]; samplesShown: number };
  perClass: ReportedClassSummary[];
  annotators: AnnotatorSummary[];
  warnings: string[];
  rowErrors: { row: number; message: string }[];
  manifest: AuditManifest | null;
  /** The diff against a reference version, when one was made. */
  diff: AuditDiff | null;
  /** Red-team runs on this dataset (empty when none was made). */
  redteam: AuditRedTeamRun[];
  journal: AuditJournalEntry[];
  map: (AuditMapImage & { caption?: string }) | null;
}

/**
 * A red-team run on this dataset (the page's Red-team panel): an attack planted into a copy, the
 * copy scanned with the same settings, and how well the scan found what was planted. It measures
 * the scan's sensitivity on this data; it says nothing about the data itself.
 */
export interface AuditRedTeamRun {
  /** The attack as given (kind, rate, size, …). */
  spec: Record<string, unknown>;
  description: string;
  planted: number;
  auroc: number | null;
  k: number;
  recallAtK: number | null;
  flagged: { count: number; truePositives: number; precision: number; recall: number | null; f1: number };
  /** The detector whose scores ranked the planted rows best. */
  bestCheck: { name: string; auroc: number | null } | null;
  scanMs: number;
}

export interface BuildAuditInput {
  dataset: DatasetSummary;
  result: ScanResult;
  report: ScanReport;
  /** Verification results, bare or with the manifest's name and its source vetting. */
  manifest?:
    | VerifyResult[]
    | { source?: string; created?: string; results: VerifyResult[]; vetting?: ProvenanceFinding[] };
  journal?: readonly AuditJournalEntry[];
  /** A diff of this dataset against a vetted reference version. */
  diff?: AuditDiff;
  /** Red-team runs made on this dataset, in order. */
  redteam?: readonly AuditRedTeamRun[];
  mapImage?: AuditMapImage & { caption?: string };
  /** Why this backend (the page's and the CLI's backend selection says). */
  backendReason?: string;
  generatedAt?: Date | string;
}

const count = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
const round4 = (v: number) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : 0);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (n: number, total: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`;

export function buildAudit(input: BuildAuditInput): AuditReport {
  const { dataset, result, report } = input;
  const generatedAt =
    input.generatedAt instanceof Date
      ? input.generatedAt.toISOString()
      : (input.generatedAt ?? new Date().toISOString());
  const manifest = auditManifest(input.manifest);
  const checks = report.findings.byDetector.map((d) => ({
    name: d.name,
    description: result.detectorInfo.find((info) => info.name === d.name)?.description ?? '',
    params: d.params,
    flagged: d.flagged,
    atlas: d.atlas,
  }));
  const total = count(result.flagged);
  return {
    format: AUDIT_FORMAT,
    version: AUDIT_VERSION,
    generatedAt,
    assay: { version: ASSAY_VERSION },
    input: {
      name: dataset.name,
      format: dataset.format,
      rows: dataset.numRows,
      datasetHash: dataset.datasetHash,
      files: dataset.files.map((f) => ({ path: f.name, size: f.bytes, sha256: f.sha256 })),
      columns: dataset.columns,
    },
    backend: input.backendReason
      ? { name: result.backend, reason: input.backendReason }
      : { name: result.backend },
    seed: result.settings.seed,
    settings: reportedSettings(result.settings),
    timingsMs: report.timingsMs,
    checks,
    findings: findings(result, report, manifest, input.diff ?? null),
    atlasVersion: ATLAS_VERSION,
    rules: report.rules ? rulesWithoutRows(report.rules) : null,
    flagged: {
      total,
      share: result.n ? round4(total / result.n) : 0,
      samples: topFlagged(result),
      samplesShown: Math.min(total, AUDIT_MAX_SAMPLES),
    },
    perClass: report.perClass,
    annotators: result.annotators,
    warnings: report.warnings,
    rowErrors: report.rowErrors,
    manifest,
    diff: input.diff ?? null,
    redteam: [...(input.redteam ?? [])],
    journal: [...(input.journal ?? [])]
      .map((e) => ({
        seq: e.seq,
        at: e.at,
        kind: e.kind,
        rows: [...e.rows],
        ids: [...e.ids],
        from: [...e.from],
        to: e.to ?? null,
        note: e.note ?? '',
      }))
      .sort((a, b) => a.seq - b.seq),
    map: input.mapImage ?? null,
  };
}

function rulesWithoutRows(rules: ReportedRules): Omit<ReportedRules, 'rows'> {
  const { rows: _rows, ...rest } = rules;
  return rest;
}

function auditManifest(m: BuildAuditInput['manifest']): AuditManifest | null {
  if (!m) return null;
  const given = Array.isArray(m) ? { results: m } : m;
  const out: AuditManifest = {
    counts: countStatuses(given.results),
    results: given.results,
    vetting: ('vetting' in given && given.vetting) || [],
  };
  if (given.source !== undefined) out.source = given.source;
  if (given.created !== undefined) out.created = given.created;
  return out;
}

/** What a finding id is evidence of: a detector's tags, else its kind's (report/atlas.ts). */
function tagsOf(id: string): readonly AtlasTechnique[] {
  return atlasTags(id.startsWith('detector:') ? id.slice('detector:'.length) : id);
}

/** Vetting findings of one kind, as the audit words them. */
const VETTING: Partial<
  Record<FindingKind, { severity: FindingSeverity; title: string; explanation: string }>
> = {
  'origin-missing': {
    severity: 'medium',
    title: 'Files with no recorded origin',
    explanation: 'Nobody can say where these files came from, so nobody can say who could have changed them.',
  },
  'origin-not-allowed': {
    severity: 'high',
    title: 'Files from an origin outside the allowed sources',
    explanation:
      'These files came from a source the policy does not allow: a public or third-party source can serve poisoned data.',
  },
  'licence-missing': {
    severity: 'low',
    title: 'Files with no recorded licence',
    explanation:
      'No licence is recorded, so the right to train on them was not checked when they were vetted.',
  },
  'licence-not-allowed': {
    severity: 'medium',
    title: 'Files under a licence outside the allowed licences',
    explanation: 'Their licence is not on the allow-list: the source was not vetted as the policy requires.',
  },
  'vetting-missing': {
    severity: 'medium',
    title: 'Files with no record of vetting',
    explanation: 'The manifest does not say who vetted these files, or when.',
  },
  'retrieved-after-vetting': {
    severity: 'high',
    title: 'Files retrieved after they were vetted',
    explanation:
      'These files were fetched again after the vetting date: the file vetted is not the file here, whatever its hash says now.',
  },
};

function vettingFindings(vetting: readonly ProvenanceFinding[]): Omit<AuditFinding, 'atlas'>[] {
  const kinds = [...new Set(vetting.map((f) => f.kind))];
  return kinds.map((kind) => {
    const of = vetting.filter((f) => f.kind === kind);
    const words = VETTING[kind] ?? { severity: 'medium' as const, title: kind, explanation: '' };
    return {
      id: kind,
      severity: words.severity,
      title: words.title,
      count: of.length,
      explanation: `${plural(of.length, 'file')}. ${words.explanation}`,
      items: of.slice(0, 50).map((f) => `${f.path}: ${f.message}`),
    };
  });
}

function findings(
  result: ScanResult,
  report: ScanReport,
  manifest: AuditManifest | null,
  diff: AuditDiff | null,
): AuditFinding[] {
  return untaggedFindings(result, report, manifest, diff).map((f) => ({ ...f, atlas: tagsOf(f.id) }));
}

function untaggedFindings(
  result: ScanResult,
  report: ScanReport,
  manifest: AuditManifest | null,
  diff: AuditDiff | null,
): Omit<AuditFinding, 'atlas'>[] {
  const out: Omit<AuditFinding, 'atlas'>[] = [];
  if (diff) {
    const changes = diff.added + diff.changed + diff.relabelled;
    out.push({
      id: 'diff',
      severity: diff.flaggedChanges ? 'high' : 'info',
      title: `Changes since the reference version ${diff.reference}`,
      count: diff.flaggedChanges,
      explanation: `Against the reference: ${plural(diff.added, 'row')} added, ${diff.removed} removed, ${diff.changed} changed, ${diff.relabelled} relabelled (matched by ${diff.matchedBy}). The scan flags ${plural(diff.flaggedChanges, 'changed row')} of ${changes}, against ${percent(diff.unchangedFlagged, diff.unchanged)} of the unchanged rows${diff.flaggedChanges ? ': review them before accepting the update' : ''}.`,
      items: diff.flagged.slice(0, 20).map((f) => `${f.id}: ${f.change}`),
    });
  }
  if (manifest) {
    const paths = (status: VerifyResult['status']) =>
      manifest.results.filter((r) => r.status === status).map((r) => r.path);
    const { modified, unknown, missing, verified } = manifest.counts;
    if (modified)
      out.push({
        id: 'manifest-modified',
        severity: 'high',
        title: 'Files changed since the manifest was made',
        count: modified,
        explanation: `${plural(modified, 'file')} ${modified === 1 ? 'has' : 'have'} a different SHA-256 than the manifest records: the content changed after the dataset was vetted, which is how a dataset is swapped behind a reviewer's back (split-view poisoning). Do not train on it until the change is explained.`,
        items: paths('modified'),
      });
    if (unknown)
      out.push({
        id: 'manifest-unknown',
        severity: 'medium',
        title: 'Files not listed in the manifest',
        count: unknown,
        explanation: `${plural(unknown, 'file')} scanned ${unknown === 1 ? 'is' : 'are'} not in the manifest, so nobody vetted ${unknown === 1 ? 'it' : 'them'} with the rest.`,
        items: paths('unknown'),
      });
    if (missing)
      out.push({
        id: 'manifest-missing',
        severity: 'low',
        title: 'Manifest files not scanned',
        count: missing,
        explanation: `${plural(missing, 'file')} listed in the manifest ${missing === 1 ? 'was' : 'were'} not part of this scan.`,
        items: paths('missing'),
      });
    if (!modified && !unknown && !missing)
      out.push({
        id: 'manifest-verified',
        severity: 'info',
        title: 'All files match the manifest',
        count: verified,
        explanation: `Every scanned file has the SHA-256 the manifest records: the data is the data that was vetted.`,
      });
    out.push(...vettingFindings(manifest.vetting));
  }
  const total = count(result.flagged);
  out.push({
    id: 'flagged',
    severity: total ? 'medium' : 'info',
    title: 'Samples flagged for review',
    count: total,
    explanation: total
      ? `${total} of ${result.n} samples (${percent(total, result.n)}) are flagged by at least one check below; each carries a suspicion score and its reasons in scores.csv.`
      : `None of the ${result.n} samples is flagged by any check.`,
  });
  const ambiguous = result.ambiguous ? count(result.ambiguous) : 0;
  if (ambiguous)
    out.push({
      id: 'ambiguous',
      severity: 'low',
      title: 'Ambiguous samples (not flagged)',
      count: ambiguous,
      explanation: `${plural(ambiguous, 'sample')} (${percent(ambiguous, result.n)}) carry a label the model doubts where the classes overlap: the model and the sample's look-alikes are unsure too. They are natural class overlap rather than evidence of poisoning, are not flagged and do not fail the gate; scores.csv marks them in its ambiguous column.`,
    });
  for (const d of report.findings.byDetector) {
    if (!d.flagged) continue;
    const info = result.detectorInfo.find((i) => i.name === d.name);
    out.push({
      id: `detector:${d.name}`,
      severity: info?.severity ?? 'medium',
      title: d.name,
      count: d.flagged,
      explanation: `${plural(d.flagged, 'sample')} (${percent(d.flagged, result.n)}). ${info?.explanation ?? 'Flagged by this check’s own rule.'}`,
    });
  }
  for (const c of report.rules?.conflicts ?? [])
    out.push({
      id: 'rule-conflict',
      severity: 'info',
      title: `Rules "${c.a}" and "${c.b}" disagree`,
      count: c.rows,
      explanation: `On ${plural(c.rows, 'row')} both rules apply and no label satisfies both: one of them is too broad. This is a fault of the rules, not of the data.`,
    });
  const suspect = result.detectors.flatMap((d) => d.annotatorFindings?.suspect ?? []);
  if (suspect.length)
    out.push({
      id: 'suspect-annotators',
      severity: 'high',
      title: 'Suspect annotators',
      count: suspect.length,
      explanation: `${plural(suspect.length, 'annotator')} stand${suspect.length === 1 ? 's' : ''} out: the model and the neighbours dispute their labels far more often than other annotators'. A careless or malicious annotator shows this way; see the per-annotator table.`,
      items: suspect,
    });
  if (report.rowErrors.length)
    out.push({
      id: 'row-errors',
      severity: 'medium',
      title: 'Rows that could not be read',
      count: report.rowErrors.length,
      explanation: `${plural(report.rowErrors.length, 'row')} could not be read (for example an undecodable image); they cannot be vetted, so each is flagged with the highest suspicion.`,
    });
  return out;
}

function topFlagged(result: ScanResult): AuditSample[] {
  const rows: number[] = [];
  for (let i = 0; i < result.n; i++) if (result.flagged[i]) rows.push(i);
  rows.sort((a, b) => result.suspicion[b] - result.suspicion[a] || a - b);
  const name = (y: number) => (y >= 0 && y < result.classes.length ? result.classes[y] : '');
  return rows.slice(0, AUDIT_MAX_SAMPLES).map((i) => ({
    row: i,
    id: result.ids[i],
    label: name(result.labels[i]),
    predicted: result.classes.length ? name(result.predicted[i]) : '',
    suspicion: round4(result.suspicion[i]),
    reasons: reasonsLine(result.reasons[i]),
  }));
}
