// Label Studio's JSON export: an array of tasks, each { id, data: { text | image, … },
// annotations: [{ id, completed_by, result: [{ type: "choices", from_name, value: { choices } }],
// was_cancelled }] }. Older versions call annotations "completions". Classification only: the
// first "choices" result of each annotation (or the one named by the config) is its label.
import { InputError } from '../types';
import { JudgementBuilder, type BuilderOptions, type JudgementTable } from './judgements';
import { parseChoicesConfig } from './label-studio-config';
import {
  makeItem,
  type ImageContext,
  type LabelStudioImport,
  type LabelStudioItem,
} from './label-studio-items';

export interface LabelStudioOptions {
  /** The project's labelling config (XML); its <Choices> give the classes and the result's name. */
  config?: string;
  /** The classes, when no config is given. */
  choices?: string[];
  /** The project's members (ids or emails); a judgement by anyone else is warned about and skipped. */
  annotators?: string[];
  /** Where the export lies among the files the user gave, for its images. */
  images?: ImageContext;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The annotator an annotation names: a user id, or { id, email } in some exports. */
export function annotatorOf(completedBy: unknown): string | null {
  if (typeof completedBy === 'number' && Number.isFinite(completedBy)) return String(completedBy);
  if (typeof completedBy === 'string' && completedBy.trim() !== '') return completedBy.trim();
  if (isObj(completedBy)) {
    const v = completedBy.email ?? completedBy.id;
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
  }
  return null;
}

export function builderOptions(
  opts: LabelStudioOptions,
  file: string,
): BuilderOptions & { fromName: string | null } {
  const config = opts.config !== undefined ? parseChoicesConfig(opts.config) : null;
  if (opts.config !== undefined && (!config || config.choices.length === 0))
    throw new InputError(file, 'the labelling config has no <Choices> with <Choice value="…"> tags');
  return {
    choices: config?.choices ?? opts.choices,
    annotators: opts.annotators,
    fromName: config?.name ?? null,
  };
}

export function parseLabelStudioJson(
  text: string,
  file: string,
  opts: LabelStudioOptions = {},
): LabelStudioImport & { table: JudgementTable } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(file, `invalid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(doc))
    throw new InputError(file, 'not a Label Studio JSON export: expected an array of tasks');
  const { fromName, ...builderOpts } = builderOptions(opts, file);
  const builder = new JudgementBuilder(file, builderOpts);
  const images = opts.images ?? { exportFile: file, files: new Set<string>() };
  const items: LabelStudioItem[] = [];
  const seen = new Set<string>();
  doc.forEach((task, t) => {
    if (!isObj(task) || !isObj(task.data)) {
      builder.warn('bad task', `task at position ${t + 1} has no "data" object; skipped`);
      return;
    }
    const id = task.id === undefined || task.id === null ? String(t + 1) : String(task.id);
    if (seen.has(id)) {
      builder.warn('repeated task', `task ${id} appears twice; the second is skipped`);
      return;
    }
    seen.add(id);
    items.push(makeItem(id, task.data, images, (line) => builder.warn('image', line)));
    builder.addItem(id);
    const annotations = task.annotations ?? task.completions ?? [];
    if (!Array.isArray(annotations)) {
      builder.warn('bad annotations', `task ${id}: "annotations" is not a list; skipped`);
      return;
    }
    annotations.forEach((a, k) => readAnnotation(builder, id, a, k, fromName));
  });
  const parsed = builder.build();
  // The builder keeps tasks in order; items follow the same ids.
  const byId = new Map(items.map((it) => [it.id, it]));
  return {
    table: parsed.table,
    items: parsed.table.items.map((id) => byId.get(id) as LabelStudioItem),
    warnings: parsed.warnings,
  };
}

function readAnnotation(
  builder: JudgementBuilder,
  task: string,
  a: unknown,
  k: number,
  fromName: string | null,
): void {
  const where = `task ${task}, annotation ${isObj(a) && a.id !== undefined ? String(a.id) : `#${k + 1}`}`;
  if (!isObj(a)) {
    builder.warn('bad annotation', `${where}: not an object; skipped`);
    return;
  }
  if (a.was_cancelled === true) {
    builder.warn('cancelled', `${where}: cancelled by its annotator; skipped`);
    return;
  }
  const annotator = annotatorOf(a.completed_by);
  if (annotator === null) {
    builder.warn(
      'unknown annotator',
      `${where}: unknown completed_by (${JSON.stringify(a.completed_by) ?? 'absent'}); skipped`,
    );
    return;
  }
  const result = Array.isArray(a.result) ? a.result : [];
  if (result.length === 0) {
    builder.warn('no result', `${where}: annotation with no result; skipped`);
    return;
  }
  const choice = result.find(
    (r): r is Obj =>
      isObj(r) &&
      isObj(r.value) &&
      Array.isArray(r.value.choices) &&
      (fromName === null || r.from_name === fromName),
  );
  if (!choice) {
    builder.warn(
      'no choices',
      `${where}: no "choices" result${fromName ? ` named "${fromName}"` : ''}; skipped`,
    );
    return;
  }
  const values = ((choice.value as Obj).choices as unknown[]).filter(
    (v) => typeof v === 'string',
  ) as string[];
  if (values.length !== 1) {
    builder.warn(
      'not one choice',
      `${where}: ${values.length} choices (${values.join(', ')}); one class per judgement expected; skipped`,
    );
    return;
  }
  builder.add(task, annotator, values[0], where);
}
