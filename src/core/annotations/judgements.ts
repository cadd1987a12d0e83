// The judgement table: one row per (item, annotator, label) judgement, every name interned to an
// index so the consensus methods work on typed arrays. Every parser (long, wide, Label Studio)
// builds one through JudgementBuilder, so the same bad shapes get the same one-line warnings.

/** All judgements of a dataset labelled by several annotators. Indices point into the name lists. */
export interface JudgementTable {
  /** Item ids (as the data names them), index = item. */
  items: string[];
  /** Annotator ids, index = annotator. */
  annotators: string[];
  /** Class names, index = class. */
  classes: string[];
  /** Per judgement: the item, the annotator and the class chosen. Equal lengths. */
  item: Int32Array;
  annotator: Int32Array;
  label: Int32Array;
}

/** What a parser hands back besides the table: problems that did not stop it, one line each. */
export interface ParsedJudgements {
  table: JudgementTable;
  warnings: string[];
}

export interface BuilderOptions {
  /** The classes the labelling was configured with; a label outside them is warned about and skipped. */
  choices?: string[];
  /** The items the data holds; a judgement for any other item is warned about and skipped. */
  items?: string[];
  /** Known annotators; a judgement by anyone else is warned about and skipped. */
  annotators?: string[];
}

/** Warnings past this many of one kind are counted, not listed: a bad export should not flood the page. */
const MAX_LISTED = 20;

export class JudgementBuilder {
  private readonly itemIndex = new Map<string, number>();
  private readonly annotatorIndex = new Map<string, number>();
  private readonly classIndex = new Map<string, number>();
  private readonly fixedItems: boolean;
  private readonly fixedClasses: boolean;
  private readonly knownAnnotators: Set<string> | null;
  private readonly items: string[] = [];
  private readonly annotators: string[] = [];
  private readonly classes: string[] = [];
  private readonly rows = new Map<string, [number, number, number]>();
  /** Warning lines in the order found, and per kind how many there were. */
  private readonly lines: string[] = [];
  private readonly warned = new Map<string, number>();

  constructor(
    readonly file: string,
    opts: BuilderOptions = {},
  ) {
    this.fixedItems = opts.items !== undefined;
    for (const id of opts.items ?? []) this.intern(this.itemIndex, this.items, id);
    this.fixedClasses = opts.choices !== undefined && opts.choices.length > 0;
    for (const c of opts.choices ?? []) this.intern(this.classIndex, this.classes, c.trim());
    this.knownAnnotators = opts.annotators ? new Set(opts.annotators) : null;
  }

  /** Registers an item (e.g. a task with no annotations), so it keeps its place in the table. */
  addItem(id: string): number {
    return this.fixedItems ? (this.itemIndex.get(id) ?? -1) : this.intern(this.itemIndex, this.items, id);
  }

  /**
   * Adds one judgement. `where` says where it came from ("row 12", "task 3, annotation 7") for the
   * warning. Returns false when it was skipped.
   */
  add(itemId: string, annotatorId: string, label: string, where: string): boolean {
    const item = this.fixedItems
      ? this.itemIndex.get(itemId)
      : this.intern(this.itemIndex, this.items, itemId);
    if (item === undefined) {
      this.warn(
        'missing item',
        `${where}: judgement for item "${itemId}", which is not in the data; skipped`,
      );
      return false;
    }
    if (annotatorId === '') {
      this.warn('no annotator', `${where}: judgement with no annotator; skipped`);
      return false;
    }
    if (this.knownAnnotators && !this.knownAnnotators.has(annotatorId)) {
      this.warn('unknown annotator', `${where}: unknown annotator "${annotatorId}"; skipped`);
      return false;
    }
    const name = label.trim();
    if (name === '') {
      this.warn('empty label', `${where}: empty label; skipped`);
      return false;
    }
    const cls = this.fixedClasses
      ? this.classIndex.get(name)
      : this.intern(this.classIndex, this.classes, name);
    if (cls === undefined) {
      this.warn(
        'label outside choices',
        `${where}: label "${name}" is not one of the configured choices (${this.classes.join(', ')}); skipped`,
      );
      return false;
    }
    const annotator = this.intern(this.annotatorIndex, this.annotators, annotatorId);
    const key = `${item}\u0000${annotator}`;
    if (this.rows.has(key)) {
      this.warn(
        'repeated judgement',
        `${where}: annotator "${annotatorId}" judged item "${itemId}" again; the later judgement is kept`,
      );
    }
    this.rows.set(key, [item, annotator, cls]);
    return true;
  }

  /** A one-line warning of some kind; kinds past MAX_LISTED lines are summed up at the end. */
  warn(kind: string, line: string): void {
    const count = (this.warned.get(kind) ?? 0) + 1;
    this.warned.set(kind, count);
    if (count <= MAX_LISTED) this.lines.push(`${this.file}: ${line}`);
  }

  build(): ParsedJudgements {
    const rows = [...this.rows.values()];
    const table: JudgementTable = {
      items: this.items,
      annotators: this.annotators,
      classes: this.classes,
      item: Int32Array.from(rows, (r) => r[0]),
      annotator: Int32Array.from(rows, (r) => r[1]),
      label: Int32Array.from(rows, (r) => r[2]),
    };
    // Classes found in the data are sorted the way the scan sorts a label column's classes
    // (data/labels.ts), so the probe's probabilities line up; configured choices keep their order.
    const ordered = this.fixedClasses ? table : withClassOrder(table, [...this.classes].sort(byName));
    const warnings = [...this.lines];
    for (const [kind, count] of this.warned)
      if (count > MAX_LISTED) warnings.push(`${this.file}: … and ${count - MAX_LISTED} more (${kind})`);
    return { table: ordered, warnings };
  }

  private intern(index: Map<string, number>, names: string[], name: string): number {
    let i = index.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      index.set(name, i);
    }
    return i;
  }
}

/** Number of judgements in a table. */
export function judgementCount(table: JudgementTable): number {
  return table.item.length;
}

const byName = (a: string, b: string): number => {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
};

/**
 * The same judgements with classes in the given order (e.g. the scan's `classes`, so column j of
 * the probe's probabilities is class j). Classes the table has and `classes` lacks are appended.
 */
export function withClassOrder(table: JudgementTable, classes: string[]): JudgementTable {
  const order = [...classes];
  for (const c of table.classes) if (!order.includes(c)) order.push(c);
  const index = new Map(order.map((c, i) => [c, i]));
  const remap = table.classes.map((c) => index.get(c) as number);
  return { ...table, classes: order, label: table.label.map((l) => remap[l]) };
}
