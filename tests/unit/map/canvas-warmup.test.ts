import { describe, expect, it } from 'vitest';
import { warmUpDraw } from '../../../src/ui/map/canvas-points';

/** A canvas whose 2D context records what is put: enough for the ImageData renderer. */
function fakeCanvas() {
  const puts: Uint8ClampedArray[] = [];
  const ctx = {
    createImageData: (w: number, h: number) => ({
      data: new Uint8ClampedArray(w * h * 4),
      width: w,
      height: h,
    }),
    putImageData: (image: { data: Uint8ClampedArray }) => puts.push(image.data.slice()),
  };
  const canvas = { width: 1, height: 1, getContext: () => ctx } as unknown as HTMLCanvasElement;
  return { canvas, puts };
}

describe('warmUpDraw', () => {
  it('draws its synthetic points the given number of rounds, one per scheduled call', () => {
    const { canvas, puts } = fakeCanvas();
    const pending: (() => void)[] = [];
    warmUpDraw(canvas, 5, (round) => pending.push(round));
    let calls = 0;
    while (pending.length) {
      pending.shift()!();
      calls++;
    }
    expect(calls).toBe(5);
    expect(puts).toHaveLength(5);
    // Points were drawn: the frame is not all one colour, and some pixels are the points' white.
    const words = new Uint32Array(puts[0].buffer);
    expect(new Set(words).size).toBeGreaterThan(2);
    expect(words.some((w) => w === 0xffffffff)).toBe(true);
    // Rounds that dim the unselected points draw a different frame from those that do not.
    expect(puts.some((p) => p.some((v, i) => v !== puts[0][i]))).toBe(true);
  });

  it('does nothing for zero rounds', () => {
    const { canvas, puts } = fakeCanvas();
    let scheduled = 0;
    warmUpDraw(canvas, 0, () => scheduled++);
    expect(scheduled).toBe(0);
    expect(puts).toHaveLength(0);
  });
});
