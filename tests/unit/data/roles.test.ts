import { describe, expect, it } from 'vitest';
import { inferRoles, labelIndex } from '../../../src/core/data';
import type { Column, Frame } from '../../../src/core/types';
import { InputError } from '../../../src/core/types';

function frame(columns: Column[]): Frame {
  const n = columns[0].values.length;
  return { columns, numRows: n };
}
const num = (name: string, values: number[]): Column => ({
  name,
  type: 'number',
  values: Float64Array.from(values),
});
const str = (name: string, values: (string | null)[]): Column => ({ name, type: 'string', values });

const N = 40;
const range = (f: (i: number) => number) => Array.from({ length: N }, (_, i) => f(i));
const strs = (f: (i: number) => string | null) => Array.from({ length: N }, (_, i) => f(i));

describe('inferRoles', () => {
  const base = () =>
    frame([
      str(
        'uuid',
        strs((i) => `k${i}`),
      ),
      num(
        'height',
        range((i) => i * 1.5),
      ),
      num(
        'constant',
        range(() => 3),
      ),
      str(
        'colour',
        strs((i) => ['red', 'green'][i % 2]),
      ),
      str(
        'review',
        strs((i) => `this product was ${i % 3 ? 'great' : 'bad'} and arrived on day ${i}`),
      ),
      str(
        'rated_by',
        strs((i) => `a${i % 4}`),
      ),
      { name: 'vec', type: 'vector', values: strs(() => null).map(() => new Float32Array(4)) },
      str(
        'outcome',
        strs((i) => (i % 3 ? 'yes' : 'no')),
      ),
    ]);

  it('uses names and content', () => {
    const r = inferRoles(base());
    expect(r.roles).toEqual({
      uuid: 'id',
      height: 'numeric',
      constant: 'ignore',
      colour: 'categorical',
      review: 'text',
      rated_by: 'categorical',
      vec: 'embedding',
      // No label-like name: the last low-cardinality string column is the label.
      outcome: 'label',
    });
    expect(r.labelInfo?.classes).toEqual(['no', 'yes']);
  });

  it('finds an annotator by name and an id by content (unique integers)', () => {
    const f = frame([
      num(
        'n',
        range((i) => 100 + i),
      ),
      str(
        'annotator',
        strs((i) => `w${i % 3}`),
      ),
      str(
        'target',
        strs((i) => `${i % 2}`),
      ),
    ]);
    expect(inferRoles(f).roles).toEqual({ n: 'id', annotator: 'annotator', target: 'label' });
  });

  it('a feature named like a label (y) stays a feature when another column is the label', () => {
    const f = frame([
      num(
        'x',
        range((i) => i),
      ),
      num(
        'y',
        range((i) => i * 2),
      ),
      str(
        'label',
        strs((i) => (i % 2 ? 'a' : 'b')),
      ),
    ]);
    expect(inferRoles(f).roles).toEqual({ x: 'id', y: 'numeric', label: 'label' });
  });

  it('overrides win', () => {
    const r = inferRoles(base(), { label: 'colour', id: 'rated_by', text: ['uuid'], ignore: ['height'] });
    expect(r.roles.colour).toBe('label');
    expect(r.roles.rated_by).toBe('id');
    expect(r.roles.uuid).toBe('text');
    expect(r.roles.height).toBe('ignore');
    expect(r.labelInfo?.classes).toEqual(['green', 'red']);
    expect(Object.keys(r.roles)).toHaveLength(8);
  });

  it('an override naming a missing column is an InputError listing the columns', () => {
    try {
      inferRoles(frame([num('a', [1, 2]), str('b', ['x', 'y'])]), { label: 'nope' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).file).toBe('');
      expect((e as InputError).message).toBe('no column "nope" (columns: a, b)');
    }
  });

  it('binary image column and path column', () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0,
      0, 1,
    ]);
    const f = frame([
      str('file', ['a/1.png', 'a/2.png', 'b/3.png']),
      { name: 'pixels', type: 'binary', values: [png, png, png] },
      str('label', ['a', 'a', 'b']),
    ]);
    expect(inferRoles(f).roles).toEqual({ file: 'ignore', pixels: 'image', label: 'label' });
  });
});

describe('labelIndex', () => {
  it('normalises like inferRoles and marks missing as -1', () => {
    const f = frame([str('label', [' Cat', 'cat', 'DOG', '', null, 'dog '])]);
    const r = inferRoles(f);
    expect(r.labelInfo?.classes).toEqual(['cat', 'dog']);
    expect(r.labelInfo?.missing).toBe(2);
    const { classes, labels } = labelIndex(f, r.roles);
    expect(classes).toEqual(['cat', 'dog']);
    expect(Array.from(labels)).toEqual([0, 0, 1, -1, -1, 1]);
  });

  it('numeric labels sort numerically; no label column -> all -1', () => {
    const f = frame([num('y', [10, 2, 2, NaN, 10])]);
    const { classes, labels } = labelIndex(f, { y: 'label' });
    expect(classes).toEqual(['2', '10']);
    expect(Array.from(labels)).toEqual([1, 0, 0, -1, 1]);
    expect(Array.from(labelIndex(f, { y: 'numeric' }).labels)).toEqual([-1, -1, -1, -1, -1]);
  });
});
