import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { imageTensor, imageTensorTwoPass } from '../../../src/core/features/image';

/** A PNG of `w`×`h` pixels with `channels` channels, values from `seed` (deterministic). */
function png(w: number, h: number, channels: 1 | 3, seed: number): Uint8Array {
  const data = new Uint8Array(w * h * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + seed * 17) % 256;
  return encode({ width: w, height: h, data, channels, depth: 8 });
}

const grays = (n: number, side = 28) => Array.from({ length: n }, (_, i) => png(side, side, 1, i));

describe('imageTensor', () => {
  it('writes uniform images straight into the tensor, equal to the two-pass way', () => {
    const cells = [...grays(6), null, new Uint8Array([1, 2, 3]), ...grays(3)];
    const one = imageTensor(cells);
    const two = imageTensorTwoPass(cells);
    expect([one.height, one.width, one.channels]).toEqual([28, 28, 1]);
    expect(one.data).toEqual(two.data);
    expect(one.errors).toEqual(two.errors);
    expect(one.errors.map((e) => e.row)).toEqual([6, 7]);
    expect(one.data.subarray(6 * 784, 8 * 784).every((v) => v === 0)).toBe(true);
    expect(one.data.subarray(0, 784).some((v) => v !== 0)).toBe(true);
  });

  it('resizes large uniform images the same way as before', () => {
    const cells = Array.from({ length: 3 }, (_, i) => png(100, 80, 3, i));
    const one = imageTensor(cells);
    expect([one.height, one.width, one.channels]).toEqual([52, 64, 3]);
    expect(one.data).toEqual(imageTensorTwoPass(cells).data);
  });

  it('starts over when a later image has another size (mixed sizes → 32×32)', () => {
    const cells = [...grays(3), png(40, 40, 1, 9)];
    const t = imageTensor(cells);
    expect([t.height, t.width, t.channels]).toEqual([32, 32, 1]);
    expect(t.data).toEqual(imageTensorTwoPass(cells).data);
    expect(t.data.subarray(3 * 1024, 4 * 1024).some((v) => v !== 0)).toBe(true);
  });

  it('starts over when colour follows gray (every image as RGB)', () => {
    const cells = [...grays(2), png(28, 28, 3, 5)];
    const t = imageTensor(cells);
    expect(t.channels).toBe(3);
    expect(t.data).toEqual(imageTensorTwoPass(cells).data);
    // The gray image is repeated across the three channels.
    expect([t.data[0], t.data[1], t.data[2]]).toEqual([t.data[0], t.data[0], t.data[0]]);
  });

  it('refuses the tensor through checkSize before decoding the rest', () => {
    let decodedBefore = -1;
    const cells = grays(50);
    expect(() =>
      imageTensor(cells, { onProgress: () => undefined }, (n, per) => {
        decodedBefore = n * per;
        throw new Error('too big');
      }),
    ).toThrow('too big');
    expect(decodedBefore).toBe(50 * 784);
  });

  it('handles no decodable image at all', () => {
    const t = imageTensor([null, new Uint8Array([9])]);
    expect(t.errors).toHaveLength(2);
    expect(t.data.length).toBe(2 * t.height * t.width * t.channels);
  });
});
