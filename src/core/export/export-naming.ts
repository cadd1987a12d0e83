// What the page's downloads are called and what they are: a file name from the dataset's own name
// and the export's kind, and the MIME type the browser is told.
/** The downloads of a scan. */
export type ExportKind =
  'cleaned-csv' | 'cleaned-arrow' | 'scores' | 'report' | 'audit-html' | 'audit-json' | 'adjudicated';
/** Every file the page offers: a scan's downloads and a diff's diff.csv. */
export type NamedExport = ExportKind | 'diff-csv';

interface ExportNaming {
  /** What follows the dataset's name: "<dataset>-<stem>[-selection].<ext>". */
  stem: string;
  ext: string;
  mime: string;
  /** Whether the export can be of the selection only (and says so in its name). */
  ofSelection: boolean;
}

const NAMING: Record<NamedExport, ExportNaming> = {
  'cleaned-csv': { stem: 'cleaned', ext: 'csv', mime: 'text/csv', ofSelection: true },
  'cleaned-arrow': {
    stem: 'cleaned',
    ext: 'arrow',
    mime: 'application/vnd.apache.arrow.file',
    ofSelection: true,
  },
  scores: { stem: 'scores', ext: 'csv', mime: 'text/csv', ofSelection: true },
  report: { stem: 'report', ext: 'json', mime: 'application/json', ofSelection: false },
  'audit-json': { stem: 'audit', ext: 'json', mime: 'application/json', ofSelection: false },
  'audit-html': { stem: 'audit', ext: 'html', mime: 'text/html', ofSelection: false },
  adjudicated: { stem: 'adjudicated', ext: 'csv', mime: 'text/csv', ofSelection: false },
  'diff-csv': { stem: 'diff', ext: 'csv', mime: 'text/csv', ofSelection: false },
};

/** The dataset's name without its extension, safe as a file name ("dataset" when nothing is left). */
export function exportBaseName(datasetName: string): string {
  return datasetName.replace(/\.[^./]+$/, '').replace(/[^\w.-]+/g, '_') || 'dataset';
}

/** File name and MIME type of an export of `datasetName`; `selection`: of the selected rows only. */
export function exportNaming(
  datasetName: string,
  kind: NamedExport,
  selection = false,
): { name: string; mime: string } {
  const { stem, ext, mime, ofSelection } = NAMING[kind];
  const suffix = selection && ofSelection ? '-selection' : '';
  return { name: `${exportBaseName(datasetName)}-${stem}${suffix}.${ext}`, mime };
}
