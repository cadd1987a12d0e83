import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, sourceFromBytes } from '../../../src/core/data';
import { sourceFromPath, sourcesFromPath } from '../../../src/core/data/node-source';
import { CancelledError, type Progress } from '../../../src/core/types';
import { BAD, DATASETS, encode, loadError } from './helpers';

const csv = (rows: number, cols = 2) =>
  encode(
    [Array.from({ length: cols }, (_, c) => `c${c}`).join(',')]
      .concat(
        Array.from({ length: rows }, (_, r) =>
          Array.from({ length: cols }, (_, c) => r * cols + c).join(','),
        ),
      )
      .join('\n'),
  );

describe('limits', () => {
  it('too many columns', async () => {
    const e = await loadError(loadDataset([sourceFromBytes('wide.csv', csv(2, 12))], { maxColumns: 10 }));
    expect(e.line).toBe('wide.csv: 12 columns, over the limit of 10');
  });

  it('too many rows', async () => {
    const e = await loadError(loadDataset([sourceFromBytes('long.csv', csv(30))], { maxRows: 10 }));
    expect(e.message).toMatch(/over the limit/);
    expect(e.message).toMatch(/10/);
  });

  it('a cell over the size limit names its line', async () => {
    const big = encode(`a,b\n1,2\n3,${'x'.repeat(2000)}\n`);
    const e = await loadError(loadDataset([sourceFromBytes('big.csv', big)], { maxCellBytes: 1000 }));
    expect(e.message).toMatch(/line 3.*cell limit/);
  });

  it('images over the pixel limit become row errors', async () => {
    const d = await loadDataset(await sourcesFromPath(resolve(DATASETS, 'bad-inputs/corrupt-png.arrow')), {
      maxImagePixels: 100,
    });
    expect(d.rowErrors).toHaveLength(16);
    expect(d.rowErrors[0].message).toMatch(/28×28, over the limit of 100 pixels/);
  });
});

describe('progress and cancellation', () => {
  it('reports load progress from 0 to 1', async () => {
    const seen: Progress[] = [];
    await loadDataset(
      [sourceFromPath(resolve(BAD, 'corrupt-png.arrow'))],
      {},
      { onProgress: (p) => seen.push(p) },
    );
    expect(seen.every((p) => p.stage === 'load')).toBe(true);
    expect(seen[0].fraction).toBe(0);
    expect(seen[seen.length - 1].fraction).toBe(1);
    const fractions = seen.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('CSV parse progress stays monotonic', async () => {
    const seen: number[] = [];
    await loadDataset(
      [sourceFromBytes('long.csv', csv(60_000))],
      {},
      { onProgress: (p) => seen.push(p.fraction) },
    );
    expect(seen.length).toBeGreaterThan(4);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('throws CancelledError when cancelled', async () => {
    let calls = 0;
    const run = loadDataset(
      [sourceFromBytes('long.csv', csv(50_000))],
      {},
      { isCancelled: () => ++calls > 2 },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('node sources', () => {
  it('a directory expands recursively with / names, sorted', async () => {
    const files = await sourcesFromPath(resolve(DATASETS, 'fashion-badnets'));
    const names = files.map((f) => f.name);
    expect(names).toContain('images/0.png');
    expect(names).toContain('data.csv');
    expect(names.filter((n) => n.startsWith('images/'))).toHaveLength(6000);
    expect(names).toEqual([...names].sort());
    const csvFile = files.find((f) => f.name === 'data.csv')!;
    expect(csvFile.size).toBe(170856);
    let streamed = 0;
    for await (const chunk of csvFile.stream()) streamed += chunk.length;
    expect(streamed).toBe(170856);
  });
});
