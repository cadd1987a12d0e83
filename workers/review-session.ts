// The review of one dataset, in the worker: the journal in IndexedDB plus its replayed state.
// Every action is appended durably first and applied second, so what the page shows as done is
// on disk. Actions are serialised (one at a time), because each one's seq comes from the state.
import {
  applyAction,
  makeAction,
  makeRedo,
  makeUndo,
  replayJournal,
  type ReviewAction,
  type ReviewCounts,
  type ReviewEdit,
  type ReviewState,
} from '../src/core/review/journal';
import { openJournal, type Journal } from './journal-store';

/** What the page needs to draw and list the review (no undo stacks, no journal). */
export interface ReviewView {
  datasetHash: string;
  /** Status code per row (0 unreviewed, 1 ok, 2 quarantined, 3 relabelled). */
  status: Uint8Array;
  /** Row -> new label, for relabelled rows only. */
  relabels: Record<number, string>;
  counts: ReviewCounts;
  actions: number;
  canUndo: boolean;
  canRedo: boolean;
  /** What the last action did, for the page's status line. */
  last: string | null;
  /** Recorded rows that match no sample of this file (reopened with other content). */
  unresolved: number;
}

export class ReviewSession {
  private queue: Promise<unknown> = Promise.resolve();
  private last: string | null = null;

  private constructor(
    readonly datasetHash: string,
    private readonly journal: Journal<ReviewAction>,
    private readonly state: ReviewState,
    private count: number,
  ) {}

  static async open(datasetHash: string, name: string, ids: readonly string[]): Promise<ReviewSession> {
    const journal = await openJournal<ReviewAction>(datasetHash, { name });
    const actions = await journal.actions();
    const state = replayJournal(actions, ids.length, ids);
    return new ReviewSession(datasetHash, journal, state, actions.length);
  }

  /** Relabel / quarantine / ok / clear the rows; resolves after the journal has stored it. */
  edit(kind: ReviewEdit, rows: number[], opts: { to?: string; note?: string } = {}): Promise<ReviewView> {
    return this.serial(async () => {
      const action = makeAction(this.state, kind, rows, opts);
      await this.store(action);
      const what = kind === 'relabel' ? `relabelled as ${opts.to}` : kind === 'ok' ? 'marked OK' : `${kind}d`;
      this.last = `${action.rows.length} sample${action.rows.length === 1 ? '' : 's'} ${what.replace('cleard', 'cleared')}`;
      return this.view();
    });
  }

  undo(): Promise<ReviewView> {
    return this.serial(async () => {
      const action = makeUndo(this.state);
      if (action) {
        await this.store(action);
        this.last = 'undone';
      }
      return this.view();
    });
  }

  redo(): Promise<ReviewView> {
    return this.serial(async () => {
      const action = makeRedo(this.state);
      if (action) {
        await this.store(action);
        this.last = 'redone';
      }
      return this.view();
    });
  }

  /** The review state itself (for exports, in the worker). */
  get current(): ReviewState {
    return this.state;
  }

  async actions(): Promise<ReviewAction[]> {
    return this.journal.actions();
  }

  view(): ReviewView {
    const relabels: Record<number, string> = {};
    this.state.label.forEach((l, i) => {
      if (l !== null) relabels[i] = l;
    });
    return {
      datasetHash: this.datasetHash,
      status: this.state.status.slice(),
      relabels,
      counts: { ...this.state.counts },
      actions: this.count,
      canUndo: this.state.undoStack.length > 0,
      canRedo: this.state.redoStack.length > 0,
      last: this.last,
      unresolved: this.state.unresolved,
    };
  }

  private async store(action: ReviewAction): Promise<void> {
    await this.journal.append(action);
    applyAction(this.state, action);
    this.count++;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
