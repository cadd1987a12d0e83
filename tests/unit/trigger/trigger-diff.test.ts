// triggerDiff / brightestWindow: a patch stamped on the flagged images is found where it was put,
// and nothing stands out when there is no patch.
import { describe, expect, it } from 'vitest';
import { brightestWindow, triggerDiff } from '../../../src/core/trigger/trigger-diff';
import { mulberry32 } from '../../../src/core/random';

const N = 300;
const H = 28;
const W = 28;

/** N random images (uniform noise), NHWC with c channels, values in [0, maxValue]. */
function noiseImages(seed: number, c = 1, maxValue = 1): Float32Array {
  const rand = mulberry32(seed);
  const images = new Float32Array(N * H * W * c);
  for (let i = 0; i < images.length; i++) images[i] = rand() * maxValue;
  return images;
}

function stamp(
  images: Float32Array,
  rows: number[],
  top: number,
  left: number,
  size: number,
  c = 1,
  value = 1,
): void {
  for (const r of rows) {
    for (let y = top; y < top + size; y++) {
      for (let x = left; x < left + size; x++) {
        for (let ch = 0; ch < c; ch++) images[((r * H + y) * W + x) * c + ch] = value;
      }
    }
  }
}

/** `count` distinct rows out of 0..N-1. */
function pickRows(rand: () => number, count: number): number[] {
  const all = Array.from({ length: N }, (_, i) => i);
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}

const allRows = Array.from({ length: N }, (_, i) => i);

describe('triggerDiff', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`finds a 3×3 white square planted in 40 of 300 noise images (seed ${seed})`, () => {
      const rand = mulberry32(seed * 101);
      const top = Math.floor(rand() * (H - 3 + 1));
      const left = Math.floor(rand() * (W - 3 + 1));
      const images = noiseImages(seed);
      const flagged = pickRows(rand, 40);
      stamp(images, flagged, top, left, 3);

      const out = triggerDiff(images, N, H, W, 1, flagged, allRows);
      expect(out.hotspot).toEqual({ row: top, col: left, size: 3, meanDiff: expect.any(Number) });
      // White (1) against noise of mean 0.5.
      expect(out.hotspot!.meanDiff).toBeGreaterThan(0.4);
      expect(out.hotspot!.meanDiff).toBeLessThan(0.6);
      expect(out.diff[(top + 1) * W + left + 1]).toBeCloseTo(
        out.flaggedMean[(top + 1) * W + left + 1] - 0.5,
        1,
      );
      expect(out.flaggedMean[top * W + left]).toBeCloseTo(1, 5);
    });
  }

  it('reads 3-channel byte images with scale 255', () => {
    const c = 3;
    const rand = mulberry32(77);
    const images = noiseImages(9, c, 255);
    const flagged = pickRows(rand, 40);
    stamp(images, flagged, 20, 5, 3, c, 255);
    const out = triggerDiff(images, N, H, W, c, flagged, allRows, 255);
    expect(out.hotspot).toMatchObject({ row: 20, col: 5, size: 3 });
    expect(out.flaggedMean[20 * W + 5]).toBeCloseTo(1, 5);
    for (const v of out.classMean) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  it('finds patches of other sizes at their own size', () => {
    for (const size of [2, 4, 5]) {
      const images = noiseImages(size);
      const flagged = pickRows(mulberry32(size), 40);
      stamp(images, flagged, 3, 17, size);
      const out = triggerDiff(images, N, H, W, 1, flagged, allRows);
      expect(out.hotspot).toMatchObject({ row: 3, col: 17, size });
    }
  });

  it('finds no hotspot that stands out without a planted patch', () => {
    for (const seed of [11, 12, 13]) {
      const images = noiseImages(seed);
      const flagged = pickRows(mulberry32(seed), 40);
      const out = triggerDiff(images, N, H, W, 1, flagged, allRows);
      expect(out.hotspot).not.toBeNull();
      // Noise of the difference of two means (40 vs 260 images): σ ≈ 0.05 per pixel, and a window
      // averages it further; a planted patch gives ≈ 0.5.
      expect(Math.abs(out.hotspot!.meanDiff)).toBeLessThan(0.1);
    }
  });

  it('leaves the flagged rows out of the class mean', () => {
    const images = new Float32Array(4 * 2 * 2);
    images.fill(1, 0, 4); // row 0: white (flagged)
    images.fill(0.5, 4, 8); // row 1: grey
    // rows 2 and 3 stay black
    const out = triggerDiff(images, 4, 2, 2, 1, [0], [0, 1, 2, 3], 1, [1, 2]);
    // Class mean over rows 1..3 only: (0.5 + 0 + 0) / 3.
    expect(out.classMean[0]).toBeCloseTo(0.5 / 3, 6);
    expect(out.flaggedMean[0]).toBe(1);
    expect(out.diff[3]).toBeCloseTo(1 - 0.5 / 3, 6);
  });

  it('has no hotspot when a group is empty', () => {
    const images = noiseImages(3);
    expect(triggerDiff(images, N, H, W, 1, [], allRows).hotspot).toBeNull();
    expect(triggerDiff(images, N, H, W, 1, [1, 2], [1, 2]).hotspot).toBeNull();
  });

  it('rejects rows outside the images and short buffers', () => {
    const images = noiseImages(3);
    expect(() => triggerDiff(images, N, H, W, 1, [N], allRows)).toThrow(RangeError);
    expect(() => triggerDiff(images.subarray(0, 10), N, H, W, 1, [0], allRows)).toThrow(RangeError);
  });
});

describe('brightestWindow', () => {
  it('prefers the window that matches a uniform patch over the windows inside or around it', () => {
    const h = 10;
    const w = 12;
    const diff = new Float32Array(h * w);
    for (let y = 4; y < 8; y++) for (let x = 6; x < 10; x++) diff[y * w + x] = 0.8;
    expect(brightestWindow(diff, h, w)).toEqual({
      row: 4,
      col: 6,
      size: 4,
      meanDiff: expect.closeTo(0.8, 6),
    });
  });

  it('ignores dark patches (it looks for the brightest)', () => {
    const diff = new Float32Array(8 * 8);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) diff[y * 8 + x] = -0.9;
    diff[7 * 8 + 7] = 0.2;
    const hot = brightestWindow(diff, 8, 8);
    expect(hot.meanDiff).toBeGreaterThan(0);
    expect(hot.row + hot.size - 1).toBe(7);
  });

  it('falls back to the whole image when no window size fits', () => {
    const diff = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
    expect(brightestWindow(diff, 2, 2, [3, 4])).toEqual({
      row: 0,
      col: 0,
      size: 2,
      meanDiff: expect.closeTo(0.25, 6),
    });
  });
});
