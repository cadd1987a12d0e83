// Hugging Face `datasets` features: the schema a dataset declares, kept in the Arrow/Parquet
// schema metadata (key "huggingface") or in dataset_info.json. They say what each column is:
// ClassLabel (integer indices with names), Image (a struct of bytes and path), Sequence/List of
// floats (an embedding), Value('string') (text). The frame's columns get the names and a role hint.
import type { Frame } from '../types';
import { formatCount } from './limits';

export interface HfFeature {
  _type?: string;
  names?: string[];
  dtype?: string;
  feature?: HfFeature;
  length?: number;
}

export type HfFeatures = Record<string, HfFeature>;

/** Features from a file's schema metadata, or undefined when it has none (or they do not parse). */
export function featuresFromMeta(meta: Record<string, string> | undefined): HfFeatures | undefined {
  const text = meta?.huggingface;
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { info?: { features?: unknown } };
    return asFeatures(parsed.info?.features);
  } catch {
    return undefined;
  }
}

/** Features from dataset_info.json's text (its `features` key). */
export function featuresFromInfo(text: string): HfFeatures | undefined {
  try {
    return asFeatures((JSON.parse(text) as { features?: unknown }).features);
  } catch {
    return undefined;
  }
}

function asFeatures(v: unknown): HfFeatures | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  return v as HfFeatures;
}

const ROWS_SHOWN = 5;

/**
 * Applies the features to the frame: ClassLabel indices become their names (-1, the `datasets`
 * convention for "no label", becomes missing; an index out of range becomes missing with one
 * warning naming the file), and columns get a role hint. Returns the warnings.
 */
export function applyFeatures(frame: Frame, features: HfFeatures, file: string): string[] {
  const warnings: string[] = [];
  for (const column of frame.columns) {
    const f = features[column.name];
    if (!f) continue;
    const type = f._type;
    if (type === 'ClassLabel' && Array.isArray(f.names) && column.type === 'number') {
      const names = f.names.map(String);
      const values = column.values as Float64Array;
      const out: (string | null)[] = new Array(values.length);
      const bad: number[] = [];
      let badValue = 0;
      for (let i = 0; i < values.length; i++) {
        const k = values[i];
        if (Number.isNaN(k) || k === -1) out[i] = null;
        else if (Number.isInteger(k) && k >= 0 && k < names.length) out[i] = names[k];
        else {
          out[i] = null;
          if (bad.length === 0) badValue = k;
          bad.push(i);
        }
      }
      if (bad.length) {
        const rows = bad.slice(0, ROWS_SHOWN).join(', ') + (bad.length > ROWS_SHOWN ? ', …' : '');
        warnings.push(
          `${file}: column "${column.name}": ${formatCount(bad.length)} ClassLabel indices out of range ` +
            `(e.g. ${badValue}; ${names.length} names) in rows ${rows}; those labels are missing`,
        );
      }
      column.type = 'string';
      column.values = out;
      column.hint = 'label';
      column.classNames = names;
    } else if (type === 'Image' && column.type === 'binary') column.hint = 'image';
    // Audio and Video share the Image struct's shape (bytes, path) but are not images.
    else if ((type === 'Audio' || type === 'Video') && column.type === 'binary') column.hint = 'ignore';
    else if (isFloatSequence(f) && column.type === 'vector') column.hint = 'embedding';
    else if (
      type === 'Value' &&
      (f.dtype === 'string' || f.dtype === 'large_string') &&
      column.type === 'string'
    )
      column.hint = 'text';
  }
  return warnings;
}

function isFloatSequence(f: HfFeature): boolean {
  if (f._type !== 'Sequence' && f._type !== 'List' && f._type !== 'LargeList') return false;
  const inner = f.feature;
  return !!inner && inner._type === 'Value' && /^float|^int|^uint/.test(inner.dtype ?? '');
}
