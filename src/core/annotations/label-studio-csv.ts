// Label Studio's CSV export: one row per annotation, with the task's data fields (text, image…),
// the task "id", "annotator" (email or user id), "annotation_id", "created_at", "updated_at",
// "lead_time", and one column per control tag named after it (e.g. "sentiment") holding the
// choice, or {"choices": [...]} as JSON when several were picked. The frame comes from the
// ordinary CSV loader.
import { InputError, type Frame } from '../types';
import { cellText, findColumn } from './cells';
import { JudgementBuilder, type JudgementTable } from './judgements';
import { builderOptions, type LabelStudioOptions } from './label-studio-json';
import { makeItem, type LabelStudioImport, type LabelStudioItem } from './label-studio-items';

/** Columns Label Studio adds to every row; the rest are data fields and control tags. */
const META = new Set([
  'id',
  'annotator',
  'annotation_id',
  'created_at',
  'updated_at',
  'lead_time',
  'agreement',
]);

export interface LabelStudioCsvOptions extends LabelStudioOptions {
  /** The column holding the choice (the <Choices> tag's name); absent: from the config, else guessed. */
  choiceColumn?: string;
}

export function parseLabelStudioCsv(
  frame: Frame,
  file: string,
  opts: LabelStudioCsvOptions = {},
): LabelStudioImport & { table: JudgementTable } {
  const { fromName, ...builderOpts } = builderOptions(opts, file);
  const idCol = findColumn(frame, 'id');
  const annotatorCol = findColumn(frame, 'annotator');
  if (!idCol || !annotatorCol)
    throw new InputError(file, 'not a Label Studio CSV export: expected columns "id" and "annotator"');
  const choiceName = opts.choiceColumn ?? fromName ?? guessChoiceColumn(frame, builderOpts.choices);
  const choiceCol = choiceName !== null ? findColumn(frame, choiceName) : undefined;
  if (!choiceCol)
    throw new InputError(
      file,
      choiceName !== null
        ? `no column "${choiceName}" with the choices`
        : 'no column with the choices; name it',
    );
  const dataCols = frame.columns.filter((c) => !META.has(c.name) && c !== choiceCol);
  const builder = new JudgementBuilder(file, builderOpts);
  const images = opts.images ?? { exportFile: file, files: new Set<string>() };
  const items = new Map<string, LabelStudioItem>();
  for (let r = 0; r < frame.numRows; r++) {
    const where = `row ${r + 2}`;
    const task = cellText(idCol, r);
    if (task === null) {
      builder.warn('no item', `${where}: row with no task id; skipped`);
      continue;
    }
    if (!items.has(task)) {
      const data = Object.fromEntries(dataCols.map((c) => [c.name, cellText(c, r)]));
      items.set(
        task,
        makeItem(task, data, images, (line) => builder.warn('image', line)),
      );
      builder.addItem(task);
    }
    const raw = cellText(choiceCol, r);
    const annotator = cellText(annotatorCol, r);
    if (raw === null) {
      // A task nobody annotated is exported as a row with neither; that is not a problem.
      if (annotator !== null) builder.warn('no result', `${where}: annotation with no result; skipped`);
      continue;
    }
    if (annotator === null) {
      builder.warn(
        'unknown annotator',
        `${where}: unknown annotator (the "annotator" cell is empty); skipped`,
      );
      continue;
    }
    const values = choicesOf(raw);
    if (values.length !== 1) {
      builder.warn(
        'not one choice',
        `${where}: ${values.length} choices (${values.join(', ')}); one class per judgement expected; skipped`,
      );
      continue;
    }
    builder.add(task, annotator, values[0], `${where} (task ${task})`);
  }
  const parsed = builder.build();
  return {
    table: parsed.table,
    items: parsed.table.items.map((id) => items.get(id) as LabelStudioItem),
    warnings: parsed.warnings,
  };
}

/** A cell of the choice column: a plain class name, or {"choices": [...]} for several. */
function choicesOf(raw: string): string[] {
  const s = raw.trim();
  if (s.startsWith('{')) {
    try {
      const v = JSON.parse(s) as { choices?: unknown };
      if (Array.isArray(v.choices)) return v.choices.filter((c): c is string => typeof c === 'string');
    } catch {
      // Not JSON after all: a class name that starts with a brace.
    }
  }
  return [s];
}

/**
 * The column that holds the choices: with known classes, the one with most cells among them;
 * else the non-meta text column with the fewest distinct values (a class, not a text or a path).
 */
function guessChoiceColumn(frame: Frame, choices: string[] | undefined): string | null {
  let best: string | null = null;
  let bestScore = -Infinity;
  const known = choices && choices.length > 0 ? new Set(choices) : null;
  for (const col of frame.columns) {
    if (META.has(col.name) || col.type !== 'string' || holdsPaths(col, frame.numRows)) continue;
    const distinct = new Set<string>();
    let inChoices = 0;
    for (let r = 0; r < frame.numRows; r++) {
      const v = cellText(col, r);
      if (v === null) continue;
      distinct.add(v);
      if (known?.has(v.trim())) inChoices++;
    }
    if (distinct.size === 0) continue;
    const score = known ? inChoices : -distinct.size;
    if (score > bestScore) [best, bestScore] = [col.name, score];
  }
  return best;
}

/** A column of file paths or URLs (a task's image), never the choices. */
function holdsPaths(col: Frame['columns'][number], rows: number): boolean {
  let seen = 0;
  let paths = 0;
  for (let r = 0; r < rows && seen < 100; r++) {
    const v = cellText(col, r);
    if (v === null) continue;
    seen++;
    if (/\.(png|jpe?g|gif|bmp|webp|tiff?)(\?.*)?$/i.test(v) || /^[a-z]+:\/\//i.test(v)) paths++;
  }
  return seen > 0 && paths * 2 >= seen;
}
