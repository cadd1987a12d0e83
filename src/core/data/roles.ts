// Column roles from names and content. Overrides win; every column ends with exactly one role.
import { InputError, type Column, type Frame, type Role, type RoleOverrides, type Roles } from '../types';
import { columnStats, type ColumnStats } from './column-stats';
import { isImageColumn } from './image-check';
import { normaliseLabels, type LabelInfo } from './labels';

const ID_NAMES = ['id', 'uuid', 'index', 'key', '_id', 'idx', 'sample_id', 'row_id', 'example_id'];
const LABEL_NAMES = [
  'label',
  'labels',
  'class',
  'target',
  'species',
  'category',
  'y',
  'class_label',
  'ground_truth',
  'cls',
];
const ANNOTATOR_NAMES = [
  'annotator',
  'labeler',
  'labeller',
  'rater',
  'worker',
  'annotated_by',
  'annotator_id',
  'labeled_by',
  'labelled_by',
  'worker_id',
];

export interface InferredRoles {
  roles: Roles;
  warnings: string[];
  labelInfo?: LabelInfo;
}

const norm = (s: string): string => s.trim().toLowerCase();
/** "label_2" (a renamed duplicate) still reads as "label". */
const baseName = (s: string): string => norm(s).replace(/_\d+$/, '');

export function inferRoles(frame: Frame, overrides: RoleOverrides = {}): InferredRoles {
  checkOverrides(frame, overrides);
  const roles: Roles = {};
  const warnings: string[] = [];
  const stats = new Map(frame.columns.map((c) => [c.name, columnStats(c)]));
  const free = (c: Column) => roles[c.name] === undefined;
  const byName = (names: string[]) =>
    names.map((n) => frame.columns.find((c) => free(c) && norm(c.name) === n)).find(Boolean);

  applyOverrides(roles, overrides);
  const has = (role: Role) => Object.values(roles).includes(role);
  // Roles the file's own schema declares (Hugging Face features) come before guesses.
  for (const role of ['image', 'embedding', 'label'] as const) {
    const hinted = frame.columns.find((c) => free(c) && c.hint === role);
    if (!has(role) && hinted) roles[hinted.name] = role;
  }

  const image = frame.columns.find((c) => free(c) && c.hint !== 'ignore' && isImageColumn(c));
  if (!has('image') && image) roles[image.name] = 'image';
  const embedding = frame.columns.find((c) => free(c) && c.type === 'vector');
  if (!has('embedding') && embedding) roles[embedding.name] = 'embedding';

  // A judgement's item names the sample: no other id column is looked for.
  if (!has('id') && !has('item')) {
    const id =
      byName(ID_NAMES) ??
      frame.columns.find((c) => free(c) && looksLikeId(c, stats.get(c.name)!, frame.numRows));
    if (id) roles[id.name] = 'id';
    else warnings.push('no id column; row numbers are used as ids');
  }
  if (!has('annotator')) {
    const annotator = byName(ANNOTATOR_NAMES);
    if (annotator) roles[annotator.name] = 'annotator';
  }
  if (!has('label')) {
    const label = byName(LABEL_NAMES) ?? lastCategorical(frame, stats, free);
    if (label) roles[label.name] = 'label';
    else warnings.push('no label column found; choose one');
  }
  const chosenLabel = frame.columns.find((c) => roles[c.name] === 'label');
  for (const c of frame.columns) {
    if (!free(c)) continue;
    // "label_2" beside "label" (a repeated header) would leak the answer into the features.
    if (chosenLabel && baseName(c.name) === baseName(chosenLabel.name)) {
      roles[c.name] = 'ignore';
      warnings.push(
        `column "${c.name}" looks like a second label column; ignored (choose it as the label to use it)`,
      );
      continue;
    }
    // A second declared label (a ClassLabel or a WebDataset .cls beside the chosen label) would
    // leak the answer into the features too.
    if (c.hint === 'label') {
      roles[c.name] = 'ignore';
      warnings.push(`column "${c.name}" is declared a label but another column is the label; ignored`);
      continue;
    }
    roles[c.name] = contentRole(c, stats.get(c.name)!, frame.numRows);
  }
  const labelColumn = frame.columns.find((c) => roles[c.name] === 'label');
  const labelInfo = labelColumn ? describeLabels(labelColumn, frame.numRows, warnings) : undefined;
  return { roles, warnings, labelInfo };
}

function checkOverrides(frame: Frame, o: RoleOverrides): void {
  const names = frame.columns.map((c) => c.name);
  const asked = [
    o.id,
    o.item,
    o.label,
    o.annotator,
    o.image,
    o.embedding,
    ...(o.text ?? []),
    ...(o.ignore ?? []),
  ];
  for (const name of asked) {
    if (name !== undefined && !names.includes(name)) {
      throw new InputError('', `no column "${name}" (columns: ${names.join(', ')})`);
    }
  }
}

function applyOverrides(roles: Roles, o: RoleOverrides): void {
  for (const name of o.ignore ?? []) roles[name] = 'ignore';
  for (const name of o.text ?? []) roles[name] = 'text';
  const single: [keyof RoleOverrides, Role][] = [
    ['id', 'id'],
    ['item', 'item'],
    ['label', 'label'],
    ['annotator', 'annotator'],
    ['image', 'image'],
    ['embedding', 'embedding'],
  ];
  for (const [key, role] of single) {
    const name = o[key] as string | undefined;
    if (name !== undefined) roles[name] = role;
  }
}

/** Unique integers, or unique short strings without spaces (keys, UUIDs), and no gaps. */
function looksLikeId(c: Column, s: ColumnStats, n: number): boolean {
  if (s.present !== n || s.distinct !== n || n < 2) return false;
  if (c.type === 'number') return s.integers;
  return c.type === 'string' && !s.hasSpaces && s.meanLength <= 64 && s.pathShare === 0;
}

/** Few distinct values: at most max(10, 5 % of rows) capped at 100, and at most half the rows. */
function isLowCardinality(s: ColumnStats, n: number): boolean {
  return (
    s.distinct >= 1 &&
    s.distinct <= Math.min(100, Math.max(10, Math.ceil(n * 0.05))) &&
    s.distinct <= Math.max(2, n / 2)
  );
}

function lastCategorical(frame: Frame, stats: Map<string, ColumnStats>, free: (c: Column) => boolean) {
  const candidates = frame.columns.filter((c) => {
    const s = stats.get(c.name)!;
    return (
      free(c) &&
      c.type === 'string' &&
      s.distinct >= 2 &&
      isLowCardinality(s, frame.numRows) &&
      s.meanWords < 4
    );
  });
  return candidates[candidates.length - 1];
}

function contentRole(c: Column, s: ColumnStats, n: number): Role {
  if (s.present === 0 || s.distinct <= 1 || c.hint === 'ignore') return 'ignore';
  if (c.hint === 'text' && c.type === 'string' && s.pathShare <= 0.5) return 'text';
  switch (c.type) {
    case 'number':
      return 'numeric';
    case 'bool':
      return 'categorical';
    case 'string':
      if (s.pathShare > 0.5) return 'ignore';
      if (s.meanLength > 30 || s.meanWords >= 4) return 'text';
      if (isLowCardinality(s, n)) return 'categorical';
      // Many distinct values: free text when it has words, otherwise keys or names (no signal).
      return s.hasSpaces ? 'text' : 'ignore';
    default:
      return 'ignore';
  }
}

function describeLabels(column: Column, n: number, warnings: string[]): LabelInfo {
  const info = normaliseLabels(column, n);
  if (info.normalised.length) {
    const shown = info.normalised
      .slice(0, 8)
      .map((v) => `${JSON.stringify(v.from)} → ${JSON.stringify(v.to)}`);
    warnings.push(
      `label variants merged (case/whitespace): ${shown.join(', ')}${info.normalised.length > 8 ? ', …' : ''}`,
    );
  }
  if (info.missing) warnings.push(`${info.missing} rows have no label (treated as missing)`);
  if (info.classes.length === 1) {
    warnings.push(
      `the label column "${column.name}" has only one class ("${info.classes[0]}"); label checks need two or more`,
    );
  }
  return { classes: info.classes, normalised: info.normalised, missing: info.missing };
}
