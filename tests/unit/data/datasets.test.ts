import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage, inferRoles, labelIndex, loadDataset } from '../../../src/core/data';
import { sourceFromPath, sourcesFromPath } from '../../../src/core/data/node-source';
import { DATASETS, column, loadPath } from './helpers';

const manifest = JSON.parse(readFileSync(resolve(DATASETS, 'MANIFEST.json'), 'utf8')) as Record<
  string,
  { bytes: number; sha256: string }
>;

describe('fashion-badnets', () => {
  it('data.arrow: 6000 rows, image binary column, label; hash matches MANIFEST', async () => {
    const d = await loadPath(resolve(DATASETS, 'fashion-badnets/data.arrow'));
    expect(d.format).toBe('arrow');
    expect(d.frame.numRows).toBe(6000);
    expect(column(d, 'image').type).toBe('binary');
    expect(column(d, 'label').type).toBe('string');
    expect(d.rowErrors).toEqual([]);
    expect(d.files).toEqual([{ name: 'data.arrow', ...manifest['fashion-badnets/data.arrow'] }]);
    const r = inferRoles(d.frame);
    expect(r.roles).toEqual({ id: 'id', image: 'image', label: 'label' });
    expect(r.labelInfo?.classes).toHaveLength(10);
    const img = decodeImage(column(d, 'image').values[0] as Uint8Array);
    expect([img.width, img.height, img.channels]).toEqual([28, 28, 1]);
  });

  it('data.csv + images folder: image_path becomes image bytes', async () => {
    const dir = resolve(DATASETS, 'fashion-badnets');
    const all = await sourcesFromPath(dir);
    const files = all.filter((f) => f.name === 'data.csv' || f.name.startsWith('images/'));
    expect(files).toHaveLength(6001);
    const d = await loadDataset(files);
    expect(d.format).toBe('csv');
    expect(d.frame.numRows).toBe(6000);
    const image = column(d, 'image');
    expect(image.type).toBe('binary');
    expect(d.rowErrors).toEqual([]);
    const paths = column(d, 'image_path').values as string[];
    const arrow = await loadPath(resolve(dir, 'data.arrow'));
    // Same row, same image bytes as the Arrow copy (ids are row numbers in both).
    expect(paths[5]).toBe('images/5.png');
    expect(Array.from(image.values[5] as Uint8Array)).toEqual(
      Array.from(column(arrow, 'image').values[5] as Uint8Array),
    );
    const r = inferRoles(d.frame);
    expect(r.roles).toMatchObject({ id: 'id', image: 'image', label: 'label', image_path: 'ignore' });
    expect(d.files).toHaveLength(6001);
    expect(d.files.find((f) => f.name === 'data.csv')?.sha256).toBe(
      manifest['fashion-badnets/data.csv'].sha256,
    );
  });

  it('data.csv alone: warns that the image files are missing', async () => {
    const d = await loadDataset([sourceFromPath(resolve(DATASETS, 'fashion-badnets/data.csv'))]);
    expect(d.frame.columns.map((c) => c.name)).toEqual(['id', 'image_path', 'label']);
    expect(d.warnings.some((w) => /no image files were given/.test(w.message))).toBe(true);
  });
});

describe('spam-flip', () => {
  it('data.csv: 3000 rows with text, label, annotator, id roles', async () => {
    const d = await loadPath(resolve(DATASETS, 'spam-flip/data.csv'));
    expect(d.frame.numRows).toBe(3000);
    expect(d.files[0].sha256).toBe(manifest['spam-flip/data.csv'].sha256);
    const r = inferRoles(d.frame);
    expect(r.roles).toEqual({ id: 'id', text: 'text', label: 'label', annotator: 'annotator' });
    expect(r.labelInfo?.classes).toEqual(['ham', 'spam']);
    const { labels } = labelIndex(d.frame, r.roles);
    const spam = labels.filter((l) => l === 1).length / labels.length;
    expect(spam).toBeGreaterThan(0.2);
    expect(spam).toBeLessThan(0.45);
  });

  it('data.arrow and data.csv agree', async () => {
    const a = await loadPath(resolve(DATASETS, 'spam-flip/data.arrow'));
    const c = await loadPath(resolve(DATASETS, 'spam-flip/data.csv'));
    expect(a.files[0].sha256).toBe(manifest['spam-flip/data.arrow'].sha256);
    expect(column(a, 'text').values.slice(0, 50)).toEqual(column(c, 'text').values.slice(0, 50));
    expect(column(a, 'annotator').values).toEqual(column(c, 'annotator').values);
  });
});

describe('penguins-flip', () => {
  it('data.csv: 347 rows, label "species", numeric and categorical features', async () => {
    const d = await loadPath(resolve(DATASETS, 'penguins-flip/data.csv'));
    expect(d.frame.numRows).toBe(347);
    expect(d.files[0]).toEqual({ name: 'data.csv', ...manifest['penguins-flip/data.csv'] });
    const r = inferRoles(d.frame);
    expect(r.roles.species).toBe('label');
    expect(r.roles.id).toBe('id');
    expect(r.roles.bill_length_mm).toBe('numeric');
    expect(r.roles.island).toBe('categorical');
    expect(r.labelInfo?.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(column(d, 'bill_length_mm').type).toBe('number');
  });
});

describe('fashion-60k', () => {
  it('data.arrow: 60,000 rows in a few seconds, images validated, hash matches', async () => {
    const t0 = performance.now();
    const d = await loadPath(resolve(DATASETS, 'fashion-60k/data.arrow'));
    const ms = performance.now() - t0;
    expect(d.frame.numRows).toBe(60_000);
    expect(d.rowErrors).toEqual([]);
    expect(d.files[0].sha256).toBe(manifest['fashion-60k/data.arrow'].sha256);
    // Binary cells are views into the file's one buffer, not 60,000 copies.
    const image = column(d, 'image').values as Uint8Array[];
    expect(image[0].buffer).toBe(image[59_999].buffer);
    // Generous bound: the machine running the tests may be shared.
    expect(ms).toBeLessThan(30_000);
  });
});
