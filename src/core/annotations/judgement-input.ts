// Finding judgements in a loaded table and turning it into one row per item. Four shapes:
// - a Label Studio JSON export (read before the loaders, label-studio-source.ts);
// - a Label Studio CSV export: columns "id", "annotator", "annotation_id", the task's data, the choice;
// - long: one row per judgement, an item column whose ids repeat and an annotator column;
// - wide: one row per item, one column per annotator (annotator_1, annotator_2, …).
// The items' table keeps each item's first row; the annotator columns and the judged label go,
// and a "label" column holds the majority vote, the first label the probe trains on.
import { InputError, type Cell, type Column, type Frame, type RoleOverrides } from '../types';
import { cellText, findColumn, guessColumn } from './cells';
import type { JudgementTable, ParsedJudgements } from './judgements';
import { parseLabelStudioCsv } from './label-studio-csv';
import { judgementsFromLong } from './long-format';
import { ANNOTATOR_COLUMN, judgementsFromWide } from './wide-format';
import { majorityVote } from '../consensus/majority-vote';

export type JudgementFormat = 'long' | 'wide' | 'label-studio';

/** A table of items and the judgements of them. `table.items[i]` is row i of `frame`. */
export interface ItemsWithJudgements {
  format: JudgementFormat;
  /** Where the judgements came from, as the user named it. */
  source: string;
  frame: Frame;
  table: JudgementTable;
  warnings: string[];
  /** The column naming each item (role "item"); null: the row number. */
  itemColumn: string | null;
  /** The column holding the majority vote (role "label"). */
  labelColumn: string;
  /** Per item, the row of the loaded table it was taken from. */
  rows: number[];
  /** Label Studio: each item's image path among the files given (null: none found). */
  imagePaths: (string | null)[] | null;
}

const LONG_ITEM_NAMES = ['item', 'item_id', 'task', 'task_id', 'sample', 'sample_id', 'id'];
const LONG_ANNOTATOR_NAMES = [
  'annotator',
  'annotator_id',
  'worker',
  'worker_id',
  'rater',
  'labeler',
  'labeller',
  'user',
];
const LABEL_NAMES = ['label', 'class', 'choice', 'annotation', 'category'];
const LS_META = ['id', 'annotator', 'annotation_id', 'created_at', 'updated_at', 'lead_time', 'agreement'];

/** Which shape the table has; null: no judgements (a plain labelled table). */
export function judgementFormatOf(frame: Frame, overrides: RoleOverrides): JudgementFormat | null {
  const asked = overrides.judgements;
  if (asked === 'none') return null;
  if (asked) return asked;
  const has = (n: string) => frame.columns.some((c) => c.name === n);
  if (has('id') && has('annotator') && has('annotation_id')) return 'label-studio';
  if (overrides.item !== undefined) return 'long';
  const annotator =
    overrides.annotator !== undefined
      ? findColumn(frame, overrides.annotator)
      : guessColumn(frame, LONG_ANNOTATOR_NAMES);
  const item = guessColumn(
    frame,
    LONG_ITEM_NAMES.filter((n) => n !== overrides.annotator),
  );
  if (annotator && item && item !== annotator && repeats(item, frame.numRows)) return 'long';
  const wide = frame.columns.filter((c) => ANNOTATOR_COLUMN.test(c.name) && c.name !== overrides.annotator);
  if (wide.length >= 2) return 'wide';
  return null;
}

function repeats(column: Column, n: number): boolean {
  const seen = new Set<string>();
  for (let r = 0; r < n; r++) {
    const v = cellText(column, r);
    if (v === null) continue;
    if (seen.has(v)) return true;
    seen.add(v);
  }
  return false;
}

/** The judgements the table holds, in the given shape, and the table of items. */
export function itemsWithJudgements(
  frame: Frame,
  file: string,
  format: JudgementFormat,
  overrides: RoleOverrides,
  files: ReadonlySet<string> = new Set(),
  labelStudio: ParsedJudgements | null = null,
): ItemsWithJudgements {
  if (labelStudio) return collapse(frame, file, 'label-studio', labelStudio, 'id', []);
  if (format === 'label-studio') {
    // A label named by the user counts when the export has that column (not the majority vote
    // column the page's role editor shows after a first load).
    const asked =
      overrides.label !== undefined && !LS_META.includes(overrides.label)
        ? findColumn(frame, overrides.label)
        : undefined;
    const ls = parseLabelStudioCsv(frame, file, {
      ...(asked ? { choiceColumn: asked.name } : {}),
      images: { exportFile: file, files },
    });
    const choice = frame.columns.find(
      (c) => !LS_META.includes(c.name) && c.type === 'string' && isChoiceColumn(c, frame, ls.table),
    );
    const drop = [...LS_META.filter((m) => m !== 'id'), ...(choice ? [choice.name] : [])];
    const out = collapse(frame, file, format, ls, 'id', drop);
    return { ...out, imagePaths: ls.items.map((it) => it.image) };
  }
  if (format === 'long') {
    const item = overrides.item ?? guessColumn(frame, LONG_ITEM_NAMES)?.name;
    const annotator = overrides.annotator ?? guessColumn(frame, LONG_ANNOTATOR_NAMES)?.name;
    const label =
      (overrides.label !== undefined ? findColumn(frame, overrides.label)?.name : undefined) ??
      guessColumn(frame, LABEL_NAMES)?.name;
    const parsed = judgementsFromLong(frame, file, { item, annotator, label });
    return collapse(
      frame,
      file,
      format,
      parsed,
      item ?? null,
      [annotator, label].filter((c): c is string => !!c),
    );
  }
  const item = overrides.item ?? overrides.id ?? guessColumn(frame, LONG_ITEM_NAMES)?.name;
  const annotators = frame.columns.map((c) => c.name).filter((n) => ANNOTATOR_COLUMN.test(n) && n !== item);
  if (annotators.length === 0)
    throw new InputError(
      file,
      'no annotator columns (one column per annotator, e.g. annotator_1, annotator_2)',
    );
  const parsed = judgementsFromWide(frame, file, { item, annotators });
  return collapse(frame, file, format, parsed, item ?? null, annotators);
}

/** The choice column of a Label Studio CSV: the one whose cells are the table's class names. */
function isChoiceColumn(column: Column, frame: Frame, table: JudgementTable): boolean {
  const classes = new Set(table.classes);
  for (let r = 0; r < frame.numRows; r++) {
    const v = cellText(column, r);
    if (v !== null) return classes.has(v.trim()) || v.trim().startsWith('{"choices"');
  }
  return false;
}

/** One row per item (its first), without the judgement columns, with the majority vote as "label". */
function collapse(
  frame: Frame,
  file: string,
  format: JudgementFormat,
  parsed: ParsedJudgements,
  itemColumn: string | null,
  drop: string[],
): ItemsWithJudgements {
  const { table } = parsed;
  if (table.items.length === 0) throw new InputError(file, 'no items with judgements');
  if (table.item.length === 0) throw new InputError(file, 'no usable judgements (see the warnings)');
  const idCol = itemColumn !== null ? findColumn(frame, itemColumn) : undefined;
  const firstRow = new Map<string, number>();
  for (let r = 0; r < frame.numRows; r++) {
    const id = idCol ? cellText(idCol, r) : String(r);
    if (id !== null && !firstRow.has(id)) firstRow.set(id, r);
  }
  const rows = table.items.map((id) => firstRow.get(id) ?? -1);
  const missing = rows.filter((r) => r < 0).length;
  if (missing) throw new InputError(file, `${missing} judged item(s) have no row in the table`);
  const kept = frame.columns.filter((c) => !drop.includes(c.name));
  const labelColumn = kept.some((c) => c.name === 'label') ? 'majority_label' : 'label';
  const mv = majorityVote({ table });
  const columns: Column[] = kept.map((c) => pick(c, rows));
  columns.push({
    name: labelColumn,
    type: 'string',
    values: Array.from(mv.labels, (k) => (k >= 0 ? table.classes[k] : null)),
  });
  return {
    format,
    source: file,
    frame: { columns, numRows: rows.length },
    table,
    warnings: parsed.warnings,
    itemColumn,
    labelColumn,
    rows,
    imagePaths: null,
  };
}

function pick(column: Column, rows: number[]): Column {
  const values =
    column.values instanceof Float64Array
      ? Float64Array.from(rows, (r) => (column.values as Float64Array)[r])
      : rows.map((r) => (column.values as Cell[])[r]);
  return { ...column, values };
}
