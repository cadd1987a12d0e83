// report.json: what was scanned (files, hashes, rows, columns, roles), how (backend, seed,
// settings, per-stage timings), and what was found (per class, per annotator, per detector).
import { RULES_DETECTOR, type RuleCheckDetails } from '../rules/detector-result';
import type { DatasetSummary, ScanResult } from '../types';
import { atlasTags, type AtlasTechnique } from './atlas';
import { reportedClass, type ReportedClassSummary } from './reasons';
import { reportedConsensus, type ReportedConsensus } from './report-consensus';

export const ASSAY_VERSION = '0.1.0';

export interface ScanReport {
  assay: { version: string; generatedAt: string };
  input: { name: string; format: string; files: DatasetSummary['files']; rows: number; datasetHash: string };
  columns: DatasetSummary['columns'];
  backend: string;
  seed: number;
  settings: ReportedSettings;
  timingsMs: Record<string, number>;
  warnings: string[];
  rowErrors: DatasetSummary['rowErrors'];
  findings: {
    /** Samples flagged: suspected poisoning, what `--fail-on` counts. */
    flagged: number;
    /** Samples left ambiguous (natural class overlap): shown, not flagged. */
    ambiguous: number;
    byDetector: {
      name: string;
      /** Its flags the evidence confirms (all of them for a detector without `confirmed`). */
      flagged: number;
      /** Its flags left ambiguous; present for a detector that confirms its flags. */
      ambiguous?: number;
      params: Record<string, unknown>;
      details?: object;
      /** The MITRE ATLAS techniques its flags are evidence of (report/atlas.ts). */
      atlas: readonly AtlasTechnique[];
    }[];
  };
  perClass: ReportedClassSummary[];
  annotators: ScanResult['annotators'];
  /** The rule checks, when the scan had rules (settings.rules): per rule, conflicts, flagged rows. */
  rules?: ReportedRules;
  /** Only when the input held several annotators' judgements per item (report-consensus.ts). */
  consensus?: ReportedConsensus;
}

/** report.json's rule checks: the numbers of each rule and every flagged row with its id. */
export interface ReportedRules {
  file: string;
  flagged: number;
  rules: (Omit<RuleCheckDetails['rules'][number], 'agreement'> & { agreement: number | null })[];
  conflicts: RuleCheckDetails['conflicts'];
  rows: (RuleCheckDetails['rows'][number] & { id: string })[];
  atlas: readonly AtlasTechnique[];
}

const count = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

/** A detector's flags split by its `confirmed` mask: those it confirms, and the ambiguous rest. */
function detectorCounts(d: ScanResult['detectors'][number]): { flagged: number; ambiguous?: number } {
  if (!d.confirmed || d.confirmed.length !== d.flagged.length) return { flagged: count(d.flagged) };
  let flagged = 0;
  let ambiguous = 0;
  for (let i = 0; i < d.flagged.length; i++) {
    if (!d.flagged[i]) continue;
    if (d.confirmed[i]) flagged++;
    else ambiguous++;
  }
  return { flagged, ambiguous };
}

export function buildReport(dataset: DatasetSummary, result: ScanResult, now = new Date()): ScanReport {
  return {
    assay: { version: ASSAY_VERSION, generatedAt: now.toISOString() },
    input: {
      name: dataset.name,
      format: dataset.format,
      files: dataset.files,
      rows: dataset.numRows,
      datasetHash: dataset.datasetHash,
    },
    columns: dataset.columns,
    backend: result.backend,
    seed: result.settings.seed,
    settings: reportedSettings(result.settings),
    timingsMs: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])),
    warnings: [...dataset.warnings.map((w) => `${w.file}: ${w.message}`), ...result.warnings].filter(
      (w, i, all) => all.indexOf(w) === i,
    ),
    rowErrors: dataset.rowErrors,
    findings: {
      flagged: count(result.flagged),
      ambiguous: result.ambiguous ? count(result.ambiguous) : 0,
      byDetector: result.detectors.map((d) => ({
        name: d.name,
        ...detectorCounts(d),
        params: d.params,
        // The rule checks' details are the report's own `rules` section.
        details: d.name === RULES_DETECTOR ? undefined : d.details,
        atlas: atlasTags(d.name),
      })),
    },
    perClass: result.perClass.map(reportedClass),
    annotators: result.annotators,
    ...rulesSection(result),
    ...(result.labelQa ? { consensus: reportedConsensus(result) } : {}),
  };
}

/** The `rules` section from the rule checks' result; nothing when the scan had no rules. */
function rulesSection(result: ScanResult): { rules?: ReportedRules } {
  const d = result.detectors.find((r) => r.name === RULES_DETECTOR);
  const details = d?.details as RuleCheckDetails | undefined;
  if (!d || !details) return {};
  return {
    rules: {
      file: details.file,
      flagged: count(d.flagged),
      rules: details.rules.map((r) => ({
        ...r,
        agreement: Number.isNaN(r.agreement) ? null : r.agreement,
      })),
      conflicts: details.conflicts,
      rows: details.rows.map((r) => ({ row: r.row, id: result.ids[r.row], reasons: r.reasons })),
      atlas: atlasTags(RULES_DETECTOR),
    },
  };
}

/** Settings as reports record them: a user model by its name, not its weights. */
export type ReportedSettings = Omit<ScanResult['settings'], 'userModel'> & { userModel?: { name: string } };

export function reportedSettings(settings: ScanResult['settings']): ReportedSettings {
  const { userModel, ...rest } = settings;
  return userModel ? { ...rest, userModel: { name: userModel.name } } : rest;
}
