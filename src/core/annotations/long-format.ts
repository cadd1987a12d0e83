// Long format: one row per judgement (item, annotator, label), the shape most labelling tools and
// crowdsourcing platforms write. The frame comes from the ordinary loaders (CSV, Arrow, Parquet,
// JSON), so every file format they read works here.
import { InputError, type Frame } from '../types';
import { cellText, findColumn, guessColumn } from './cells';
import { JudgementBuilder, type BuilderOptions, type ParsedJudgements } from './judgements';

export interface LongColumns {
  item?: string;
  annotator?: string;
  label?: string;
}

const ITEM_NAMES = ['item', 'item_id', 'id', 'task', 'task_id', 'sample', 'sample_id'];
const ANNOTATOR_NAMES = [
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

export function judgementsFromLong(
  frame: Frame,
  file: string,
  columns: LongColumns = {},
  opts: BuilderOptions = {},
): ParsedJudgements {
  const pick = (role: string, name: string | undefined, guesses: string[]) => {
    const col = name !== undefined ? findColumn(frame, name) : guessColumn(frame, guesses);
    if (!col)
      throw new InputError(
        file,
        name !== undefined
          ? `no column "${name}" for the ${role}`
          : `no ${role} column (looked for ${guesses.join(', ')}); name it`,
      );
    return col;
  };
  const item = pick('item', columns.item, ITEM_NAMES);
  const annotator = pick('annotator', columns.annotator, ANNOTATOR_NAMES);
  const label = pick('label', columns.label, LABEL_NAMES);
  const builder = new JudgementBuilder(file, opts);
  for (let r = 0; r < frame.numRows; r++) {
    // Row numbers as a person counts them in the file: the header is line 1.
    const where = `row ${r + 2}`;
    const id = cellText(item, r);
    if (id === null) {
      builder.warn('no item', `${where}: judgement with no item id; skipped`);
      continue;
    }
    const value = cellText(label, r);
    if (value === null) {
      builder.warn('empty label', `${where}: empty label; skipped`);
      continue;
    }
    builder.add(id, cellText(annotator, r) ?? '', value, where);
  }
  return builder.build();
}
