// What the cleaned-dataset writers share (see cleaned.ts): the rows kept, the label cells with the
// relabels applied, and the names of the added columns.
import type { Cell, Column, Frame } from '../types';
import { REVIEW_STATUS, STATUS_NAMES, type ReviewState } from '../review/journal';

export type QuarantinePolicy = 'drop' | 'mark';

export interface CleanedExportOptions {
  /** Name of the frame's label column. */
  labelColumn: string;
  /** Row-aligned with the frame. */
  review: Pick<ReviewState, 'status' | 'label'>;
  quarantined: QuarantinePolicy;
  /** Export only these rows (the selection), in this order; all rows when absent. */
  rows?: ArrayLike<number>;
}

/** What both writers need: the rows kept, the label column and the added columns' names. */
export interface CleanedPlan {
  rows: number[];
  label: Column;
  originalLabelName: string;
  /** Null when quarantined rows are dropped. */
  statusName: string | null;
  /** The label cell a row is exported with (the relabel, typed like the column when it fits). */
  labelCell(row: number): Cell;
  statusOf(row: number): string;
}

export function planCleaned(frame: Frame, opts: CleanedExportOptions): CleanedPlan {
  const { status, label: relabel } = opts.review;
  if (status.length !== frame.numRows || relabel.length !== frame.numRows)
    throw new RangeError(`review state has ${status.length} rows, the dataset ${frame.numRows}`);
  const label = frame.columns.find((c) => c.name === opts.labelColumn);
  if (!label) throw new Error(`no column "${opts.labelColumn}" in the dataset`);
  if (label.type === 'binary' || label.type === 'vector')
    throw new Error(`column "${label.name}" holds ${label.type} cells and cannot be a label`);
  const candidates = opts.rows ? Array.from(opts.rows) : Array.from({ length: frame.numRows }, (_, i) => i);
  for (const r of candidates)
    if (!Number.isInteger(r) || r < 0 || r >= frame.numRows)
      throw new RangeError(`row ${r} is not in the dataset`);
  const rows =
    opts.quarantined === 'drop'
      ? candidates.filter((r) => status[r] !== REVIEW_STATUS.quarantined)
      : candidates;
  const taken = new Set(frame.columns.map((c) => c.name));
  const originalLabelName = freeName('original_label', taken);
  const statusName = opts.quarantined === 'mark' ? freeName('review_status', taken) : null;
  return {
    rows,
    label,
    originalLabelName,
    statusName,
    labelCell(row) {
      const to = status[row] === REVIEW_STATUS.relabelled ? relabel[row] : null;
      if (to === null) return cellAt(label, row);
      return typedLabel(label, to) ?? to;
    },
    statusOf: (row) => STATUS_NAMES[status[row]] ?? 'unreviewed',
  };
}

/** The new label as a value of the label column's type, or undefined when it is not one. */
export function typedLabel(column: Column, to: string): Cell | undefined {
  if (column.type === 'string') return to;
  if (column.type === 'number') {
    const t = to.trim();
    const x = Number(t);
    return t !== '' && Number.isFinite(x) ? x : undefined;
  }
  if (column.type === 'bool') return to === 'true' ? true : to === 'false' ? false : undefined;
  return undefined;
}

/** A cell of the frame; number columns hold NaN for missing, which becomes null. */
export function cellAt(column: Column, row: number): Cell {
  const v = column.values[row];
  return typeof v === 'number' && Number.isNaN(v) ? null : (v ?? null);
}

function freeName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
  taken.add(name);
  return name;
}
