// Wide format: one row per item, one column per annotator holding that annotator's label (empty
// where the annotator did not judge the item). cleanlab's multiannotator module takes this shape.
import { InputError, type Frame } from '../types';
import { cellText, findColumn } from './cells';
import { JudgementBuilder, type BuilderOptions, type ParsedJudgements } from './judgements';

export interface WideColumns {
  /** The item id column; absent: the row number is the id. */
  item?: string;
  /** The annotators' columns; absent: every column named like an annotator (see ANNOTATOR_COLUMN). */
  annotators?: string[];
}

/** "annotator_1", "rater-a", "worker3", "a1"…: the names wide exports give annotator columns. */
export const ANNOTATOR_COLUMN = /^(annotator|rater|worker|labell?er|judge)[_\- ]?\w+$|^a\d+$/i;

export function judgementsFromWide(
  frame: Frame,
  file: string,
  columns: WideColumns = {},
  opts: BuilderOptions = {},
): ParsedJudgements {
  const item = columns.item !== undefined ? findColumn(frame, columns.item) : undefined;
  if (columns.item !== undefined && !item)
    throw new InputError(file, `no column "${columns.item}" for the item`);
  const names =
    columns.annotators ?? frame.columns.map((c) => c.name).filter((n) => ANNOTATOR_COLUMN.test(n));
  if (names.length === 0)
    throw new InputError(
      file,
      'no annotator columns (one column per annotator, e.g. annotator_1, annotator_2)',
    );
  const annotatorCols = names.map((n) => {
    const col = findColumn(frame, n);
    if (!col) throw new InputError(file, `no column "${n}" for an annotator`);
    return col;
  });
  const builder = new JudgementBuilder(file, opts);
  for (let r = 0; r < frame.numRows; r++) {
    const where = `row ${r + 2}`;
    const id = item ? cellText(item, r) : String(r);
    if (id === null) {
      builder.warn('no item', `${where}: row with no item id; skipped`);
      continue;
    }
    // Every row is an item, even one nobody judged, so item indices follow the rows.
    builder.addItem(id);
    for (const col of annotatorCols) {
      const value = cellText(col, r);
      if (value !== null) builder.add(id, col.name, value, `${where}, column "${col.name}"`);
    }
  }
  return builder.build();
}
