import { encode } from 'fast-png';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { IHDR, pngImageData } from '../../../src/core/data/png-chunks';

const png = encode({ width: 3, height: 2, data: new Uint8Array(6).fill(7), channels: 1, depth: 8 });

describe('pngImageData', () => {
  it('joins the IDAT data up to IEND', () => {
    const image = pngImageData(png);
    if (typeof image === 'string') throw new Error(image);
    expect(image.ended).toBe(true);
    expect(image.idatChunks).toBeGreaterThan(0);
    // 2 rows of a filter byte and 3 gray pixels.
    expect(unzlibSync(image.data).length).toBe(2 * (1 + 3));
  });

  it('says a chunk that runs past the end is truncated, and a cut before IEND did not end', () => {
    expect(pngImageData(png.subarray(0, png.length - 14))).toBe('truncated PNG chunk');
    const noEnd = pngImageData(png.subarray(0, png.length - 12));
    expect(typeof noEnd !== 'string' && noEnd.ended).toBe(false);
  });

  it('shows the other chunks to the caller, who may stop the walk', () => {
    const seen: number[] = [];
    pngImageData(png, (type) => (seen.push(type), null));
    expect(seen[0]).toBe(IHDR);
    expect(pngImageData(png, (type) => (type === IHDR ? 'no' : null))).toBe('no');
  });
});
