// The review journal in IndexedDB, one journal per dataset SHA-256, so a reload or reopening the
// same file later resumes the review. append() resolves only after its transaction has committed
// with strict durability: the page may show an action as done once append() has resolved, and a
// crash after that point cannot lose it.
//
// Database "assay", version 1:
// - "journal": the actions, out-of-line key [datasetHash, seq], so one dataset's actions are one
//   key range and come back in seq order;
// - "journals": per dataset { datasetHash, name, count, firstAt, lastAt }, updated in the same
//   transaction as each append, for the "resume review of X" list.
//
// The store does not interpret actions beyond `seq` and `at` (the reducer in core/review does);
// they must be plain JSON data. Seqs must be 0, 1, 2, ... without gaps: an append whose seq is not
// the journal's length fails with a 'conflict' error (e.g. another tab appended first).
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'assay';
const DB_VERSION = 1;

/** What the store needs of an action. */
export interface JournalEntry {
  seq: number;
  at: string;
}

export interface JournalInfo {
  datasetHash: string;
  /** Display name of the dataset when the journal was last written (e.g. its file name). */
  name: string;
  count: number;
  firstAt: string;
  lastAt: string;
}

interface AssayDb extends DBSchema {
  journal: { key: [string, number]; value: JournalEntry };
  journals: { key: string; value: JournalInfo };
}

export type JournalErrorKind = 'unavailable' | 'quota' | 'conflict' | 'closed' | 'failed';

const MESSAGES: Record<JournalErrorKind, string> = {
  unavailable:
    'Review actions cannot be saved: this browser gives the page no IndexedDB storage (a private window, or site data turned off). Actions would be lost on reload.',
  quota:
    "Review action not saved: the browser's storage for this site is full. Free some space (or export the review) and try again.",
  conflict:
    'Review action not saved: the review of this dataset was changed elsewhere (another tab?). Reload to continue from the saved review.',
  closed:
    'Review action not saved: the review database was closed (upgraded or deleted in another tab). Reload.',
  failed: 'Review action not saved: the browser could not write it.',
};

/** A journal failure with a message the page can show as is; `cause` keeps the browser's error. */
export class JournalStoreError extends Error {
  constructor(
    readonly kind: JournalErrorKind,
    cause?: unknown,
  ) {
    const detail = cause instanceof Error && kind === 'failed' ? ` (${cause.name}: ${cause.message})` : '';
    super(MESSAGES[kind] + detail, { cause });
    this.name = 'JournalStoreError';
  }
}

/** Maps a browser error to what it means for the user. */
export function journalError(e: unknown): JournalStoreError {
  if (e instanceof JournalStoreError) return e;
  const name = typeof e === 'object' && e !== null && 'name' in e ? String(e.name) : '';
  if (name === 'QuotaExceededError') return new JournalStoreError('quota', e);
  if (name === 'ConstraintError') return new JournalStoreError('conflict', e);
  if (name === 'InvalidStateError') return new JournalStoreError('closed', e);
  return new JournalStoreError('failed', e);
}

export interface Journal<A extends JournalEntry = JournalEntry> {
  readonly datasetHash: string;
  /** Every stored action of this dataset, in seq order. */
  actions(): Promise<A[]>;
  /** Stores one action; resolves once the write is committed to disk. */
  append(action: A): Promise<void>;
  close(): void;
}

/** Opens (or starts) the journal of one dataset. `name` is shown in listJournals(). */
export async function openJournal<A extends JournalEntry = JournalEntry>(
  datasetHash: string,
  opts: { name?: string } = {},
): Promise<Journal<A>> {
  const db = await openDatabase();
  const range = IDBKeyRange.bound([datasetHash, -Infinity], [datasetHash, Infinity]);
  return {
    datasetHash,
    async actions() {
      try {
        return (await db.getAll('journal', range)) as A[];
      } catch (e) {
        throw journalError(e);
      }
    },
    async append(action) {
      if (!Number.isInteger(action.seq) || action.seq < 0) throw new RangeError(`bad seq ${action.seq}`);
      // A JSON copy: what is stored is exactly what a reload reads back, and a reactive proxy (which
      // IndexedDB cannot clone) or a stray typed array never reaches the store.
      const record = JSON.parse(JSON.stringify(action)) as A;
      await appendRecord(db, datasetHash, opts.name ?? '', record);
    },
    close: () => db.close(),
  };
}

/** Datasets with a saved review, most recently reviewed first. */
export async function listJournals(): Promise<JournalInfo[]> {
  const db = await openDatabase();
  try {
    const infos = await db.getAll('journals');
    return infos.sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0));
  } catch (e) {
    throw journalError(e);
  } finally {
    db.close();
  }
}

/** Discards the saved review of one dataset. */
export async function deleteJournal(datasetHash: string): Promise<void> {
  const db = await openDatabase();
  try {
    const tx = db.transaction(['journal', 'journals'], 'readwrite', { durability: 'strict' });
    await Promise.all([
      tx.objectStore('journal').delete(IDBKeyRange.bound([datasetHash, -Infinity], [datasetHash, Infinity])),
      tx.objectStore('journals').delete(datasetHash),
      tx.done,
    ]);
  } catch (e) {
    throw journalError(e);
  } finally {
    db.close();
  }
}

async function appendRecord(
  db: IDBPDatabase<AssayDb>,
  datasetHash: string,
  name: string,
  record: JournalEntry,
): Promise<void> {
  let tx;
  try {
    tx = db.transaction(['journal', 'journals'], 'readwrite', { durability: 'strict' });
  } catch (e) {
    throw journalError(e);
  }
  let failure: JournalStoreError | undefined;
  const write = async () => {
    const infos = tx.objectStore('journals');
    const info = await infos.get(datasetHash);
    if (record.seq !== (info?.count ?? 0)) {
      failure = new JournalStoreError('conflict');
      tx.abort();
      throw failure;
    }
    await tx.objectStore('journal').add(record, [datasetHash, record.seq]);
    await infos.put({
      datasetHash,
      name: name || info?.name || '',
      count: record.seq + 1,
      firstAt: info?.firstAt ?? record.at,
      lastAt: record.at,
    });
  };
  try {
    // tx.done resolves on the transaction's complete event: only then is the action durable.
    await Promise.all([write(), tx.done]);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
    throw failure ?? journalError(tx.error ?? e);
  }
}

async function openDatabase(): Promise<IDBPDatabase<AssayDb>> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) throw new JournalStoreError('unavailable');
  try {
    const db: IDBPDatabase<AssayDb> = await openDB<AssayDb>(DB_NAME, DB_VERSION, {
      upgrade(db) {
        if (!db.objectStoreNames.contains('journal')) db.createObjectStore('journal');
        if (!db.objectStoreNames.contains('journals'))
          db.createObjectStore('journals', { keyPath: 'datasetHash' });
      },
      // Another tab wants a newer version: let it, our next write reports 'closed'.
      blocking() {
        db.close();
      },
    });
    return db;
  } catch (e) {
    // Opening fails in some private modes (InvalidStateError, SecurityError, UnknownError).
    throw new JournalStoreError('unavailable', e);
  }
}
