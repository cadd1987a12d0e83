import { describe, expect, it } from 'vitest';
import { flagsFor, marksLast, orderFor, selectionOf } from '../../../src/ui/map/draw-order';
import { FLAG_EMPHASIS, FLAG_SELECTED } from '../../../src/ui/map/points-renderer';

const u8 = (...v: number[]) => Uint8Array.from(v);
const u32 = (...v: number[]) => Uint32Array.from(v);

describe('selectionOf', () => {
  it('counts the selected points', () => {
    expect(selectionOf(4, u8(0, 1, 1, 0))).toEqual({ any: true, count: 2 });
    expect(selectionOf(4, u8(0, 0, 0, 0))).toEqual({ any: false, count: 0 });
    expect(selectionOf(4, null)).toEqual({ any: false, count: 0 });
  });

  it('selects nothing with a mask of the wrong length (a new dataset)', () => {
    expect(selectionOf(4, u8(1, 1))).toEqual({ any: false, count: 0 });
  });
});

describe('flagsFor', () => {
  it('sets the selected and emphasis bits independently', () => {
    const flags = flagsFor(4, u8(1, 0, 1, 0), u8(0, 0, 1, 1));
    expect(Array.from(flags)).toEqual([FLAG_SELECTED, 0, FLAG_SELECTED | FLAG_EMPHASIS, FLAG_EMPHASIS]);
  });

  it('is all zero without masks', () => {
    expect(Array.from(flagsFor(3, null, null))).toEqual([0, 0, 0]);
  });
});

describe('marksLast', () => {
  it('moves the marked rows to the end, keeping both groups in order (stable)', () => {
    expect(Array.from(marksLast(5, null, u8(0, 1, 0, 1, 0)))).toEqual([0, 2, 4, 1, 3]);
  });

  it('follows a base order', () => {
    expect(Array.from(marksLast(4, u32(3, 2, 1, 0), u8(1, 0, 1, 0)))).toEqual([3, 1, 2, 0]);
  });
});

describe('orderFor', () => {
  it('is row order (null) with nothing to bring forward', () => {
    expect(orderFor(3, null, null, null)).toBeNull();
    expect(orderFor(3, null, u8(0, 0, 0), null)).toBeNull();
  });

  it('draws emphasised rows last when no order is given', () => {
    expect(Array.from(orderFor(4, null, u8(1, 0, 0, 1), null)!)).toEqual([1, 2, 0, 3]);
  });

  it('keeps a given order over emphasis, and ignores one of the wrong length', () => {
    expect(Array.from(orderFor(3, u32(2, 0, 1), u8(1, 0, 0), null)!)).toEqual([2, 0, 1]);
    expect(Array.from(orderFor(3, u32(1, 0), u8(1, 0, 0), null)!)).toEqual([1, 2, 0]);
  });

  it('brings the selection in front of everything, emphasised rows included', () => {
    const order = orderFor(5, null, u8(1, 1, 0, 0, 0), u8(0, 0, 1, 0, 1))!;
    expect(Array.from(order)).toEqual([3, 0, 1, 2, 4]);
    // Every row is drawn exactly once.
    expect(Array.from(order).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
