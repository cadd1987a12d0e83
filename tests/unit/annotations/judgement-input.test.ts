// Finding judgements in a loaded table (long, wide, Label Studio CSV and JSON) and the table of
// items that the scan then reads: one row per item, the majority vote as its label.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgementFormatOf } from '../../../src/core/annotations/judgement-input';
import { loadAndInfer } from '../../../src/core/load-and-infer';
import { sourceFromBytes } from '../../../src/core/data';
import { InputError, type SourceFile } from '../../../src/core/types';
import { FIXTURES, csvFrame, fixtureText } from './helpers';

const file = (name: string, text: string): SourceFile =>
  sourceFromBytes(name, new TextEncoder().encode(text));

const LONG = `item,text,annotator,label
1,hello there,a,ham
1,hello there,b,ham
1,hello there,c,spam
2,buy now,a,spam
2,buy now,b,spam
3,see you,a,ham
`;

describe('judgement formats', () => {
  it('tells long, wide and Label Studio CSV apart, and a plain labelled table from all', async () => {
    expect(judgementFormatOf(await csvFrame(LONG), {})).toBe('long');
    expect(judgementFormatOf(await csvFrame('id,text,annotator_1,annotator_2\n1,x,a,b\n2,y,a,a\n'), {})).toBe(
      'wide',
    );
    expect(judgementFormatOf(await csvFrame(fixtureText('text-export.csv')), {})).toBe('label-studio');
    // One annotator per row and unique ids: the annotator-agreement case, not judgements.
    const plain = await csvFrame('id,text,label,annotator\n1,x,ham,a1\n2,y,spam,a2\n');
    expect(judgementFormatOf(plain, {})).toBeNull();
    expect(judgementFormatOf(await csvFrame(LONG), { judgements: 'none' })).toBeNull();
  });

  it('long: one row per item, majority vote as the label, the item column has the role "item"', async () => {
    const p = await loadAndInfer([file('j.csv', LONG)]);
    expect(p.loaded.frame.numRows).toBe(3);
    expect(p.roles).toMatchObject({ item: 'item', label: 'label', text: 'text' });
    const label = p.loaded.frame.columns.find((c) => c.name === 'label')!;
    expect(Array.from(label.values as string[])).toEqual(['ham', 'spam', 'ham']);
    expect(p.summary.judgements).toMatchObject({ format: 'long', items: 3, annotators: 3, judgements: 6 });
  });

  it('wide: the annotator columns go, the row is the item', async () => {
    const p = await loadAndInfer([
      file('w.csv', 'id,text,annotator_1,annotator_2,annotator_3\n1,x,a,a,b\n2,y,b,b,b\n'),
    ]);
    expect(p.loaded.frame.columns.map((c) => c.name)).toEqual(['id', 'text', 'label']);
    expect(p.summary.judgements).toMatchObject({ format: 'wide', items: 2, judgements: 6 });
  });

  it('Label Studio JSON: tasks become rows; the export is the file hashed and named', async () => {
    const p = await loadAndInfer([file('export.json', fixtureText('text-export.json'))]);
    expect(p.loaded.name).toBe('export.json');
    expect(p.loaded.files.map((f) => f.name)).toEqual(['export.json']);
    expect(p.summary.judgements?.format).toBe('label-studio');
    expect(p.roles).toMatchObject({ id: 'item', label: 'label' });
  });

  it('Label Studio CSV with images: its upload paths are matched to the files, the choices found', async () => {
    const image = (name: string) =>
      sourceFromBytes(`images/${name}`, readFileSync(resolve(FIXTURES, 'images', name)));
    const csv = [
      'annotation_id,annotator,created_at,id,image,lead_time,label,updated_at',
      '1,x@e.com,t,1,/data/upload/1/8f2ad1c0-boot.png,1,Sandal,t',
      '2,y@e.com,t,1,/data/upload/1/8f2ad1c0-boot.png,1,Ankle boot,t',
      '3,x@e.com,t,2,images/shirt.png,1,Shirt,t',
      '4,y@e.com,t,2,images/shirt.png,1,Shirt,t',
    ].join('\n');
    const p = await loadAndInfer([file('export.csv', csv), image('8f2ad1c0-boot.png'), image('shirt.png')]);
    expect(p.summary.judgements?.classes).toEqual(['Ankle boot', 'Sandal', 'Shirt']);
    expect(p.roles).toMatchObject({ id: 'item', label: 'label', image_bytes: 'image' });
    expect(p.summary.rowErrors).toEqual([]);
    expect(p.summary.warnings).toEqual([]);
  });

  it('bad shapes: warnings of one line each, no crash; a long table without judgements is an error', async () => {
    const p = await loadAndInfer([file('bad.json', fixtureText('bad-shapes.json'))]);
    const lines = p.summary.warnings.map((w) => `${w.file}: ${w.message}`);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l).not.toMatch(/\n/);
    const empty = loadAndInfer([file('e.csv', 'item,annotator,label\n1,a,\n1,b,\n')]);
    await expect(empty).rejects.toBeInstanceOf(InputError);
    await expect(empty).rejects.toThrow(/no (items with|usable) judgements/);
  });
});
