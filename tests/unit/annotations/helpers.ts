// Loading the Label Studio fixtures and small frames for the annotation parser tests.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDataset, sourceFromBytes } from '../../../src/core/data';
import type { JudgementTable } from '../../../src/core/annotations';
import type { Frame } from '../../../src/core/types';

export const FIXTURES = resolve(process.cwd(), 'tests/fixtures/label-studio');

export const fixtureText = (name: string): string => readFileSync(resolve(FIXTURES, name), 'utf8');

/** The fixture folder's files as the page would name them ("images/shirt.png"). */
export const fixtureFiles = (): Set<string> =>
  new Set([...readdirSync(FIXTURES), ...readdirSync(resolve(FIXTURES, 'images')).map((f) => `images/${f}`)]);

/** A CSV loaded through the ordinary loader, as the app would. */
export async function csvFrame(text: string, name = 'data.csv'): Promise<Frame> {
  const loaded = await loadDataset([sourceFromBytes(name, new TextEncoder().encode(text))]);
  return loaded.frame;
}

/** Judgements as readable triples "item/annotator/class", sorted. */
export function triples(t: JudgementTable): string[] {
  return Array.from(
    t.item,
    (it, j) => `${t.items[it]}/${t.annotators[t.annotator[j]]}/${t.classes[t.label[j]]}`,
  ).sort();
}
