import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/random';
import {
  applyAction,
  auditTrail,
  emptyReviewState,
  makeAction,
  makeRedo,
  makeUndo,
  replayJournal,
  rowState,
  type ReviewAction,
  type ReviewEdit,
  type ReviewState,
} from '../../../src/core/review/journal';

const AT = new Date('2026-01-02T03:04:05.000Z');

/** Makes, records and applies an action, as the page does after the store has it. */
function act(state: ReviewState, journal: ReviewAction[], action: ReviewAction | null): ReviewAction | null {
  if (!action) return null;
  journal.push(action);
  applyAction(state, action);
  return action;
}

function edit(
  state: ReviewState,
  journal: ReviewAction[],
  kind: ReviewEdit,
  rows: number[],
  to?: string,
): ReviewAction {
  return act(state, journal, makeAction(state, kind, rows, { to, at: AT })) as ReviewAction;
}

const snapshot = (s: ReviewState) => ({ status: Array.from(s.status), label: [...s.label] });

describe('review journal reducer', () => {
  it('applies relabel, quarantine, ok and clear, and counts statuses', () => {
    const state = emptyReviewState(5);
    const journal: ReviewAction[] = [];
    edit(state, journal, 'relabel', [0, 1], 'cat');
    edit(state, journal, 'quarantine', [2]);
    edit(state, journal, 'ok', [3, 1]);
    expect(rowState(state, 0)).toEqual({ status: 'relabelled', label: 'cat' });
    expect(rowState(state, 1)).toEqual({ status: 'ok', label: null }); // ok drops the relabel
    expect(rowState(state, 2)).toEqual({ status: 'quarantined', label: null });
    expect(state.counts).toEqual({ unreviewed: 1, ok: 2, quarantined: 1, relabelled: 1 });
    edit(state, journal, 'clear', [0, 2]);
    expect(state.counts).toEqual({ unreviewed: 3, ok: 2, quarantined: 0, relabelled: 0 });
    expect(journal.map((a) => a.seq)).toEqual([0, 1, 2, 3]);
    expect(snapshot(replayJournal(journal, 5))).toEqual(snapshot(state));
  });

  it('records each row state before the action', () => {
    const state = emptyReviewState(3, ['a', 'b', 'c']);
    const journal: ReviewAction[] = [];
    edit(state, journal, 'relabel', [1], 'dog');
    const a = edit(state, journal, 'quarantine', [2, 1, 2], undefined);
    expect(a.rows).toEqual([2, 1]);
    expect(a.ids).toEqual(['c', 'b']);
    expect(a.fromStatus).toEqual([0, 3]);
    expect(a.from).toEqual([null, 'dog']);
    expect(a.at).toBe(AT.toISOString());
  });

  it('undo restores exactly the states before the action; repeated undos walk back; redo re-applies', () => {
    const state = emptyReviewState(4);
    const journal: ReviewAction[] = [];
    edit(state, journal, 'relabel', [0, 1], 'b');
    const s1 = snapshot(state);
    edit(state, journal, 'quarantine', [1, 2]);
    const s2 = snapshot(state);
    edit(state, journal, 'relabel', [1, 3], 'c');

    const u1 = act(state, journal, makeUndo(state, { at: AT }));
    expect(u1).toMatchObject({
      kind: 'undo',
      target: 2,
      rows: [1, 3],
      fromStatus: [3, 3],
      from: ['c', 'c'],
    });
    expect(snapshot(state)).toEqual(s2);
    act(state, journal, makeUndo(state));
    expect(snapshot(state)).toEqual(s1);
    act(state, journal, makeRedo(state));
    expect(snapshot(state)).toEqual(s2);
    act(state, journal, makeUndo(state));
    act(state, journal, makeUndo(state));
    expect(snapshot(state)).toEqual(snapshot(emptyReviewState(4)));
    expect(makeUndo(state)).toBeNull();
    // A new edit ends the redo chain.
    edit(state, journal, 'ok', [3]);
    expect(makeRedo(state)).toBeNull();
    expect(snapshot(replayJournal(journal, 4))).toEqual(snapshot(state));
    expect(state.nextSeq).toBe(journal.length);
    expect(state.ignored).toEqual([]);
  });

  it('ignores an undo that is not of the latest action in effect, and malformed actions', () => {
    const state = emptyReviewState(3);
    const journal: ReviewAction[] = [];
    edit(state, journal, 'quarantine', [0]);
    edit(state, journal, 'ok', [1]);
    const stale = { ...(makeUndo(state) as ReviewAction), target: 0 };
    const bad = { ...makeAction(state, 'relabel', [2], { to: 'x' }), seq: 3, to: undefined };
    const replayed = replayJournal([...journal, stale, bad], 3);
    expect(replayed.ignored).toEqual([2, 3]);
    expect(snapshot(replayed)).toEqual(snapshot(state));
    expect(replayed.nextSeq).toBe(4);
  });

  it('refuses bad arguments', () => {
    const state = emptyReviewState(2);
    expect(() => makeAction(state, 'ok', [])).toThrow(RangeError);
    expect(() => makeAction(state, 'ok', [2])).toThrow(RangeError);
    expect(() => makeAction(state, 'ok', [0.5])).toThrow(RangeError);
    expect(() => makeAction(state, 'relabel', [0])).toThrow(TypeError);
    expect(() => emptyReviewState(2, ['a'])).toThrow(RangeError);
  });

  it('resolves rows through sample ids in a re-ordered file', () => {
    const ids = ['s0', 's1', 's2', 's3'];
    const state = emptyReviewState(4, ids);
    const journal: ReviewAction[] = [];
    edit(state, journal, 'relabel', [0, 3], 'z');
    edit(state, journal, 'quarantine', [1]);
    act(state, journal, makeUndo(state));
    act(state, journal, makeRedo(state));

    // The same samples reversed, and s3 gone: replayed state follows the ids.
    const reordered = ['s2', 's1', 's0', 'new'];
    const r = replayJournal(journal, 4, reordered);
    expect(rowState(r, 2)).toEqual({ status: 'relabelled', label: 'z' }); // s0
    expect(rowState(r, 1)).toEqual({ status: 'quarantined', label: null }); // s1, at its own row
    expect(rowState(r, 0)).toEqual({ status: 'unreviewed', label: null }); // s2
    expect(rowState(r, 3)).toEqual({ status: 'unreviewed', label: null }); // 'new' is not s3
    expect(r.unresolved).toBe(1);

    // Without ids, recorded rows are taken as they are.
    const plain = replayJournal(journal, 4);
    expect(rowState(plain, 3)).toEqual({ status: 'relabelled', label: 'z' });
  });

  it('keeps recorded rows for duplicated ids in the same order, and skips them when moved', () => {
    const ids = ['a', 'dup', 'dup', 'b'];
    const state = emptyReviewState(4, ids);
    const journal: ReviewAction[] = [];
    edit(state, journal, 'quarantine', [2]);
    expect(rowState(replayJournal(journal, 4, ids), 2).status).toBe('quarantined');
    const moved = replayJournal(journal, 4, ['dup', 'dup', 'a', 'b']);
    expect(moved.counts.quarantined).toBe(0);
    expect(moved.unresolved).toBe(1);
  });

  it('matches a snapshot-based reference model over a few hundred random actions', () => {
    for (const seed of [1, 2, 3]) {
      const rand = mulberry32(seed);
      const n = 30;
      const state = emptyReviewState(n);
      const journal: ReviewAction[] = [];
      // Reference: the whole state saved before each action, restored on undo.
      type Snap = { status: number[]; label: (string | null)[] };
      let model: Snap = snapshot(state);
      const undo: Snap[] = [];
      const redo: Snap[] = [];
      // The state shown after the journal had k actions.
      const shown = new Map<number, Snap>([[0, model]]);
      for (let step = 0; step < 400; step++) {
        const roll = rand();
        if (roll < 0.15) {
          const a = act(state, journal, makeUndo(state));
          expect(a === null).toBe(undo.length === 0);
          if (a) {
            redo.push(model);
            model = undo.pop() as Snap;
          }
        } else if (roll < 0.22) {
          const a = act(state, journal, makeRedo(state));
          expect(a === null).toBe(redo.length === 0);
          if (a) {
            undo.push(model);
            model = redo.pop() as Snap;
          }
        } else {
          const kinds: ReviewEdit[] = ['relabel', 'relabel', 'quarantine', 'ok', 'clear'];
          const kind = kinds[Math.floor(rand() * kinds.length)];
          const rows = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => Math.floor(rand() * n));
          const to = ['a', 'b', 'c'][Math.floor(rand() * 3)];
          edit(state, journal, kind, rows, to);
          undo.push(model);
          redo.length = 0;
          model = { status: [...model.status], label: [...model.label] };
          const status = { relabel: 3, quarantine: 2, ok: 1, clear: 0 }[kind];
          for (const r of rows) {
            model.status[r] = status;
            model.label[r] = kind === 'relabel' ? to : null;
          }
        }
        expect(snapshot(state)).toEqual(model);
        shown.set(journal.length, model);
      }
      const counts = [0, 0, 0, 0];
      for (const s of model.status) counts[s]++;
      expect(Object.values(state.counts)).toEqual(counts);
      // A reload replays the stored journal (a JSON copy) to the same state.
      const stored = JSON.parse(JSON.stringify(journal)) as ReviewAction[];
      const replayed = replayJournal(stored, n);
      expect(snapshot(replayed)).toEqual(model);
      expect(replayed.undoStack.map((a) => a.seq)).toEqual(state.undoStack.map((a) => a.seq));
      expect(replayed.redoStack.map((a) => a.seq)).toEqual(state.redoStack.map((a) => a.seq));
      expect(replayed.ignored).toEqual([]);
      // A reload after any action (a page killed mid-review) shows what was shown then.
      for (let k = 0; k <= journal.length; k += 37)
        expect(snapshot(replayJournal(stored.slice(0, k), n))).toEqual(shown.get(k));
    }
  });

  it('gives an audit trail with old and new state per row', () => {
    const state = emptyReviewState(3, ['x', 'y', 'z']);
    const journal: ReviewAction[] = [];
    edit(state, journal, 'relabel', [1], 'cat');
    act(state, journal, makeAction(state, 'quarantine', [1, 2], { note: 'trigger in corner', at: AT }));
    act(state, journal, makeUndo(state, { at: AT }));
    act(state, journal, makeRedo(state, { at: AT }));
    const trail = auditTrail(journal, 3);
    expect(trail.map((e) => [e.kind, e.target, e.applied])).toEqual([
      ['relabel', undefined, true],
      ['quarantine', undefined, true],
      ['undo', 1, true],
      ['redo', 1, true],
    ]);
    expect(trail[1].note).toBe('trigger in corner');
    expect(trail[1].changes).toEqual([
      {
        row: 1,
        id: 'y',
        before: { status: 'relabelled', label: 'cat' },
        after: { status: 'quarantined', label: null },
      },
      {
        row: 2,
        id: 'z',
        before: { status: 'unreviewed', label: null },
        after: { status: 'quarantined', label: null },
      },
    ]);
    expect(trail[2].changes.map((c) => [c.before.status, c.after])).toEqual([
      ['quarantined', { status: 'relabelled', label: 'cat' }],
      ['quarantined', { status: 'unreviewed', label: null }],
    ]);
    expect(trail[3].changes.map((c) => c.after.status)).toEqual(['quarantined', 'quarantined']);
  });
});
