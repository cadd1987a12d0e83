// Packing an image column: every decodable image of the first one's size, in the order of the
// groups given; cells of another size, not bytes, or not an image are left out.
import { describe, expect, it } from 'vitest';
import { packImages } from '../../../src/core/trigger/pack-images';
import { grayPng } from '../data/fixtures';

describe('packImages', () => {
  it('packs the groups in order and says where each row went', () => {
    const values = [
      grayPng(4, 3, 0),
      grayPng(4, 3, 255),
      grayPng(5, 5, 10),
      null,
      new Uint8Array([1, 2, 3]),
      grayPng(4, 3, 51),
    ];
    const packed = packImages(values, [
      [1, 2, 3],
      [0, 4, 5],
    ])!;
    expect(packed).toMatchObject({ count: 3, h: 3, w: 4, c: 1 });
    expect(packed.groups).toEqual([[0], [1, 2]]);
    expect(packed.images).toHaveLength(3 * 12);
    expect(packed.images[0]).toBeCloseTo(1);
    expect(packed.images[12]).toBeCloseTo(0);
    expect(packed.images[24]).toBeCloseTo(0.2);
  });

  it('is null when nothing decodes', () => {
    expect(packImages([null, 'x', new Uint8Array(4)], [[0, 1, 2]])).toBeNull();
  });
});
