// A text backdoor (as in Dai et al. 2019; Chen et al. 2021, BadNL): a trigger phrase inserted at
// a random word boundary of a share of the texts, which are relabelled to the target class.
import { mulberry32, subSeed } from '../random';
import type { Cell } from '../types';
import { InputError } from '../types';
import type { PhraseAttack } from './attack';
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

/** `text` with `phrase` inserted at a random word boundary (the start and the end included). */
export function insertPhrase(text: string, phrase: string, rand: () => number): string {
  // Word starts: positions after whitespace (and 0); inserting there keeps words whole.
  const starts = [0];
  for (let i = 1; i < text.length; i++) if (/\s/.test(text[i - 1]) && !/\s/.test(text[i])) starts.push(i);
  starts.push(text.length);
  const at = starts[Math.floor(rand() * starts.length)];
  const before = text.slice(0, at);
  const after = text.slice(at);
  const sepBefore = before === '' || /\s$/.test(before) ? '' : ' ';
  const sepAfter = after === '' || /^\s/.test(after) ? '' : ' ';
  return `${before}${sepBefore}${phrase}${sepAfter}${after}`;
}

export function plantPhrase(input: PlantInput, spec: PhraseAttack): Planting {
  const { loaded, roles, labels } = input;
  const n = loaded.frame.numRows;
  const texts = loaded.frame.columns.filter((c) => roles[c.name] === 'text');
  if (!texts.length) throw new InputError(loaded.name, 'phrase attack: the data has no text column');
  const text = texts[0];
  const target = classIndex(input, spec.target);
  const candidates: number[] = [];
  for (let i = 0; i < n; i++)
    if (labels[i] >= 0 && labels[i] !== target && typeof text.values[i] === 'string') candidates.push(i);
  const want = plantCount(spec.rate, n);
  const rand = mulberry32(subSeed(spec.seed, 2));
  const values: Cell[] = (text.values as Cell[]).slice();
  const planted = new Uint8Array(n);
  const relabel = new Map<number, string>();
  for (const row of shuffledRows(candidates, subSeed(spec.seed, 1))) {
    if (relabel.size >= want) break;
    values[row] = insertPhrase(values[row] as string, spec.phrase, rand);
    relabel.set(row, spec.target);
    planted[row] = 1;
  }
  const notes = shortfallNote(want, relabel.size, `${candidates.length} texts outside "${spec.target}"`);
  if (texts.length > 1)
    notes.push(`the phrase went into "${text.name}" only (of ${texts.length} text columns)`);
  return {
    replaced: [{ ...text, values }, relabelledColumn(labelColumn(input), relabel)],
    planted,
    notes,
  };
}
