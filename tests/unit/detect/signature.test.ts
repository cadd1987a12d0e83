import { describe, expect, it } from 'vitest';
import { signatureMembers } from '../../../src/core/detect/signature';
import { gaussian, mulberry32 } from '../../../src/core/random';

const DIM = 8;

/** m points of a unit Gaussian in DIM dims, shifted by `shift` along axis 0. */
function cloud(m: number, shift: number, rand: () => number): number[][] {
  const g = gaussian(rand);
  return Array.from({ length: m }, () => Array.from({ length: DIM }, (_, t) => g() + (t === 0 ? shift : 0)));
}

function layout(parts: number[][][]): { emb: Float32Array; ranges: [number, number][] } {
  const rows = parts.flat();
  const ranges: [number, number][] = [];
  let at = 0;
  for (const p of parts) {
    ranges.push([at, at + p.length]);
    at += p.length;
  }
  return { emb: Float32Array.from(rows.flat()), ranges };
}

const range = ([a, b]: [number, number]) => Array.from({ length: b - a }, (_, i) => a + i);

describe('signatureMembers', () => {
  it('adds the unflagged samples that share a separated group’s signature, and no clean one', () => {
    const rand = mulberry32(3);
    // Flagged group and 15 more of the same kind hidden among 300 clean samples of the class.
    const { emb, ranges } = layout([cloud(40, 8, rand), cloud(300, 0, rand), cloud(15, 8, rand)]);
    const group = range(ranges[0]);
    const rest = [...range(ranges[1]), ...range(ranges[2])];
    const out = signatureMembers(emb, DIM, group, rest);
    const joined = new Set(out.members.map((m) => m.row));
    expect(out.separation).toBeGreaterThan(3);
    for (const i of range(ranges[2])) expect(joined.has(i)).toBe(true);
    expect(range(ranges[1]).filter((i) => joined.has(i)).length).toBe(0);
  });

  it('adds nobody when the group is only the tail of one continuous population', () => {
    const rand = mulberry32(4);
    const pts = cloud(400, 0, rand).sort((a, b) => b[0] - a[0]);
    const emb = Float32Array.from(pts.flat());
    const group = Array.from({ length: 30 }, (_, i) => i); // the top 7.5 % along axis 0
    const rest = Array.from({ length: 370 }, (_, i) => 30 + i);
    const out = signatureMembers(emb, DIM, group, rest);
    expect(out.separation).toBeLessThan(3);
    expect(out.members.length).toBe(0);
  });

  it('needs a group of a few samples', () => {
    const rand = mulberry32(5);
    const { emb } = layout([cloud(3, 8, rand), cloud(50, 0, rand)]);
    expect(
      signatureMembers(
        emb,
        DIM,
        [0, 1, 2],
        Array.from({ length: 50 }, (_, i) => 3 + i),
      ).members,
    ).toEqual([]);
  });
});
