import { describe, expect, it } from 'vitest';
import { schemeTableau10 } from 'd3';
import {
  categoricalLegend,
  categoricalPalette,
  encodeCategories,
  fillCategorical,
  fillReview,
  fillSequential,
  hashedColour,
  MISSING_COLOUR,
  rampLut,
  reviewLegend,
  REVIEW_COLOURS,
  sequentialLegend,
} from '../../../src/ui/map/colour';

function hex(rgba: Uint8Array, i: number): string {
  return `#${[0, 1, 2].map((c) => rgba[4 * i + c].toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance-ish lightness, enough to check a ramp's direction. */
function lightness(lut: Uint8Array, i: number): number {
  return 0.2126 * lut[4 * i] + 0.7152 * lut[4 * i + 1] + 0.0722 * lut[4 * i + 2];
}

describe('categorical colours', () => {
  it('uses Tableau 10 for up to 10 classes', () => {
    expect(categoricalPalette(['a', 'b', 'c'])).toEqual(schemeTableau10.slice(0, 3));
    expect(categoricalPalette(Array.from({ length: 10 }, (_, i) => `c${i}`))).toEqual([...schemeTableau10]);
  });

  it('hashes hues by name beyond 10 classes: stable, valid, and mostly distinct', () => {
    const names = Array.from({ length: 40 }, (_, i) => `class-${i}`);
    const palette = categoricalPalette(names);
    expect(palette).toHaveLength(40);
    for (const c of palette) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(palette).size).toBeGreaterThan(36);
    // Same name, same colour, whatever else is in the list.
    expect(categoricalPalette([...names].reverse())[39]).toBe(palette[0]);
    expect(hashedColour('cat')).toBe(hashedColour('cat'));
    expect(hashedColour('cat')).not.toBe(hashedColour('dog'));
  });

  it('fills RGBA from codes, with missing for negative, NaN or unknown codes', () => {
    const palette = ['#ff0000', '#00ff00'];
    const rgba = fillCategorical(Float64Array.from([0, 1, -1, 2, NaN]), palette);
    expect(rgba).toHaveLength(20);
    expect([0, 1, 2, 3, 4].map((i) => hex(rgba, i))).toEqual([
      '#ff0000',
      '#00ff00',
      MISSING_COLOUR,
      MISSING_COLOUR,
      MISSING_COLOUR,
    ]);
    for (let i = 0; i < 5; i++) expect(rgba[4 * i + 3]).toBe(255);
  });

  it('writes into a given buffer and refuses one too small', () => {
    const out = new Uint8Array(12);
    expect(fillCategorical([0, 0, 0], ['#010203'], out)).toBe(out);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 2, 3, 255]);
    expect(() => fillCategorical([0, 0, 0, 0], ['#010203'], out)).toThrow(/holds 3 points, need 4/);
  });

  it('encodes strings by frequency, ties by name, null as -1', () => {
    const { codes, names, counts } = encodeCategories(['b', 'a', 'c', 'a', null, 'b', 'a']);
    expect(names).toEqual(['a', 'b', 'c']);
    expect(counts).toEqual([3, 2, 1]);
    expect(Array.from(codes)).toEqual([1, 0, 2, 0, -1, 1, 0]);
  });

  it('builds a legend with counts and a missing entry', () => {
    const legend = categoricalLegend('Label', ['a', 'b'], ['#111111', '#222222'], [5, 3], 2);
    expect(legend.kind).toBe('categorical');
    expect(legend.items).toEqual([
      { name: 'a', colour: '#111111', count: 5 },
      { name: 'b', colour: '#222222', count: 3 },
      { name: 'missing', colour: MISSING_COLOUR, count: 2 },
    ]);
  });
});

describe('sequential colours', () => {
  it('the suspicion ramp runs from light grey to dark red, getting darker', () => {
    const lut = rampLut('suspicion');
    expect(hex(lut, 0)).toBe('#c9ced5');
    expect(lut[4 * 255]).toBeGreaterThan(lut[4 * 255 + 1] + 60); // red dominates at the top
    for (let i = 16; i < 256; i += 16) expect(lightness(lut, i)).toBeLessThan(lightness(lut, i - 16));
  });

  it('viridis runs dark purple to yellow', () => {
    const lut = rampLut('viridis');
    expect(hex(lut, 0)).toBe('#440154');
    expect(hex(lut, 255)).toBe('#fde725');
  });

  it('maps scores through the domain, clamps, and greys NaN', () => {
    const rgba = fillSequential(Float32Array.from([0, 1, -3, 7, NaN, 0.5]), 'viridis');
    const lut = rampLut('viridis');
    expect(hex(rgba, 0)).toBe(hex(lut, 0));
    expect(hex(rgba, 1)).toBe(hex(lut, 255));
    expect(hex(rgba, 2)).toBe(hex(lut, 0));
    expect(hex(rgba, 3)).toBe(hex(lut, 255));
    expect(hex(rgba, 4)).toBe(MISSING_COLOUR);
    expect(hex(rgba, 5)).toBe(hex(lut, 128));
    const shifted = fillSequential([10, 20], 'viridis', undefined, [10, 20]);
    expect(hex(shifted, 0)).toBe('#440154');
    expect(hex(shifted, 1)).toBe('#fde725');
  });

  it('describes the ramp for a gradient legend', () => {
    const legend = sequentialLegend('Suspicion', 'suspicion');
    expect(legend.stops).toHaveLength(9);
    expect(legend.ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(legend.domain).toEqual([0, 1]);
  });
});

describe('review status colours', () => {
  it('fills by status code and lists the four states', () => {
    const rgba = fillReview([0, 1, 2, 3]);
    expect([0, 1, 2, 3].map((i) => hex(rgba, i))).toEqual([
      REVIEW_COLOURS.none,
      REVIEW_COLOURS.ok,
      REVIEW_COLOURS.quarantined,
      REVIEW_COLOURS.relabelled,
    ]);
    expect(reviewLegend([9, 1, 1, 0]).items.map((i) => i.name)).toEqual([
      'not reviewed',
      'kept (ok)',
      'quarantined',
      'relabelled',
    ]);
  });
});
