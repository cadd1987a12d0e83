// The audit's diff section: counts, only the classes whose size changed, and the flagged changes
// (added, relabelled, changed), most suspicious first and at most AUDIT_DIFF_ROWS of them.
import { describe, expect, it } from 'vitest';
import type { FlaggedDiff } from '../../../src/core/diff';
import { AUDIT_DIFF_ROWS, auditDiffOf } from '../../../src/core/report/audit-diff';

const files: FlaggedDiff['reference']['files'] = [];

function diff(added: number): FlaggedDiff {
  return {
    format: 'assay-diff',
    version: 1,
    reference: { name: 'v1.csv', rows: 10, files },
    candidate: { name: 'v2.csv', rows: 10 + added, files },
    matchedBy: 'id',
    matchColumns: ['id'],
    columns: { added: [], removed: [], common: ['id', 'x', 'label'] },
    added: Array.from({ length: added }, (_, i) => ({
      id: `a${i}`,
      row: 10 + i,
      label: 'cat',
      flagged: i % 2 === 0,
      suspicion: i / (added + 1),
      reasons: i % 2 === 0 ? 'far from its class' : '',
    })),
    removed: [{ id: 'r0', row: 3, label: 'dog' }],
    changed: [
      {
        id: 'c0',
        refRow: 1,
        candRow: 1,
        cells: [
          { column: 'x', before: '1', after: '2' },
          { column: 'y', before: '1', after: '3' },
        ],
        flagged: true,
        suspicion: 0.99,
        reasons: 'duplicate with a conflicting label',
      },
    ],
    relabelled: [{ id: 'l0', refRow: 2, candRow: 2, from: 'cat', to: null, flagged: true, suspicion: 0.5 }],
    unchanged: 7,
    perClass: [
      { label: 'cat', before: 5, after: 5 + added, delta: added },
      { label: 'dog', before: 5, after: 5, delta: 0 },
    ],
    warnings: [],
    findings: {
      added: { rows: added, flagged: Math.ceil(added / 2) },
      changed: { rows: 1, flagged: 1 },
      relabelled: { rows: 1, flagged: 1 },
      unchanged: { rows: 7, flagged: 1 },
      flaggedChanges: Math.ceil(added / 2) + 2,
    },
  } as FlaggedDiff;
}

describe('auditDiffOf', () => {
  it('counts the changes and lists the flagged ones, most suspicious first', () => {
    const section = auditDiffOf(diff(4));
    expect(section).toMatchObject({
      reference: 'v1.csv',
      candidate: 'v2.csv',
      matchedBy: 'id',
      added: 4,
      removed: 1,
      changed: 1,
      relabelled: 1,
      unchanged: 7,
      flaggedChanges: 4,
      unchangedFlagged: 1,
      perClass: [{ label: 'cat', before: 5, after: 9, delta: 4 }],
    });
    expect(section.flagged.map((f) => [f.change, f.id])).toEqual([
      ['changed x, y', 'c0'],
      ['relabelled cat → ∅', 'l0'],
      ['added', 'a2'],
      ['added', 'a0'],
    ]);
    expect(section.flagged[1].reasons).toBe('');
  });

  it(`keeps at most ${AUDIT_DIFF_ROWS} flagged changes`, () => {
    expect(auditDiffOf(diff(2 * AUDIT_DIFF_ROWS + 10)).flagged).toHaveLength(AUDIT_DIFF_ROWS);
  });
});
