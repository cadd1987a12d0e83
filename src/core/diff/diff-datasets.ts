// Dataset diff: a vetted reference version against a new candidate version. Rows are matched by
// id when both versions have an id column, else by a fingerprint of their feature cells; the diff
// lists rows added, removed and changed (cell by cell), label changes, and per-class shifts. A
// supply-chain update that sneaks in poisoned rows shows up here as added or changed rows, and
// flagChanges (flag-changes.ts) says which of them the candidate's scan finds suspicious.
import type { Cell, Column, LoadedDataset, Roles } from '../types';
import { cellsEqual, cellText } from './cell-compare';
import { contentKeys, featureColumns, idColumn, idKeys, idText, type RowKeys } from './row-keys';

export interface DiffSide {
  loaded: LoadedDataset;
  roles: Roles;
}

export interface CellChange {
  column: string;
  before: string;
  after: string;
}

/** What the candidate's scan says of a row (present after flagChanges). */
export interface RowVerdict {
  flagged?: boolean;
  suspicion?: number;
  reasons?: string;
}

export interface AddedRow extends RowVerdict {
  id: string;
  /** Row index in the candidate. */
  row: number;
  label: string | null;
}

export interface RemovedRow {
  id: string;
  /** Row index in the reference. */
  row: number;
  label: string | null;
}

export interface ChangedRow extends RowVerdict {
  id: string;
  refRow: number;
  candRow: number;
  /** Cells that differ (the label column is reported in `relabelled` instead). */
  cells: CellChange[];
}

export interface RelabelledRow extends RowVerdict {
  id: string;
  refRow: number;
  candRow: number;
  from: string | null;
  to: string | null;
}

export interface ClassShift {
  label: string;
  before: number;
  after: number;
  delta: number;
}

export interface DatasetDiff {
  format: 'assay-diff';
  version: 1;
  reference: { name: string; rows: number; files: LoadedDataset['files'] };
  candidate: { name: string; rows: number; files: LoadedDataset['files'] };
  /** How rows were matched, and by which column(s). */
  matchedBy: 'id' | 'content';
  matchColumns: string[];
  columns: { added: string[]; removed: string[]; common: string[] };
  added: AddedRow[];
  removed: RemovedRow[];
  /** Matched rows with any cell other than the label changed. */
  changed: ChangedRow[];
  /** Matched rows whose label changed (a row can be in both lists). */
  relabelled: RelabelledRow[];
  /** Matched rows with nothing changed. */
  unchanged: number;
  perClass: ClassShift[];
  warnings: string[];
}

const labelKey = (s: string) => s.normalize('NFC').trim().toLowerCase();

function labelOf(column: Column | undefined, row: number): string | null {
  const v: Cell | undefined = column?.values[row];
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return null;
  const s = String(v);
  return s.trim() === '' ? null : s;
}

function labelColumn(side: DiffSide): Column | undefined {
  return side.loaded.frame.columns.find((c) => side.roles[c.name] === 'label');
}

export function diffDatasets(reference: DiffSide, candidate: DiffSide): DatasetDiff {
  const warnings: string[] = [];
  const refCols = reference.loaded.frame.columns;
  const candCols = candidate.loaded.frame.columns;
  const candNames = new Set(candCols.map((c) => c.name));
  const refNames = new Set(refCols.map((c) => c.name));
  const common = refCols.filter((c) => candNames.has(c.name)).map((c) => c.name);
  const columns = {
    added: candCols.filter((c) => !refNames.has(c.name)).map((c) => c.name),
    removed: refCols.filter((c) => !candNames.has(c.name)).map((c) => c.name),
    common,
  };

  // Match by id when both versions have one, else by content.
  const refId = idColumn(reference.loaded, reference.roles);
  const candId = idColumn(candidate.loaded, candidate.roles);
  let matchedBy: DatasetDiff['matchedBy'];
  let matchColumns: string[];
  let refKeys: RowKeys;
  let candKeys: RowKeys;
  if (refId && candId) {
    matchedBy = 'id';
    matchColumns = refId.name === candId.name ? [refId.name] : [refId.name, candId.name];
    refKeys = idKeys(reference.loaded, refId);
    candKeys = idKeys(candidate.loaded, candId);
  } else {
    matchedBy = 'content';
    const candFeatures = new Set(featureColumns(candidate.loaded, candidate.roles).map((c) => c.name));
    const refFeatures = featureColumns(reference.loaded, reference.roles).map((c) => c.name);
    matchColumns = refFeatures.filter((n) => candFeatures.has(n));
    if (!matchColumns.length) matchColumns = common.filter((n) => n !== labelColumn(reference)?.name);
    if (matchColumns.length < Math.max(refFeatures.length, candFeatures.size))
      warnings.push(
        `the versions do not share all feature columns; rows are matched on ${matchColumns.join(', ') || 'nothing'}`,
      );
    refKeys = contentKeys(reference.loaded, matchColumns);
    candKeys = contentKeys(candidate.loaded, matchColumns);
  }
  const what = matchedBy === 'id' ? 'ids' : 'identical contents';
  if (refKeys.repeated) warnings.push(`reference: ${refKeys.repeated} repeated ${what}, matched in order`);
  if (candKeys.repeated) warnings.push(`candidate: ${candKeys.repeated} repeated ${what}, matched in order`);

  const refLabel = labelColumn(reference);
  const candLabel = labelColumn(candidate);
  // Without an id column a row is named by its row number in its own version.
  const displayId = (column: Column | undefined, row: number) => (column ? idText(column, row) : String(row));
  const refIdText = (row: number) => displayId(refId, row);
  const candIdText = (row: number) => displayId(candId, row);

  // Cells compared on matched rows: common columns except what the rows were matched by, and the
  // label (compared as a class, below).
  const compared = common
    .filter((n) => !(matchedBy === 'id' && matchColumns.includes(n)))
    .filter((n) => n !== refLabel?.name && n !== candLabel?.name)
    .map((n) => [refCols.find((c) => c.name === n)!, candCols.find((c) => c.name === n)!] as const);
  const cellChanges = (refRow: number, candRow: number): CellChange[] => {
    const cells: CellChange[] = [];
    for (const [rc, cc] of compared) {
      const a = rc.values[refRow];
      const b = cc.values[candRow];
      if (!cellsEqual(a, b)) cells.push({ column: rc.name, before: cellText(a), after: cellText(b) });
    }
    return cells;
  };
  const sameLabel = (refRow: number, candRow: number) =>
    labelOf(refLabel, refRow) === labelOf(candLabel, candRow);

  const pairs = pairRows(refKeys.keys, candKeys.keys, (r, c) => sameLabel(r, c) && !cellChanges(r, c).length);
  const added: AddedRow[] = [];
  const changed: ChangedRow[] = [];
  const relabelled: RelabelledRow[] = [];
  let unchanged = 0;
  pairs.refOf.forEach((refRow, candRow) => {
    if (refRow < 0) {
      added.push({ id: candIdText(candRow), row: candRow, label: labelOf(candLabel, candRow) });
      return;
    }
    const cells = cellChanges(refRow, candRow);
    const from = labelOf(refLabel, refRow);
    const to = labelOf(candLabel, candRow);
    const relabel =
      (from === null) !== (to === null) || (from !== null && to !== null && labelKey(from) !== labelKey(to));
    // The same class spelled differently (" Spam" → "spam") is an edit of the cell, not a relabel.
    if (!relabel && from !== to && refLabel && candLabel)
      cells.push({ column: candLabel.name, before: from ?? '', after: to ?? '' });
    const id = candIdText(candRow);
    if (cells.length) changed.push({ id, refRow, candRow, cells });
    if (relabel) relabelled.push({ id, refRow, candRow, from, to });
    if (!cells.length && !relabel) unchanged++;
  });
  const removed: RemovedRow[] = [];
  for (let r = 0; r < pairs.matchedRef.length; r++)
    if (!pairs.matchedRef[r]) removed.push({ id: refIdText(r), row: r, label: labelOf(refLabel, r) });

  return {
    format: 'assay-diff',
    version: 1,
    reference: {
      name: reference.loaded.name,
      rows: reference.loaded.frame.numRows,
      files: reference.loaded.files,
    },
    candidate: {
      name: candidate.loaded.name,
      rows: candidate.loaded.frame.numRows,
      files: candidate.loaded.files,
    },
    matchedBy,
    matchColumns,
    columns,
    added,
    removed,
    changed,
    relabelled,
    unchanged,
    perClass: classShifts(reference, refLabel, candidate, candLabel),
    warnings,
  };
}

/** Rows per class before and after; classes matched like labels are (case and spaces ignored). */
function classShifts(
  reference: DiffSide,
  refLabel: Column | undefined,
  candidate: DiffSide,
  candLabel: Column | undefined,
): ClassShift[] {
  const shifts = new Map<string, ClassShift>();
  const count = (side: DiffSide, column: Column | undefined, field: 'before' | 'after') => {
    if (!column) return;
    for (let i = 0; i < side.loaded.frame.numRows; i++) {
      const label = labelOf(column, i);
      if (label === null) continue;
      const key = labelKey(label);
      const s = shifts.get(key) ?? { label: label.trim(), before: 0, after: 0, delta: 0 };
      s[field]++;
      shifts.set(key, s);
    }
  };
  count(reference, refLabel, 'before');
  count(candidate, candLabel, 'after');
  const out = [...shifts.values()];
  for (const s of out) s.delta = s.after - s.before;
  return out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

/**
 * Pairs candidate rows with reference rows of the same key. A key that repeats (duplicate rows, a
 * reused id) pairs identical rows first, then the rest in order, so reordering duplicates does not
 * read as relabelling them. `refOf[candRow]` is the matched reference row or -1 (added).
 */
function pairRows(
  refKeys: string[],
  candKeys: string[],
  identical: (refRow: number, candRow: number) => boolean,
): { refOf: Int32Array; matchedRef: Uint8Array } {
  const refByKey = new Map<string, number[]>();
  refKeys.forEach((k, r) => {
    const rows = refByKey.get(k);
    if (rows) rows.push(r);
    else refByKey.set(k, [r]);
  });
  const refOf = new Int32Array(candKeys.length).fill(-1);
  const matchedRef = new Uint8Array(refKeys.length);
  const candByKey = new Map<string, number[]>();
  candKeys.forEach((k, c) => {
    const rows = candByKey.get(k);
    if (rows) rows.push(c);
    else candByKey.set(k, [c]);
  });
  for (const [key, cands] of candByKey) {
    const refs = refByKey.get(key);
    if (!refs) continue;
    if (refs.length > 1 || cands.length > 1)
      for (const c of cands)
        for (const r of refs)
          if (!matchedRef[r] && identical(r, c)) {
            refOf[c] = r;
            matchedRef[r] = 1;
            break;
          }
    let next = 0;
    for (const c of cands) {
      if (refOf[c] >= 0) continue;
      while (next < refs.length && matchedRef[refs[next]]) next++;
      if (next >= refs.length) break;
      refOf[c] = refs[next];
      matchedRef[refs[next]] = 1;
    }
  }
  return { refOf, matchedRef };
}
