// What the post-scan tools read of a scanned dataset: its roles as scanned, its image column and
// the LoadedWithRoles form the red team rescans.
import { describe, expect, it } from 'vitest';
import { loadAndInfer } from '../../src/core/load-and-infer';
import { sourceFromBytes } from '../../src/core/data';
import { imageColumnOf, withRolesOf, rolesOf } from '../../src/core/scanned-dataset';

const enc = new TextEncoder();

describe('scanned dataset', () => {
  it('gives the roles it was scanned with, no image column for a table, and its LoadedWithRoles form', async () => {
    const { loaded, summary } = await loadAndInfer(
      [sourceFromBytes('t.csv', enc.encode('id,x,label\n1,2,a\n2,3,b\n'))],
      { label: 'label' },
    );
    expect(rolesOf(summary)).toEqual(Object.fromEntries(summary.columns.map((c) => [c.name, c.role])));
    expect(rolesOf(summary).label).toBe('label');
    expect(imageColumnOf(loaded, summary)).toBeUndefined();
    const imageSummary = {
      ...summary,
      columns: summary.columns.map((c) => (c.name === 'x' ? { ...c, role: 'image' as const } : c)),
    };
    expect(imageColumnOf(loaded, imageSummary)?.name).toBe('x');
    expect(withRolesOf(loaded, summary)).toEqual({
      loaded,
      roles: rolesOf(summary),
      warnings: [],
      summary,
      loadMs: 0,
    });
  });
});
