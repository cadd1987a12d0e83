// The selection's trigger view: the selected images of their most common label against the rest
// of that class; a patch the selection shares shows up where it was stamped.
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { selectionTrigger } from '../../../src/core/trigger/selection-trigger';

const H = 12;
const W = 12;

/** A dim image, with a white 3×3 patch at (8, 8) when `patched`. */
function image(seed: number, patched: boolean): Uint8Array {
  const data = new Uint8Array(H * W);
  for (let i = 0; i < data.length; i++) data[i] = 40 + ((i * 7 + seed * 13) % 50);
  if (patched) for (let y = 8; y < 11; y++) for (let x = 8; x < 11; x++) data[y * W + x] = 255;
  return encodePng({ width: W, height: H, data, channels: 1, depth: 8 });
}

// Rows 0..29 are class 0, 30..39 class 1; rows 0..5 carry the patch.
const labels = Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1));
const images = Array.from({ length: 40 }, (_, i) => image(i, i < 6));
const classes = ['shirt', 'coat'];

describe('selectionTrigger', () => {
  it('finds the patch the selection shares', () => {
    // A class-1 row in the selection is outvoted and left out of the group.
    const view = selectionTrigger(images, labels, classes, [0, 1, 2, 3, 4, 5, 31])!;
    expect(view).toMatchObject({ label: 'shirt', groupCount: 6, classCount: 24, h: H, w: W });
    expect(view.hotspot).toMatchObject({ row: 8, col: 8, size: 3 });
    expect(view.hotspot!.meanDiff).toBeGreaterThan(0.5);
  });

  it('is null for fewer than three rows, unlabelled rows, or no images', () => {
    expect(selectionTrigger(images, labels, classes, [0, 1])).toBeNull();
    const unlabelled = Int32Array.from(labels, (y, i) => (i < 6 ? -1 : y));
    expect(selectionTrigger(images, unlabelled, classes, [0, 1, 2, 3])).toBeNull();
    expect(selectionTrigger(new Array(40).fill(null), labels, classes, [0, 1, 2, 3])).toBeNull();
  });
});
