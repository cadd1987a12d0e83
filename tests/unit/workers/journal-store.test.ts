import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore as FakeObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/random';
import {
  applyAction,
  makeAction,
  makeRedo,
  makeUndo,
  replayJournal,
  type ReviewAction,
  type ReviewEdit,
  type ReviewState,
} from '../../../src/core/review/journal';
import {
  deleteJournal,
  journalError,
  JournalStoreError,
  listJournals,
  openJournal,
  type Journal,
} from '../../../workers/journal-store';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

const entry = (seq: number, at = `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`) => ({
  seq,
  at,
  kind: 'ok',
  rows: [seq],
  ids: [String(seq)],
  fromStatus: [0],
  from: [null],
});

async function storeError(p: Promise<unknown>): Promise<JournalStoreError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof JournalStoreError) return e;
    throw e;
  }
  throw new Error('expected a JournalStoreError');
}

const open: Journal[] = [];
async function journalOf(hash: string, name?: string): Promise<Journal<ReviewAction>> {
  const j = await openJournal<ReviewAction>(hash, { name });
  open.push(j);
  return j;
}

beforeEach(() => {
  // A fresh, empty IndexedDB per test.
  globalThis.indexedDB = new IDBFactory();
});
afterEach(() => {
  for (const j of open.splice(0)) j.close();
});

describe('journal store', () => {
  it('keeps appended actions across a reload, in seq order', async () => {
    const j = await journalOf(HASH_A);
    expect(await j.actions()).toEqual([]);
    for (let seq = 0; seq < 12; seq++) await j.append(entry(seq) as ReviewAction);
    j.close();
    const again = await journalOf(HASH_A);
    const actions = await again.actions();
    // 12 actions: numeric key order, not text order (10 after 9).
    expect(actions.map((a) => a.seq)).toEqual([...Array(12).keys()]);
    expect(actions[3]).toEqual(entry(3));
  });

  it('keeps datasets apart and lists them, most recent first', async () => {
    const a = await journalOf(HASH_A, 'penguins.csv');
    const b = await journalOf(HASH_B, 'spam.jsonl');
    await a.append(entry(0, '2026-01-01T00:00:00.000Z') as ReviewAction);
    await b.append(entry(0, '2026-01-02T00:00:00.000Z') as ReviewAction);
    await a.append(entry(1, '2026-01-03T00:00:00.000Z') as ReviewAction);
    expect((await a.actions()).length).toBe(2);
    expect((await b.actions()).length).toBe(1);
    expect(await listJournals()).toEqual([
      {
        datasetHash: HASH_A,
        name: 'penguins.csv',
        count: 2,
        firstAt: '2026-01-01T00:00:00.000Z',
        lastAt: '2026-01-03T00:00:00.000Z',
      },
      {
        datasetHash: HASH_B,
        name: 'spam.jsonl',
        count: 1,
        firstAt: '2026-01-02T00:00:00.000Z',
        lastAt: '2026-01-02T00:00:00.000Z',
      },
    ]);
    await deleteJournal(HASH_A);
    expect(await a.actions()).toEqual([]);
    expect((await listJournals()).map((i) => i.datasetHash)).toEqual([HASH_B]);
    await a.append(entry(0) as ReviewAction); // starts again at seq 0
  });

  it('stores a plain JSON copy of the action', async () => {
    const j = await journalOf(HASH_A);
    const action = { ...entry(0), note: undefined } as unknown as ReviewAction;
    await j.append(action);
    action.rows.push(99);
    const [stored] = await j.actions();
    expect(stored.rows).toEqual([0]);
    expect('note' in stored).toBe(false);
  });

  it('refuses a seq that is taken or leaves a gap (another tab wrote first)', async () => {
    const tab1 = await journalOf(HASH_A);
    const tab2 = await journalOf(HASH_A);
    await tab1.append(entry(0) as ReviewAction);
    const taken = await storeError(tab2.append(entry(0) as ReviewAction));
    expect(taken.kind).toBe('conflict');
    expect(taken.message).toMatch(/another tab/);
    expect((await storeError(tab2.append(entry(5) as ReviewAction))).kind).toBe('conflict');
    await tab2.append(entry(1) as ReviewAction);
    expect((await tab1.actions()).map((a) => a.seq)).toEqual([0, 1]);
    expect((await listJournals())[0].count).toBe(2);
    await expect(tab1.append({ ...entry(0), seq: -1 } as ReviewAction)).rejects.toThrow(RangeError);
  });

  it('reports IndexedDB being unavailable (private mode) with a message for the page', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error: simulating a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      const e = await storeError(openJournal(HASH_A));
      expect(e.kind).toBe('unavailable');
      expect(e.message).toMatch(/private window/);
      expect((await storeError(listJournals())).kind).toBe('unavailable');
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it('reports a full disk as a quota error and stores nothing', async () => {
    const j = await journalOf(HASH_A);
    await j.append(entry(0) as ReviewAction);
    const add = FakeObjectStore.prototype.add;
    FakeObjectStore.prototype.add = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      const e = await storeError(j.append(entry(1) as ReviewAction));
      expect(e.kind).toBe('quota');
      expect(e.message).toMatch(/storage .* is full/);
    } finally {
      FakeObjectStore.prototype.add = add;
    }
    expect((await j.actions()).length).toBe(1);
    expect((await listJournals())[0].count).toBe(1);
    await j.append(entry(1) as ReviewAction);
    expect(journalError(new DOMException('x', 'QuotaExceededError')).kind).toBe('quota');
    expect(journalError(new DOMException('x', 'InvalidStateError')).kind).toBe('closed');
    expect(journalError(new Error('boom')).message).toMatch(/boom/);
  });

  it('keeps every action shown as done when the page dies mid-review, and resumes from it', async () => {
    const n = 50;
    const rand = mulberry32(7);
    const kinds: ReviewEdit[] = ['relabel', 'quarantine', 'ok', 'clear'];
    /** One random action on the current state (null when an undo/redo has nothing to do). */
    const randomAction = (state: ReviewState): ReviewAction | null => {
      const roll = rand();
      if (roll < 0.15) return makeUndo(state);
      if (roll < 0.2) return makeRedo(state);
      const rows = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => Math.floor(rand() * n));
      const kind = kinds[Math.floor(rand() * kinds.length)];
      return makeAction(state, kind, rows, { to: ['a', 'b', 'c'][Math.floor(rand() * 3)] });
    };

    let total = 0;
    for (let life = 0; life < 4; life++) {
      // A (re)load: replay what the store has, then review until the page is killed.
      const journal = await openJournal<ReviewAction>(HASH_A);
      const state = replayJournal(await journal.actions(), n);
      const killAt = 40 + Math.floor(rand() * 60);
      let shown = state.nextSeq;
      let shownStatus = Array.from(state.status);
      for (let step = 0; step < killAt; step++) {
        const action = randomAction(state);
        if (!action) continue;
        const write = journal.append(action);
        if (step === killAt - 1) {
          // Killed while this write is in flight: it was never shown, so it may or may not survive.
          write.catch(() => {});
          break;
        }
        await write;
        applyAction(state, action);
        shown = state.nextSeq;
        shownStatus = Array.from(state.status);
        total++;
      }
      // The dead page's connection is left as it was (not closed gracefully).
      const reloaded = await openJournal<ReviewAction>(HASH_A);
      const stored = await reloaded.actions();
      expect(stored.map((a) => a.seq)).toEqual([...Array(stored.length).keys()]);
      expect(stored.length).toBeGreaterThanOrEqual(shown);
      expect(Array.from(replayJournal(stored.slice(0, shown), n).status)).toEqual(shownStatus);
      reloaded.close();
    }
    expect(total).toBeGreaterThan(100);
  });
});
