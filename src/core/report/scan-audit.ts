// The one way an audit report is built, for the page (the engine worker) and for `assay scan
// --report`: each hands in what it holds of a scan and gets the same sections. What one of them
// has not made (a diff, a red-team run, a review) is an empty section, never a missing one.
import type { FlaggedDiff } from '../diff';
import type { ProvenanceFinding } from '../provenance/finding';
import type { VerifyResult } from '../provenance/manifest';
import type { DatasetSummary, ScanResult } from '../types';
import {
  buildAudit,
  type AuditJournalEntry,
  type AuditMapImage,
  type AuditRedTeamRun,
  type AuditReport,
} from './audit';
import { auditDiffOf } from './audit-diff';
import { mapSvg } from './map-svg';
import { buildReport, type ScanReport } from './report-json';

export type AuditMap = AuditMapImage & { caption?: string };

export interface ScanAuditInput {
  dataset: DatasetSummary;
  result: ScanResult;
  /** The scan's report.json when the caller has built it already (its time stamps the audit). */
  report?: ScanReport;
  /** Why this backend: the backend selection's own words. */
  backendReason?: string;
  /** The manifest check of the scanned files, when one was made. */
  manifest?: {
    source?: string;
    created?: string;
    results: VerifyResult[];
    vetting?: ProvenanceFinding[];
  } | null;
  /** The review journal, oldest first. */
  journal?: readonly AuditJournalEntry[];
  /** A diff of this dataset against a vetted reference version. */
  diff?: FlaggedDiff | null;
  /** Red-team runs made on this dataset, in order. */
  redteam?: readonly AuditRedTeamRun[];
  map?: AuditMap | null;
}

export function scanAudit(input: ScanAuditInput): AuditReport {
  const { dataset, result } = input;
  const report = input.report ?? buildReport(dataset, result);
  return buildAudit({
    dataset,
    result,
    report,
    manifest: input.manifest ?? undefined,
    journal: input.journal ?? [],
    diff: input.diff ? auditDiffOf(input.diff) : undefined,
    redteam: input.redteam ?? [],
    mapImage: input.map ?? undefined,
    backendReason: input.backendReason,
    generatedAt: report.assay.generatedAt,
  });
}

/** The map as the page drew it (a PNG data: URI). */
export function drawnMap(pngDataUri: string): AuditMap {
  return { pngDataUri, caption: 'The map as the analyst saw it' };
}

/** A map drawn without a page: a 2-D PCA of the embeddings as SVG (see map-svg.ts). */
export function pcaMap(result: ScanResult): AuditMap {
  const map = mapSvg(result);
  return {
    svg: map.svg,
    caption: `PCA of the embeddings: ${map.points} of ${map.total} samples drawn, all ${map.flagged} flagged among them.`,
  };
}
