// The pictures of a backdoor confirmation: each example before and after the trigger is stamped;
// grey images are spread over the trigger's channels, images of another size are left out.
import { describe, expect, it } from 'vitest';
import type { BackdoorConfirmation } from '../../../src/core/confirm';
import { confirmPixels } from '../../../src/core/confirm/confirm-pixels';
import { grayPng, rgbJpeg } from '../data/fixtures';

function confirmation(channels: number, rows: number[]): BackdoorConfirmation {
  return {
    trigger: {
      top: 1,
      left: 2,
      size: 2,
      channels,
      pattern: new Float32Array(4 * channels).fill(1),
      h: 4,
      w: 5,
    },
    examples: rows.map((row) => ({ row, label: 'a', before: 'a', after: 'b', pBefore: 0.1, pAfter: 0.9 })),
  } as unknown as BackdoorConfirmation;
}

describe('confirmPixels', () => {
  it('stamps the trigger on each decodable example of the trigger’s size', () => {
    const images = [grayPng(5, 4, 0), grayPng(6, 4, 0), null, new Uint8Array([9, 9]), grayPng(5, 4, 51)];
    const pixels = confirmPixels(confirmation(1, [0, 1, 2, 3, 4]), images);
    expect(pixels.map((p) => p.row)).toEqual([0, 4]);
    const [first] = pixels;
    expect(first).toMatchObject({ h: 4, w: 5, channels: 1 });
    expect(Array.from(first.before).every((v) => v === 0)).toBe(true);
    // The window rows 1-2, columns 2-3 is white after stamping, the rest untouched.
    const white = Array.from(first.after, (v, i) => (v === 1 ? i : -1)).filter((i) => i >= 0);
    expect(white).toEqual([7, 8, 12, 13]);
  });

  it('spreads a grey image over an RGB trigger, and skips a colour image for a grey one', () => {
    const [rgb] = confirmPixels(confirmation(3, [0]), [grayPng(5, 4, 51)]);
    expect(rgb.before).toHaveLength(4 * 5 * 3);
    expect(rgb.before[0]).toBeCloseTo(0.2);
    expect(rgb.before[2]).toBeCloseTo(0.2);
    expect(confirmPixels(confirmation(1, [0]), [rgbJpeg(5, 4)])).toEqual([]);
    expect(confirmPixels(confirmation(1, [0]), undefined)).toEqual([]);
  });
});
