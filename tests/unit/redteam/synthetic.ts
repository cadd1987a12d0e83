// Small synthetic datasets for the red-team, confirmation and diff tests: loaded frames built in
// memory, so planting can be checked row by row in milliseconds.
import { encode } from 'fast-png';
import { mulberry32 } from '../../../src/core/random';
import type { Cell, LoadedDataset, Roles } from '../../../src/core/types';

export const CLASSES = ['cat', 'dog', 'fox'];
export const ANNOTATORS = ['a1', 'a2', 'a3'];

export interface Synthetic {
  loaded: LoadedDataset;
  roles: Roles;
}

/** `n` rows: id, an 8×8 grey noise PNG, a text, a label (cycling classes), an annotator. */
export function syntheticFrame(n: number, seed = 1): Synthetic {
  const rand = mulberry32(seed);
  const ids = new Float64Array(n);
  const images: Cell[] = [];
  const texts: Cell[] = [];
  const labels: Cell[] = [];
  const annotators: Cell[] = [];
  for (let i = 0; i < n; i++) {
    ids[i] = i;
    const px = Uint8Array.from({ length: 64 }, () => Math.floor(rand() * 200));
    images.push(encode({ width: 8, height: 8, data: px, channels: 1, depth: 8 }));
    texts.push(`message number ${i} about ${CLASSES[i % 3]} things`);
    labels.push(CLASSES[i % 3]);
    annotators.push(ANNOTATORS[Math.floor(rand() * 3)]);
  }
  return {
    loaded: {
      name: 'synthetic.arrow',
      format: 'arrow',
      frame: {
        numRows: n,
        columns: [
          { name: 'id', type: 'number', values: ids },
          { name: 'image', type: 'binary', values: images },
          { name: 'text', type: 'string', values: texts },
          { name: 'label', type: 'string', values: labels },
          { name: 'annotator', type: 'string', values: annotators },
        ],
      },
      files: [{ name: 'synthetic.arrow', bytes: 0, sha256: '0'.repeat(64) }],
      warnings: [],
      rowErrors: [],
    },
    roles: { id: 'id', image: 'image', text: 'text', label: 'label', annotator: 'annotator' },
  };
}

/** A deep snapshot of a frame's cells, to prove later that nothing was written into it. */
export function snapshot(loaded: LoadedDataset): string[][] {
  return loaded.frame.columns.map((c) =>
    Array.from({ length: loaded.frame.numRows }, (_, i) => {
      const v = c.values[i];
      return v instanceof Uint8Array ? Array.from(v).join('.') : String(v);
    }),
  );
}
