// The review journal: an append-only list of review actions, and the pure reducer that replays
// it into the review state of every sample. The store (workers/journal-store.ts) keeps the list
// in IndexedDB; replaying it after a reload gives back exactly the state the user saw.
//
// Semantics
// - Each row has one review status: unreviewed, ok, quarantined or relabelled; a relabelled row
//   also has its new label. "ok" means the given label is right, so marking a relabelled row ok,
//   quarantining it or clearing it drops the relabel.
// - Every action lists `rows`, the sample `ids` at those rows and each row's state just before it
//   (`fromStatus`, `from`). relabel / quarantine / ok / clear set every listed row to the new
//   state; the before-states are not needed to apply them, they make undo and the audit exact.
//   `from` holds the relabel in effect before (null = none, the dataset's own label was in
//   effect), so an audit's "old label" is `from[i] ?? the dataset's label at that row`.
// - Undo is itself an appended action. `target` names the action undone, which must be the latest
//   action still in effect (the top of the undo stack); its rows go back to exactly its
//   before-states, and it moves to the redo stack. Repeated undos walk back through earlier actions.
// - Redo re-applies the most recently undone action (`target`, the top of the redo stack) and
//   moves it back to the undo stack. Any other action empties the redo stack.
// - An undo or redo whose target is not the top of its stack, and a malformed action, change
//   nothing and are listed in `ignored` (a journal written through this module has none).
// - Rows: given the dataset's current sample ids, a recorded (row, id) pair resolves to `row` when
//   the id at `row` is still `id` (same file, duplicate ids fine), else to the one row that has
//   that id (a re-ordered file), else to nothing (the sample is not in this file; counted in
//   `unresolved`). Without ids, rows are taken as recorded: the journal is keyed by the dataset's
//   SHA-256, and the same bytes load in the same order.

export const REVIEW_STATUS = { unreviewed: 0, ok: 1, quarantined: 2, relabelled: 3 } as const;
export type ReviewStatus = (typeof REVIEW_STATUS)[keyof typeof REVIEW_STATUS];
export type ReviewStatusName = keyof typeof REVIEW_STATUS;
/** Status name by status code. */
export const STATUS_NAMES: readonly ReviewStatusName[] = ['unreviewed', 'ok', 'quarantined', 'relabelled'];

export type ReviewEdit = 'relabel' | 'quarantine' | 'ok' | 'clear';
export type ReviewKind = ReviewEdit | 'undo' | 'redo';

export interface ReviewAction {
  /** Position in the journal: 0, 1, 2, ... */
  seq: number;
  /** When the action was made (ISO 8601). */
  at: string;
  kind: ReviewKind;
  rows: number[];
  /** Sample id at each row, so the journal can be matched to a re-ordered file. */
  ids: string[];
  /** Each row's status just before this action. */
  fromStatus: ReviewStatus[];
  /** Each row's relabel just before this action (null = none: the dataset's own label). */
  from: (string | null)[];
  /** The new label (relabel only). */
  to?: string;
  /** The seq of the action undone or redone (undo and redo only). */
  target?: number;
  note?: string;
}

export type ReviewCounts = Record<ReviewStatusName, number>;

export interface ReviewState {
  n: number;
  /** The dataset's current sample ids (row-aligned), or null to take recorded rows as they are. */
  ids: readonly string[] | null;
  /** Status code per row (see REVIEW_STATUS). */
  status: Uint8Array;
  /** The new label per row; null unless the row is relabelled. */
  label: (string | null)[];
  counts: ReviewCounts;
  /** Actions in effect, oldest first: the last one is what the next undo reverts. */
  undoStack: ReviewAction[];
  /** Undone actions, the last one is what the next redo re-applies. */
  redoStack: ReviewAction[];
  /** The seq the next action must have. */
  nextSeq: number;
  /** Seqs of actions that changed nothing (see the top comment). */
  ignored: number[];
  /** Recorded rows of applied edits that match no sample of this dataset. */
  unresolved: number;
}

export interface RowState {
  status: ReviewStatusName;
  label: string | null;
}

export function emptyReviewState(n: number, ids: readonly string[] | null = null): ReviewState {
  if (ids && ids.length !== n) throw new RangeError(`${ids.length} ids for ${n} rows`);
  return {
    n,
    ids,
    status: new Uint8Array(n),
    label: new Array<string | null>(n).fill(null),
    counts: { unreviewed: n, ok: 0, quarantined: 0, relabelled: 0 },
    undoStack: [],
    redoStack: [],
    nextSeq: 0,
    ignored: [],
    unresolved: 0,
  };
}

/** The review state after the whole journal (actions in seq order) over a dataset of `n` rows. */
export function replayJournal(
  actions: readonly ReviewAction[],
  n: number,
  ids: readonly string[] | null = null,
): ReviewState {
  const state = emptyReviewState(n, ids);
  for (const action of actions) applyAction(state, action);
  return state;
}

/** Applies one action to the state in place (after the journal has stored it). */
export function applyAction(state: ReviewState, action: ReviewAction): void {
  if (Number.isInteger(action.seq) && action.seq >= state.nextSeq) state.nextSeq = action.seq + 1;
  if (!wellFormed(action)) {
    state.ignored.push(action.seq);
    return;
  }
  if (action.kind === 'undo' || action.kind === 'redo') {
    const [from, to] =
      action.kind === 'undo' ? [state.undoStack, state.redoStack] : [state.redoStack, state.undoStack];
    const top = from[from.length - 1];
    if (!top || top.seq !== action.target) {
      state.ignored.push(action.seq);
      return;
    }
    from.pop();
    if (action.kind === 'undo') restore(state, top);
    else edit(state, top, false);
    to.push(top);
    return;
  }
  edit(state, action, true);
  state.undoStack.push(action);
  state.redoStack.length = 0;
}

export interface ActionOptions {
  /** The new label; required for relabel. */
  to?: string;
  note?: string;
  /** Defaults to now. */
  at?: Date;
}

/** A new edit of `rows` (deduplicated), ready to append to the journal and then apply. */
export function makeAction(
  state: ReviewState,
  kind: ReviewEdit,
  rows: Iterable<number>,
  opts: ActionOptions = {},
): ReviewAction {
  const unique = [...new Set(rows)];
  if (unique.length === 0) throw new RangeError('a review action needs at least one row');
  for (const r of unique)
    if (!Number.isInteger(r) || r < 0 || r >= state.n) throw new RangeError(`row ${r} is not in the dataset`);
  if (kind === 'relabel' && typeof opts.to !== 'string') throw new TypeError('relabel needs the new label');
  return {
    seq: state.nextSeq,
    at: (opts.at ?? new Date()).toISOString(),
    kind,
    rows: unique,
    ids: unique.map((r) => (state.ids ? state.ids[r] : String(r))),
    fromStatus: unique.map((r) => state.status[r] as ReviewStatus),
    from: unique.map((r) => state.label[r]),
    ...(kind === 'relabel' ? { to: opts.to } : {}),
    ...(opts.note !== undefined ? { note: opts.note } : {}),
  };
}

/** The undo of the latest action in effect, or null when there is nothing to undo. */
export function makeUndo(state: ReviewState, opts: Omit<ActionOptions, 'to'> = {}): ReviewAction | null {
  return stackAction(state, 'undo', state.undoStack, opts);
}

/** The redo of the latest undone action, or null when there is nothing to redo. */
export function makeRedo(state: ReviewState, opts: Omit<ActionOptions, 'to'> = {}): ReviewAction | null {
  return stackAction(state, 'redo', state.redoStack, opts);
}

export function rowState(state: ReviewState, row: number): RowState {
  return { status: STATUS_NAMES[state.status[row]], label: state.label[row] };
}

export interface AuditEntry {
  seq: number;
  at: string;
  kind: ReviewKind;
  target?: number;
  note?: string;
  /** False for an action that changed nothing (see `ignored`). */
  applied: boolean;
  /** Per recorded row: its state before and after the action. */
  changes: { row: number; id: string; before: RowState; after: RowState }[];
}

/** The journal as a human-readable trail (what, when, old and new state per row, note). */
export function auditTrail(actions: readonly ReviewAction[], n: number): AuditEntry[] {
  const state = emptyReviewState(n);
  const bySeq = new Map<number, ReviewAction>();
  return actions.map((action) => {
    const ignoredBefore = state.ignored.length;
    applyAction(state, action);
    const applied = state.ignored.length === ignoredBefore;
    if (applied) bySeq.set(action.seq, action);
    const target = action.target === undefined ? undefined : bySeq.get(action.target);
    const changes = applied
      ? action.rows.map((row, i) => ({
          row,
          id: action.ids[i],
          before: named(action.fromStatus[i], action.from[i]),
          after: afterState(action, target, i),
        }))
      : [];
    return {
      seq: action.seq,
      at: action.at,
      kind: action.kind,
      ...(action.target !== undefined ? { target: action.target } : {}),
      ...(action.note !== undefined ? { note: action.note } : {}),
      applied,
      changes,
    };
  });
}

function afterState(action: ReviewAction, target: ReviewAction | undefined, i: number): RowState {
  // An undo or redo lists its target's rows in the same order.
  if (action.kind === 'undo' && target) return named(target.fromStatus[i], target.from[i]);
  const edit = action.kind === 'redo' && target ? target : action;
  return named(editStatus(edit.kind), edit.kind === 'relabel' ? (edit.to ?? null) : null);
}

function named(status: ReviewStatus, label: string | null): RowState {
  return { status: STATUS_NAMES[status], label };
}

function stackAction(
  state: ReviewState,
  kind: 'undo' | 'redo',
  stack: ReviewAction[],
  opts: Omit<ActionOptions, 'to'>,
): ReviewAction | null {
  const target = stack[stack.length - 1];
  if (!target) return null;
  const rows = resolveRows(state, target);
  return {
    seq: state.nextSeq,
    at: (opts.at ?? new Date()).toISOString(),
    kind,
    rows: [...target.rows],
    ids: [...target.ids],
    // Rows this dataset lacks have no state; they are recorded as unreviewed.
    fromStatus: rows.map((r) => (r < 0 ? 0 : state.status[r]) as ReviewStatus),
    from: rows.map((r) => (r < 0 ? null : state.label[r])),
    target: target.seq,
    ...(opts.note !== undefined ? { note: opts.note } : {}),
  };
}

function editStatus(kind: ReviewKind): ReviewStatus {
  if (kind === 'relabel') return REVIEW_STATUS.relabelled;
  if (kind === 'quarantine') return REVIEW_STATUS.quarantined;
  if (kind === 'ok') return REVIEW_STATUS.ok;
  return REVIEW_STATUS.unreviewed;
}

function edit(state: ReviewState, action: ReviewAction, count: boolean): void {
  const status = editStatus(action.kind);
  const label = action.kind === 'relabel' ? (action.to as string) : null;
  for (const r of resolveRows(state, action)) {
    if (r >= 0) setRow(state, r, status, label);
    else if (count) state.unresolved++;
  }
}

function restore(state: ReviewState, action: ReviewAction): void {
  resolveRows(state, action).forEach((r, i) => {
    if (r >= 0) setRow(state, r, action.fromStatus[i], action.from[i]);
  });
}

function setRow(state: ReviewState, row: number, status: ReviewStatus, label: string | null): void {
  state.counts[STATUS_NAMES[state.status[row]]]--;
  state.counts[STATUS_NAMES[status]]++;
  state.status[row] = status;
  state.label[row] = status === REVIEW_STATUS.relabelled ? label : null;
}

/** Current row per recorded row, -1 when this dataset has no such sample. */
function resolveRows(state: ReviewState, action: ReviewAction): number[] {
  const { ids, n } = state;
  return action.rows.map((row, i) => {
    if (!ids) return row < n ? row : -1;
    const id = action.ids[i];
    if (row < n && ids[row] === id) return row;
    return uniqueIdIndex(ids).get(id) ?? -1;
  });
}

const idIndexes = new WeakMap<readonly string[], Map<string, number>>();

/** id -> row for ids that occur once; a duplicated id cannot name a row of a re-ordered file. */
function uniqueIdIndex(ids: readonly string[]): Map<string, number> {
  let index = idIndexes.get(ids);
  if (index) return index;
  index = new Map();
  const duplicated = new Set<string>();
  ids.forEach((id, row) => {
    if (index!.has(id)) duplicated.add(id);
    else index!.set(id, row);
  });
  for (const id of duplicated) index.delete(id);
  idIndexes.set(ids, index);
  return index;
}

const KINDS = new Set<string>(['relabel', 'quarantine', 'ok', 'clear', 'undo', 'redo']);

function wellFormed(a: ReviewAction): boolean {
  if (!a || !Number.isInteger(a.seq) || !KINDS.has(a.kind)) return false;
  if (!Array.isArray(a.rows) || !Array.isArray(a.ids)) return false;
  const k = a.rows.length;
  if (a.ids.length !== k) return false;
  if (!Array.isArray(a.fromStatus) || a.fromStatus.length !== k) return false;
  if (!Array.isArray(a.from) || a.from.length !== k) return false;
  if (!a.rows.every((r) => Number.isInteger(r) && r >= 0)) return false;
  if (!a.fromStatus.every((s) => Number.isInteger(s) && s >= 0 && s <= 3)) return false;
  if (!a.from.every((l) => l === null || typeof l === 'string')) return false;
  if (a.kind === 'relabel' && typeof a.to !== 'string') return false;
  if ((a.kind === 'undo' || a.kind === 'redo') && !Number.isInteger(a.target)) return false;
  return true;
}
