// A scan's downloads as files: the cleaned dataset, scores.csv, report.json, the audit report, and
// a diff's diff.csv, each named for the dataset (export-naming.ts).
import { diffCsv, type FlaggedDiff } from '../diff';
import type { AuditReport } from '../report/audit';
import { auditHtml } from '../report/audit-html';
import { buildReport } from '../report/report-json';
import { scoresCsv } from '../report/scores';
import type { ReviewState } from '../review/journal';
import type { DatasetSummary, Frame, ScanResult } from '../types';
import { adjudicatedCsv, withConsensusLabels } from './adjudicated-labels';
import { cleanedArrow, cleanedCsv, type QuarantinePolicy } from './cleaned';
import { exportNaming, type ExportKind } from './export-naming';

/** A file the page offers for download. */
export interface ExportFile {
  name: string;
  mime: string;
  bytes: Uint8Array;
  /** What the export did that the user should know (converted columns, dropped rows). */
  notes: string[];
}

export interface ExportOptions {
  /** Quarantined rows: dropped, or kept with a review_status column (cleaned exports). */
  quarantined?: QuarantinePolicy;
  /** Only these rows (the selection), for the cleaned and scores exports. */
  rows?: number[];
  /** The map as a PNG data: URI, for the audit report. */
  mapPng?: string;
}

export interface ExportSource {
  frame: Frame;
  dataset: DatasetSummary;
  result: ScanResult;
  /** The review so far; none yet exports the data as it is. */
  review: Pick<ReviewState, 'status' | 'label'> | null;
  /** Builds the audit report; asked only for the audit exports. */
  audit: () => AuditReport | Promise<AuditReport>;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export async function exportFile(
  kind: ExportKind,
  source: ExportSource,
  opts: ExportOptions = {},
): Promise<ExportFile> {
  const { frame, dataset, result } = source;
  const { name, mime } = exportNaming(dataset.name, kind, Boolean(opts.rows));
  const file = (bytes: Uint8Array, notes: string[] = []): ExportFile => ({ name, mime, bytes, notes });
  switch (kind) {
    case 'cleaned-csv':
    case 'cleaned-arrow': {
      const labelColumn = dataset.columns.find((c) => c.role === 'label')?.name;
      if (!labelColumn) throw new Error('the dataset has no label column to clean');
      const options = {
        labelColumn,
        review: source.review ?? {
          status: new Uint8Array(result.n),
          label: new Array<string | null>(result.n).fill(null),
        },
        quarantined: opts.quarantined ?? 'drop',
        rows: opts.rows,
      };
      // Label QA: the consensus is the label a review starts from.
      const labelled = withConsensusLabels(frame, labelColumn, result);
      if (kind === 'cleaned-arrow') return file(cleanedArrow(labelled, options));
      const csv = cleanedCsv(labelled, options);
      return file(utf8(csv.text), csv.notes);
    }
    case 'scores':
      return file(utf8(scoresCsv(result, opts.rows)));
    case 'report':
      return file(utf8(JSON.stringify(buildReport(dataset, result), null, 1)));
    case 'audit-json':
      return file(utf8(JSON.stringify(await source.audit(), null, 1)));
    case 'audit-html':
      return file(utf8(auditHtml(await source.audit())));
    case 'adjudicated':
      return file(utf8(adjudicatedCsv(result, source.review)));
  }
}

/** diff.csv of a diff against the dataset named `datasetName` (one line per change). */
export function diffCsvFile(datasetName: string, diff: FlaggedDiff): ExportFile {
  return { ...exportNaming(datasetName, 'diff-csv'), bytes: utf8(diffCsv(diff)), notes: [] };
}
