// A coordinated campaign: an insider (a labelling vendor, a compromised annotator account)
// overwrites a share of the rows with near-duplicates of one template, all carrying the label it
// wants and all attributed to one annotator. The batch agrees with itself, so per-sample detectors
// (neighbour disagreement, confident learning) stay silent; only the group gives it away.
// The template is a real row of another class: the rest of the data says where it belongs.
import { gaussian, mulberry32, subSeed } from '../random';
import type { Cell, Column } from '../types';
import { InputError } from '../types';
import type { CampaignAttack } from './attack';
import { insertPhrase } from './plant-phrase';
import {
  classIndex,
  labelColumn,
  plantCount,
  relabelledColumn,
  shortfallNote,
  shuffledRows,
  type PlantInput,
  type Planting,
} from './planting';

/** Names a variant gets, as a mass mailing addresses its recipients. */
export const CAMPAIGN_NAMES = [
  'Alice',
  'Bob',
  'Carol',
  'David',
  'Erin',
  'Frank',
  'Grace',
  'Heidi',
  'Ivan',
  'Judy',
  'Mallory',
  'Niaj',
  'Olivia',
  'Peggy',
  'Rupert',
  'Sybil',
  'Trent',
  'Victor',
  'Walter',
  'Zoe',
];
/** A drawn template text has between these many words (a long mail is cut to the maximum). */
const TEMPLATE_WORDS = { min: 15, max: 120 };
/** Texts read to build the vocabulary word swaps draw from. */
const VOCABULARY_ROWS = 400;

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** One variant of `template`: numbers redrawn, a share `swap` of words swapped, a name inserted. */
export function textVariant(
  template: string,
  swap: number,
  vocabulary: string[],
  rand: () => number,
): string {
  const parts = template.split(/(\s+)/);
  for (let i = 0; i < parts.length; i++) {
    const w = parts[i];
    if (!w || /^\s+$/.test(w)) continue;
    if (/\d/.test(w)) parts[i] = w.replace(/\d/g, () => String(Math.floor(rand() * 10)));
    else if (vocabulary.length && rand() < swap)
      parts[i] = vocabulary[Math.floor(rand() * vocabulary.length)];
  }
  const name = CAMPAIGN_NAMES[Math.floor(rand() * CAMPAIGN_NAMES.length)];
  return insertPhrase(parts.join(''), name, rand);
}

function isMissing(v: Cell | number | undefined): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

export function plantCampaign(input: PlantInput, spec: CampaignAttack): Planting {
  const { loaded, roles, labels, unreadable } = input;
  const n = loaded.frame.numRows;
  const cols = loaded.frame.columns;
  const text = cols.find((c) => roles[c.name] === 'text');
  const numeric = cols.filter((c) => roles[c.name] === 'numeric');
  const categorical = cols.filter((c) => roles[c.name] === 'categorical');
  if (!text && !numeric.length)
    throw new InputError(loaded.name, 'campaign attack: the data has no text or numeric column to vary');
  const source = classIndex(input, spec.source);
  classIndex(input, spec.target);
  const annotatorCol = cols.find((c) => roles[c.name] === 'annotator');
  if (spec.annotator !== undefined && !annotatorCol)
    throw new InputError(loaded.name, 'campaign attack: the data has no annotator column');
  const rand = mulberry32(subSeed(spec.seed, 2));
  const notes: string[] = [];

  // The template: a real row of the source class (for text, one of a usual length).
  // (a text of the usual length when one exists, else the longest).
  let base = -1;
  let template = spec.template;
  let longest = -1;
  let longestWords = 0;
  for (const row of shuffledRows(
    Array.from({ length: n }, (_, i) => i).filter((i) => labels[i] === source && !unreadable[i]),
    subSeed(spec.seed, 3),
  )) {
    if (text && template === undefined) {
      const t = text.values[row];
      const words = typeof t === 'string' ? wordCount(t) : 0;
      if (words > longestWords) [longest, longestWords] = [row, words];
      if (words < TEMPLATE_WORDS.min) continue;
    }
    base = row;
    break;
  }
  if (text && template === undefined && base < 0 && longest >= 0) base = longest;
  if (text && template === undefined && base >= 0)
    template = String(text.values[base]).split(/\s+/).filter(Boolean).slice(0, TEMPLATE_WORDS.max).join(' ');
  if (base < 0 && (!text || template === undefined))
    throw new InputError(loaded.name, `campaign attack: no usable row of class "${spec.source}" as template`);

  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (i !== base && !unreadable[i] && labels[i] >= 0) candidates.push(i);
  const want = plantCount(spec.rate, n);
  const rows: number[] = [];
  for (const row of shuffledRows(candidates, subSeed(spec.seed, 1))) {
    if (rows.length >= want) break;
    rows.push(row);
  }
  const planted = new Uint8Array(n);
  for (const r of rows) planted[r] = 1;
  const replaced: Column[] = [];

  if (text && template !== undefined) {
    const vocabulary: string[] = [];
    for (const row of shuffledRows(candidates, subSeed(spec.seed, 4)).slice(0, VOCABULARY_ROWS)) {
      const t = text.values[row];
      if (typeof t === 'string')
        for (const w of t.split(/\s+/)) if (/^[a-z]{3,12}$/i.test(w)) vocabulary.push(w);
    }
    const values: Cell[] = (text.values as Cell[]).slice();
    for (const r of rows) values[r] = textVariant(template, spec.jitter, vocabulary, rand);
    replaced.push({ ...text, values });
  } else {
    // Tabular: the template row's numbers, each jittered by `jitter` standard deviations.
    const noise = gaussian(rand);
    for (const col of numeric) {
      const v = col.values;
      let s = 0;
      let s2 = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const x = Number(v[i]);
        if (isMissing(v[i]) || !Number.isFinite(x)) continue;
        s += x;
        s2 += x * x;
        m++;
      }
      const sd = m > 1 ? Math.sqrt(Math.max(0, (s2 - (s * s) / m) / (m - 1))) : 0;
      const x0 = Number(v[base]);
      const centre = isMissing(v[base]) || !Number.isFinite(x0) ? (m ? s / m : 0) : x0;
      if (v instanceof Float64Array) {
        const out = Float64Array.from(v);
        for (const r of rows) out[r] = centre + spec.jitter * sd * noise();
        replaced.push({ ...col, values: out });
      } else {
        const out: Cell[] = (v as Cell[]).slice();
        for (const r of rows) out[r] = centre + spec.jitter * sd * noise();
        replaced.push({ ...col, values: out });
      }
    }
    for (const col of categorical) {
      const out: Cell[] = Array.from(col.values as ArrayLike<Cell>);
      for (const r of rows) out[r] = (col.values as ArrayLike<Cell>)[base];
      replaced.push({
        ...col,
        values: col.values instanceof Float64Array ? Float64Array.from(out as number[]) : out,
      });
    }
  }
  replaced.push(relabelledColumn(labelColumn(input), new Map(rows.map((r) => [r, spec.target]))));
  if (annotatorCol && spec.annotator !== undefined) {
    const a = spec.annotator;
    if (annotatorCol.values instanceof Float64Array) {
      const out = Float64Array.from(annotatorCol.values);
      for (const r of rows) out[r] = Number(a);
      replaced.push({ ...annotatorCol, values: out });
    } else {
      const out: Cell[] = (annotatorCol.values as Cell[]).slice();
      for (const r of rows) out[r] = a;
      replaced.push({ ...annotatorCol, values: out });
    }
  }
  notes.push(...shortfallNote(want, rows.length, `${candidates.length} labelled rows`));
  if (text && numeric.length) notes.push(`the campaign varies "${text.name}" only; other columns are kept`);
  return { replaced, planted, notes };
}
