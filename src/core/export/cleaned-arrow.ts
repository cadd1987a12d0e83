// The cleaned dataset as an Arrow IPC file (see cleaned.ts). Column types follow the frame:
// numbers Float64 (missing = null), text Utf8, booleans Bool, binary Binary, vectors
// List<Float32>. The label column keeps its type unless a relabel does not fit it (a class name
// in a number column): then the whole column becomes Utf8. `original_label` keeps the original
// type either way.
import {
  Binary,
  Bool,
  Field,
  Float32,
  Float64,
  List,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import type { Cell, ColumnType, Frame } from '../types';
import { cellAt, planCleaned, type CleanedExportOptions } from './cleaned-plan';

export function cleanedArrow(frame: Frame, opts: CleanedExportOptions): Uint8Array {
  const plan = planCleaned(frame, opts);
  const { rows, label } = plan;
  const vectors = new Map<string, Vector>();
  for (const column of frame.columns) {
    if (column === label) continue;
    vectors.set(
      column.name,
      toVector(
        rows.map((r) => cellAt(column, r)),
        column.type,
      ),
    );
  }
  const labels = rows.map((r) => plan.labelCell(r));
  const fits = labels.every((v) => v === null || typeof v === typeof sample(label.type));
  vectors.set(label.name, fits ? toVector(labels, label.type) : toVector(labels.map(asText), 'string'));
  vectors.set(
    plan.originalLabelName,
    toVector(
      rows.map((r) => cellAt(label, r)),
      label.type,
    ),
  );
  if (plan.statusName)
    vectors.set(
      plan.statusName,
      toVector(
        rows.map((r) => plan.statusOf(r)),
        'string',
      ),
    );
  // An object's keys are not in insertion order ("2" comes before "10" and "a"): select() puts
  // the columns back in the frame's order.
  const names = [...frame.columns.map((c) => c.name), plan.originalLabelName];
  if (plan.statusName) names.push(plan.statusName);
  const table = new Table(Object.fromEntries(vectors)).select(names);
  return tableToIPC(table, 'file');
}

function arrowType(type: ColumnType): DataType {
  if (type === 'number') return new Float64();
  if (type === 'bool') return new Bool();
  if (type === 'binary') return new Binary();
  if (type === 'vector') return new List(new Field('item', new Float32(), true));
  return new Utf8();
}

function toVector(cells: Cell[], type: ColumnType): Vector {
  return vectorFromArray(cells, arrowType(type)) as Vector;
}

/** A value of the JS type a column of this type holds. */
function sample(type: ColumnType): Cell {
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  return '';
}

function asText(v: Cell): string | null {
  return v === null ? null : String(v);
}
