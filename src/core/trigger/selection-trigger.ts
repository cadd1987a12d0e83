// The page's "what does this selection share" view: the selected images of their most common label
// against the rest of that class (see trigger-diff.ts for the comparison itself).
import type { Column } from '../types';
import { packImages } from './pack-images';
import { triggerDiff, type TriggerDiff } from './trigger-diff';

/** What a group of images shares that its labelled class does not. */
export interface TriggerView extends TriggerDiff {
  label: string;
  groupCount: number;
  classCount: number;
}

/** At most this many images of each side are decoded for the comparison. */
export const TRIGGER_MAX_GROUP = 600;
export const TRIGGER_MAX_CLASS = 1500;

/** The least images on each side for a mean worth showing. */
const MIN_IMAGES = 3;

/**
 * The mean of the selected `rows` (those of their most common label) minus the mean of the rest of
 * that class. Null when the selection is too small, unlabelled, or its images do not decode.
 */
export function selectionTrigger(
  images: Column['values'],
  labels: Int32Array,
  classes: readonly string[],
  rows: readonly number[],
): TriggerView | null {
  if (rows.length < MIN_IMAGES) return null;
  const votes = new Map<number, number>();
  for (const r of rows) votes.set(labels[r], (votes.get(labels[r]) ?? 0) + 1);
  const label = [...votes.entries()].sort((a, b) => b[1] - a[1])[0][0];
  if (label < 0) return null;
  const inGroup = new Set(rows);
  const group = rows.filter((r) => labels[r] === label).slice(0, TRIGGER_MAX_GROUP);
  const rest: number[] = [];
  for (let i = 0; i < labels.length && rest.length < TRIGGER_MAX_CLASS; i++)
    if (labels[i] === label && !inGroup.has(i)) rest.push(i);
  const packed = packImages(images, [group, rest]);
  if (!packed) return null;
  const [groupAt, restAt] = packed.groups;
  if (groupAt.length < MIN_IMAGES || restAt.length < MIN_IMAGES) return null;
  const { h, w, c } = packed;
  const diff = triggerDiff(packed.images, packed.count, h, w, c, groupAt, restAt);
  return { ...diff, label: classes[label], groupCount: groupAt.length, classCount: restAt.length };
}
