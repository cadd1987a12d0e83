import { describe, expect, it } from 'vitest';
import { judgementsFromLong, judgementsFromWide, withClassOrder } from '../../../src/core/annotations';
import { InputError } from '../../../src/core/types';
import { csvFrame, triples } from './helpers';

describe('long format', () => {
  it('reads one judgement per row, names interned and classes sorted', async () => {
    const frame = await csvFrame('item,annotator,label\n1,ann,spam\n1,bob,ham\n2,ann,ham\n2,cat,ham\n');
    const { table, warnings } = judgementsFromLong(frame, 'long.csv');
    expect(warnings).toEqual([]);
    expect(table.items).toEqual(['1', '2']);
    expect(table.annotators).toEqual(['ann', 'bob', 'cat']);
    expect(table.classes).toEqual(['ham', 'spam']);
    expect(triples(table)).toEqual(['1/ann/spam', '1/bob/ham', '2/ann/ham', '2/cat/ham']);
  });

  it('takes named columns and guesses common ones (task_id, worker, class)', async () => {
    const frame = await csvFrame('task_id,worker,class,extra\n7,w1,cat,x\n7,w2,dog,y\n');
    expect(triples(judgementsFromLong(frame, 'x.csv').table)).toEqual(['7/w1/cat', '7/w2/dog']);
    const named = await csvFrame('a,b,c\n7,w1,cat\n');
    expect(
      triples(judgementsFromLong(named, 'x.csv', { item: 'a', annotator: 'b', label: 'c' }).table),
    ).toEqual(['7/w1/cat']);
  });

  it('warns, one line each, about a judgement for a missing item, an empty label and a repeat', async () => {
    const frame = await csvFrame(
      'item,annotator,label\n1,ann,spam\n9,ann,ham\n2,bob,\n1,ann,ham\n,cat,ham\n',
    );
    const { table, warnings } = judgementsFromLong(frame, 'long.csv', {}, { items: ['1', '2'] });
    expect(triples(table)).toEqual(['1/ann/ham']);
    expect(table.items).toEqual(['1', '2']);
    expect(warnings).toEqual([
      'long.csv: row 3: judgement for item "9", which is not in the data; skipped',
      'long.csv: row 4: empty label; skipped',
      'long.csv: row 5: annotator "ann" judged item "1" again; the later judgement is kept',
      'long.csv: row 6: judgement with no item id; skipped',
    ]);
    for (const w of warnings) expect(w).not.toContain('\n');
  });

  it('skips a label outside the configured choices and an unknown annotator', async () => {
    const frame = await csvFrame('item,annotator,label\n1,ann,spam\n1,bob,eggs\n1,zed,ham\n');
    const { table, warnings } = judgementsFromLong(
      frame,
      'long.csv',
      {},
      { choices: ['ham', 'spam'], annotators: ['ann', 'bob'] },
    );
    expect(table.classes).toEqual(['ham', 'spam']);
    expect(triples(table)).toEqual(['1/ann/spam']);
    expect(warnings).toEqual([
      'long.csv: row 3: label "eggs" is not one of the configured choices (ham, spam); skipped',
      'long.csv: row 4: unknown annotator "zed"; skipped',
    ]);
  });

  it('counts warnings past twenty of a kind instead of listing them', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},ann,`).join('\n');
    const { warnings } = judgementsFromLong(
      await csvFrame(`item,annotator,label\n0,bob,x\n${rows}\n`),
      'l.csv',
    );
    expect(warnings).toHaveLength(21);
    expect(warnings[20]).toBe('l.csv: … and 10 more (empty label)');
  });

  it('stops with one line when a column is missing', async () => {
    const frame = await csvFrame('foo,bar\n1,2\n');
    expect(() => judgementsFromLong(frame, 'f.csv')).toThrow(InputError);
    expect(() => judgementsFromLong(frame, 'f.csv')).toThrow(/no item column/);
    expect(() => judgementsFromLong(frame, 'f.csv', { item: 'foo', annotator: 'nope' })).toThrow(
      'no column "nope" for the annotator',
    );
  });
});

describe('wide format', () => {
  it('reads one column per annotator; empty cells are no judgement; every row is an item', async () => {
    const frame = await csvFrame(
      'id,text,annotator_1,annotator_2,annotator_3\n10,a,cat,cat,\n11,b,dog,,cat\n12,c,,,\n',
    );
    const { table, warnings } = judgementsFromWide(frame, 'wide.csv', { item: 'id' });
    expect(warnings).toEqual([]);
    expect(table.items).toEqual(['10', '11', '12']);
    expect(table.annotators).toEqual(['annotator_1', 'annotator_2', 'annotator_3']);
    expect(triples(table)).toEqual([
      '10/annotator_1/cat',
      '10/annotator_2/cat',
      '11/annotator_1/dog',
      '11/annotator_3/cat',
    ]);
  });

  it('uses the row number as the id without an id column, and named annotator columns', async () => {
    const frame = await csvFrame('x,r1,r2\n0.5,1,0\n0.7,1,1\n');
    const { table } = judgementsFromWide(frame, 'w.csv', { annotators: ['r1', 'r2'] });
    expect(triples(table)).toEqual(['0/r1/1', '0/r2/0', '1/r1/1', '1/r2/1']);
  });

  it('warns about labels outside the choices and stops when there is no annotator column', async () => {
    const frame = await csvFrame('id,a1,a2\n1,ham,spma\n');
    const { table, warnings } = judgementsFromWide(
      frame,
      'w.csv',
      { item: 'id' },
      { choices: ['ham', 'spam'] },
    );
    expect(triples(table)).toEqual(['1/a1/ham']);
    expect(warnings).toEqual([
      'w.csv: row 2, column "a2": label "spma" is not one of the configured choices (ham, spam); skipped',
    ]);
    expect(() => judgementsFromWide(frame, 'w.csv', { annotators: ['a9'] })).toThrow(
      'no column "a9" for an annotator',
    );
    expect(() => judgementsFromWide(frame, 'w.csv', { annotators: [] })).toThrow(/no annotator columns/);
  });

  it('reorders classes to the scan’s order', async () => {
    const frame = await csvFrame('id,a1,a2\n1,b,a\n2,c,c\n');
    const { table } = judgementsFromWide(frame, 'w.csv', { item: 'id' });
    const reordered = withClassOrder(table, ['c', 'b', 'a']);
    expect(reordered.classes).toEqual(['c', 'b', 'a']);
    expect(triples(reordered)).toEqual(triples(table));
  });
});
