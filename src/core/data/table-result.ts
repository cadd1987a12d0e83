// What every table loader returns: the frame plus problems that did not stop the load.
import type { Frame } from '../types';
import type { PendingPaths } from './image-struct';

export interface TableResult {
  frame: Frame;
  warnings: string[];
  /** Rows that could not be read but stay in the frame. */
  rowErrors?: { row: number; message: string }[];
  /** Image columns with rows that name a file instead of holding bytes (column name -> paths). */
  pending?: Record<string, PendingPaths>;
  /** The file's schema-level key/value metadata (Arrow schema metadata, Parquet key_value_metadata). */
  meta?: Record<string, string>;
}
