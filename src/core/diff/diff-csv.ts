// The diff as one CSV, one line per change (a changed row has a line per changed cell), for a
// spreadsheet or a ticket. Cells go through the formula-neutralising CSV writer: a dataset's
// strings must not run as formulas when the export is opened.
import { csvRow } from '../report/csv';
import type { DatasetDiff, RowVerdict } from './diff-datasets';

const HEADER = [
  'change',
  'id',
  'ref_row',
  'cand_row',
  'column',
  'before',
  'after',
  'flagged',
  'suspicion',
  'reasons',
];

function verdictCells(r: RowVerdict): unknown[] {
  if (r.flagged === undefined) return ['', '', ''];
  return [
    r.flagged ? 1 : 0,
    r.suspicion !== undefined ? Number(r.suspicion.toFixed(4)) : '',
    r.reasons ?? '',
  ];
}

export function diffCsv(diff: DatasetDiff): string {
  const lines = [csvRow(HEADER)];
  for (const r of diff.added)
    lines.push(csvRow(['added', r.id, '', r.row, '', '', r.label ?? '', ...verdictCells(r)]));
  for (const r of diff.removed)
    lines.push(csvRow(['removed', r.id, r.row, '', '', r.label ?? '', '', '', '', '']));
  for (const r of diff.relabelled)
    lines.push(
      csvRow([
        'relabelled',
        r.id,
        r.refRow,
        r.candRow,
        'label',
        r.from ?? '',
        r.to ?? '',
        ...verdictCells(r),
      ]),
    );
  for (const r of diff.changed)
    for (const c of r.cells)
      lines.push(
        csvRow(['changed', r.id, r.refRow, r.candRow, c.column, c.before, c.after, ...verdictCells(r)]),
      );
  return lines.join('\n') + '\n';
}
