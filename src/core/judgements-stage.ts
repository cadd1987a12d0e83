// The load step of label QA: when the input holds several annotators' judgements (a Label Studio
// export, a long or a wide table), the loaded table becomes one row per item with the majority
// vote as its label, and the judgements travel beside it (LoadedWithRoles.judgements) to the
// scan's label-QA stage (label-qa-stage.ts).
import {
  itemsWithJudgements,
  judgementFormatOf,
  type ItemsWithJudgements,
} from './annotations/judgement-input';
import { labelStudioSource, type LabelStudioSource } from './annotations/label-studio-source';
import { attachImages } from './data/attach-images';
import { hashSource } from './data/hash';
import { IMAGE_PATH } from './data/paths';
import type { LoadedDataset, LoadWarning, RoleOverrides, SourceFile } from './types';

/** The files the loaders read: a Label Studio JSON export's tasks as a table, else the files given. */
export async function judgementSources(
  files: SourceFile[],
  overrides: RoleOverrides,
): Promise<{ files: SourceFile[]; labelStudio: LabelStudioSource | null }> {
  if (overrides.judgements === 'none' || overrides.judgements === 'long' || overrides.judgements === 'wide')
    return { files, labelStudio: null };
  const forced = overrides.judgements === 'label-studio' && !files.some((f) => /\.csv$/i.test(f.name));
  const labelStudio = await labelStudioSource(files, forced);
  return { files: labelStudio?.files ?? files, labelStudio };
}

export interface WithJudgements {
  loaded: LoadedDataset;
  judgements: ItemsWithJudgements | null;
  /** The role overrides for the items' table (the item column, the majority vote as the label). */
  overrides: RoleOverrides;
}

/** The loaded table as one row per item, when it holds judgements; else unchanged. */
export async function withJudgements(
  loaded: LoadedDataset,
  given: SourceFile[],
  overrides: RoleOverrides,
  labelStudio: LabelStudioSource | null,
): Promise<WithJudgements> {
  const format = labelStudio ? 'label-studio' : judgementFormatOf(loaded.frame, overrides);
  if (!format) return { loaded, judgements: null, overrides };
  const names = new Set(given.map((f) => f.name));
  const items = itemsWithJudgements(
    loaded.frame,
    labelStudio ? labelStudio.export.name : loaded.name,
    format,
    overrides,
    names,
    labelStudio?.parsed ?? null,
  );
  const warnings: LoadWarning[] = [
    ...loaded.warnings,
    ...items.warnings.map((w) => asWarning(w, items.source)),
  ];
  const rowOf = new Map(items.rows.map((r, i) => [r, i]));
  let rowErrors = loaded.rowErrors.flatMap((e) =>
    rowOf.has(e.row) ? [{ row: rowOf.get(e.row) as number, message: e.message }] : [],
  );
  let { frame } = items;
  if (items.imagePaths?.some((p) => p !== null)) {
    // Label Studio's CSV names images by its own upload paths, which the loader could not follow:
    // its try (columns, row errors, warnings) gives way to the files those paths were found as.
    frame = { ...frame, columns: frame.columns.filter((c) => c.type !== 'binary') };
    rowErrors = rowErrors.filter((e) => !/^image (path )?"/.test(e.message));
    const stale =
      /none of its image paths match|holds image paths but no image|image files not named by the table/;
    for (const w of warnings.filter((x) => stale.test(x.message))) warnings.splice(warnings.indexOf(w), 1);
    // The export's image column now holds the paths found (the only column attachImages reads).
    const refs = frame.columns.filter((c) => c.type === 'string' && namesImages(c.values as unknown[]));
    frame.columns = frame.columns.filter((c) => !refs.includes(c));
    frame.columns.push({ name: refs[0]?.name ?? 'image_path', type: 'string', values: items.imagePaths });
    const attached = await attachImages(
      frame,
      '',
      given.filter((f) => IMAGE_PATH.test(f.name)),
    );
    warnings.push(...attached.warnings.map((message) => ({ file: items.source, message })));
    rowErrors = [...rowErrors, ...attached.rowErrors];
  }
  let out: LoadedDataset = { ...loaded, frame, warnings, rowErrors };
  if (labelStudio) {
    // The export, not the table made of its tasks, is what was given and is hashed.
    const made = `${labelStudio.export.name}.tasks.csv`;
    const own = await hashSource(labelStudio.export);
    out = {
      ...out,
      name: labelStudio.export.name,
      format: 'json',
      files: out.files.map((f) => (f.name === made ? own : f)),
      warnings: warnings.map((w) => (w.file === made ? { ...w, file: own.name } : w)),
    };
  }
  const kept = new Set(frame.columns.map((c) => c.name));
  const keep = (name: string | undefined) => (name !== undefined && kept.has(name) ? name : undefined);
  const roles: RoleOverrides = {
    ...overrides,
    judgements: format,
    annotator: undefined,
    id: undefined,
    item: items.itemColumn ?? undefined,
    label: items.labelColumn,
    image: keep(overrides.image),
    embedding: keep(overrides.embedding),
    text: overrides.text?.filter((t) => kept.has(t)),
    ignore: overrides.ignore?.filter((t) => kept.has(t)),
  };
  for (const key of Object.keys(roles) as (keyof RoleOverrides)[])
    if (roles[key] === undefined) delete roles[key];
  return { loaded: out, judgements: items, overrides: roles };
}

/** A parser's "file: problem" line as a load warning. */
function asWarning(line: string, file: string): LoadWarning {
  const prefix = `${file}: `;
  return { file, message: line.startsWith(prefix) ? line.slice(prefix.length) : line };
}

/** Whether most cells of a text column name image files (the task's image field). */
function namesImages(values: unknown[]): boolean {
  const named = values.filter((v): v is string => typeof v === 'string' && v !== '');
  return named.length > 0 && named.filter((v) => IMAGE_REF.test(v)).length * 2 >= named.length;
}

const IMAGE_REF = /\.(png|jpe?g|gif|bmp|webp|tiff?)(\?.*)?$/i;
