// What every table loader returns: the frame plus problems that did not stop the load.
import type { Frame } from '../types';

export interface TableResult {
  frame: Frame;
  warnings: string[];
  /** Rows that could not be read but stay in the frame. */
  rowErrors?: { row: number; message: string }[];
}
