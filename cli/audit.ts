// `assay scan --report`: audit.json and audit.html, built by the same function as the page's audit
// (src/core/report/scan-audit.ts). The CLI has no drawn map, so the map is a PCA of the embeddings.
import fs from 'node:fs';
import path from 'node:path';
import type { ProvenanceFinding } from '../src/core/provenance/finding';
import type { VerifyResult } from '../src/core/provenance/manifest';
import type { AuditReport } from '../src/core/report/audit';
import { auditHtml } from '../src/core/report/audit-html';
import type { ScanReport } from '../src/core/report/report-json';
import { pcaMap, scanAudit } from '../src/core/report/scan-audit';
import type { DatasetSummary, ScanResult } from '../src/core/types';

export interface CliAuditInput {
  dataset: DatasetSummary;
  result: ScanResult;
  /** The report.json the scan writes: the audit shares its time stamp. */
  report: ScanReport;
  backendReason: string;
  manifest: {
    source: string;
    created?: string;
    results: VerifyResult[];
    vetting?: ProvenanceFinding[];
  } | null;
}

export function cliAudit(input: CliAuditInput): AuditReport {
  return scanAudit({ ...input, map: pcaMap(input.result) });
}

/** Writes audit.json and audit.html into `out`; returns their names. */
export function writeAudit(out: string, audit: AuditReport): string[] {
  fs.writeFileSync(path.join(out, 'audit.json'), JSON.stringify(audit, null, 2) + '\n');
  fs.writeFileSync(path.join(out, 'audit.html'), auditHtml(audit));
  return ['audit.json', 'audit.html'];
}
