// The reference version reads its shared columns as the current scan does; a column only it has
// keeps its own role unless that would give the diff a second label (id, …) column.
import { describe, expect, it } from 'vitest';
import { referenceRoles } from '../../../src/core/diff/reference-roles';

describe('referenceRoles', () => {
  it('shared columns take the current roles; a second singular role is ignored', () => {
    const current = { id: 'id', species: 'label', mass: 'numeric' } as const;
    const inferred = {
      id: 'id',
      species: 'categorical',
      mass: 'numeric',
      tag: 'label',
      note: 'text',
    } as const;
    expect(referenceRoles(['id', 'species', 'mass', 'tag', 'note'], inferred, current)).toEqual({
      id: 'id',
      species: 'label',
      mass: 'numeric',
      tag: 'ignore',
      note: 'text',
    });
  });

  it('a singular role no shared column has stays', () => {
    const current = { x: 'numeric' } as const;
    expect(referenceRoles(['x', 'y'], { x: 'numeric', y: 'label' }, current)).toEqual({
      x: 'numeric',
      y: 'label',
    });
  });
});
