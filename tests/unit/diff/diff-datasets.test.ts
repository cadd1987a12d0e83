// The dataset diff finds exactly the rows a script changed: by id (reordered rows still match),
// and by content when there is no id (a relabelled row matches itself; an edited row becomes one
// removed and one added). flagChanges marks the changes a scan flags; the CSV export is inert.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDataset, sourceFromBytes } from '../../../src/core/data';
import { inferRoles } from '../../../src/core/data/roles';
import { diffCsv } from '../../../src/core/diff/diff-csv';
import { diffDatasets, type DiffSide } from '../../../src/core/diff/diff-datasets';
import { flagChanges } from '../../../src/core/diff/flag-changes';
import type { ScanResult } from '../../../src/core/types';
import { PENGUINS_CSV, scriptedUpdate } from './script-changes';

const enc = new TextEncoder();

async function side(name: string, csv: string, ignore: string[] = []): Promise<DiffSide> {
  const loaded = await loadDataset([sourceFromBytes(name, enc.encode(csv))]);
  return { loaded, roles: inferRoles(loaded.frame, { label: 'species', ignore }).roles };
}

const sorted = (ids: string[]) => [...ids].sort((a, b) => Number(a) - Number(b));

describe('diffDatasets', () => {
  it('by id: exactly the removed, added, relabelled and edited rows', async () => {
    const update = scriptedUpdate();
    const reference = await side('reference.csv', fs.readFileSync(PENGUINS_CSV, 'utf8'));
    const candidate = await side('candidate.csv', update.csv);
    const diff = diffDatasets(reference, candidate);
    expect(diff.matchedBy).toBe('id');
    expect(diff.matchColumns).toEqual(['id']);
    expect(sorted(diff.removed.map((r) => r.id))).toEqual(update.removed);
    expect(sorted(diff.added.map((r) => r.id))).toEqual(update.added);
    expect(Object.fromEntries(diff.relabelled.map((r) => [r.id, [r.from, r.to]]))).toEqual(
      Object.fromEntries(update.relabelled),
    );
    expect(Object.fromEntries(diff.changed.map((r) => [r.id, r.cells.map((c) => c.column)]))).toEqual(
      Object.fromEntries(update.edited),
    );
    const touched = new Set([...update.relabelled.keys(), ...update.edited.keys()]);
    expect(diff.unchanged).toBe(347 - update.removed.length - touched.size);
    const edit = diff.changed.find((r) => r.id === '10')!;
    expect(edit.cells[0].after).toBe('61.5');
    // Row indices point at the right rows of each version.
    for (const r of diff.relabelled) {
      expect(String(reference.loaded.frame.columns[0].values[r.refRow])).toBe(r.id);
      expect(String(candidate.loaded.frame.columns[0].values[r.candRow])).toBe(r.id);
    }
    // Per-class shifts add up to the row counts.
    const before = diff.perClass.reduce((s, c) => s + c.before, 0);
    const after = diff.perClass.reduce((s, c) => s + c.after, 0);
    expect([before, after]).toEqual([347, 347 - 3 + 4]);
    for (const c of diff.perClass) expect(c.delta).toBe(c.after - c.before);
  });

  it('by content when there is no id column', async () => {
    const update = scriptedUpdate();
    const reference = await side('reference.csv', fs.readFileSync(PENGUINS_CSV, 'utf8'), ['id']);
    const candidate = await side('candidate.csv', update.csv, ['id']);
    const diff = diffDatasets(reference, candidate);
    expect(diff.matchedBy).toBe('content');
    expect(diff.matchColumns).not.toContain('id');
    // The id column is still compared as a cell: none of the matched rows changed it.
    expect(diff.changed).toEqual([]);
    // Relabelled rows match themselves by content (40 was also edited, so it is removed + added).
    expect(diff.relabelled.map((r) => r.from + '→' + r.to).sort()).toEqual(
      ['3', '200'].map((id) => update.relabelled.get(id)!.join('→')).sort(),
    );
    const refIds = (rows: number[]) => rows.map((r) => String(reference.loaded.frame.columns[0].values[r]));
    const candIds = (rows: number[]) => rows.map((r) => String(candidate.loaded.frame.columns[0].values[r]));
    expect(sorted(refIds(diff.removed.map((r) => r.row)))).toEqual(
      sorted([...update.removed, ...update.edited.keys()]),
    );
    // The four added copies carry an existing penguin's measurements: their content is not new
    // unless an earlier copy of it was already matched. penguins-flip has 3 exact duplicates, so
    // check the edited rows are among the added and every added row is one the script wrote.
    const added = candIds(diff.added.map((r) => r.row));
    for (const id of update.edited.keys()) expect(added).toContain(id);
    for (const id of added) expect([...update.edited.keys(), ...update.added]).toContain(id);
  });

  it('flagChanges marks the changes a scan flags, against the unchanged baseline', async () => {
    const update = scriptedUpdate();
    const reference = await side('reference.csv', fs.readFileSync(PENGUINS_CSV, 'utf8'));
    const candidate = await side('candidate.csv', update.csv);
    const diff = diffDatasets(reference, candidate);
    const n = candidate.loaded.frame.numRows;
    const flagged = new Uint8Array(n);
    for (const r of diff.added) flagged[r.row] = 1;
    flagged[diff.relabelled[0].candRow] = 1;
    const unchangedRow = [...Array(n).keys()].find(
      (i) =>
        !diff.added.some((r) => r.row === i) &&
        ![...diff.changed, ...diff.relabelled].some((r) => r.candRow === i),
    )!;
    flagged[unchangedRow] = 1;
    const result = {
      n,
      flagged,
      suspicion: Float32Array.from(flagged, (f) => (f ? 0.9 : 0.1)),
      reasons: Array.from(flagged, (f) =>
        f ? [{ detector: 'duplicates', tag: '', text: 'duplicate with a conflicting label' }] : [],
      ),
    } as unknown as ScanResult;
    const marked = flagChanges(diff, result);
    expect(marked.findings.added).toEqual({ rows: 4, flagged: 4 });
    expect(marked.findings.relabelled).toEqual({ rows: 3, flagged: 1 });
    expect(marked.findings.unchanged).toEqual({ rows: diff.unchanged, flagged: 1 });
    expect(marked.findings.flaggedChanges).toBe(5);
    expect(marked.added[0]).toMatchObject({ flagged: true, suspicion: expect.closeTo(0.9, 5) });
    const csv = diffCsv(marked);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('change,id,ref_row,cand_row,column,before,after,flagged,suspicion,reasons');
    const changedCells = diff.changed.reduce((s, r) => s + r.cells.length, 0);
    expect(lines).toHaveLength(1 + 4 + 3 + 3 + changedCells);
  });

  it('export cells cannot run as formulas', async () => {
    const a = await side('a.csv', 'id,x,note,species\n1,1,aa,A\n2,2,bb,B\n3,3,cc,A\n4,4,dd,B\n');
    const b = await side('b.csv', 'id,x,note,species\n1,1,aa,A\n2,2,bb,B\n3,3,cc,A\n4,4,=cmd|x,B\n');
    const csv = diffCsv(diffDatasets(a, b));
    expect(csv).toContain("'=cmd|x");
  });
});
