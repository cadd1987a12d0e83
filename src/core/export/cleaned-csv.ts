// The cleaned dataset as CSV (see cleaned.ts). Cells go through csvCell, which neutralises
// spreadsheet formulas. CSV has no binary or list cells: binary cells become base64 data URLs
// (a data URL starts with "data:", so base64's leading "+" is never mistaken for a formula) and
// vectors become JSON arrays; `notes` says so, for the page to show next to the download.
import { csvRow } from '../report/csv';
import type { Cell, Column, Frame } from '../types';
import { cellAt, planCleaned, type CleanedExportOptions } from './cleaned-plan';

export interface CleanedCsv {
  text: string;
  rows: number;
  notes: string[];
}

export function cleanedCsv(frame: Frame, opts: CleanedExportOptions): CleanedCsv {
  const plan = planCleaned(frame, opts);
  const header = frame.columns.map((c) => c.name);
  header.push(plan.originalLabelName);
  if (plan.statusName) header.push(plan.statusName);
  const lines = [csvRow(header)];
  for (const r of plan.rows) {
    const cells = frame.columns.map((c) => (c === plan.label ? text(plan.labelCell(r)) : text(cellAt(c, r))));
    cells.push(text(cellAt(plan.label, r)));
    if (plan.statusName) cells.push(plan.statusOf(r));
    lines.push(csvRow(cells));
  }
  const notes = frame.columns.flatMap((c) => note(c));
  return { text: lines.join('\n') + '\n', rows: plan.rows.length, notes };
}

function note(c: Column): string[] {
  if (c.type === 'binary') return [`column "${c.name}": binary cells written as base64 data URLs`];
  if (c.type === 'vector') return [`column "${c.name}": vectors written as JSON arrays`];
  return [];
}

/** A cell as csvCell takes it: numbers stay numbers, the rest becomes text. */
function text(v: Cell): string | number | null {
  if (v === null || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Float32Array) return JSON.stringify(Array.from(v, shortFloat32));
  return `data:${mimeOf(v)};base64,${base64(v)}`;
}

function mimeOf(b: Uint8Array): string {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return 'application/octet-stream';
}

/** The shortest decimal that reads back as the same float32 (0.1, not 0.10000000149011612). */
function shortFloat32(v: number): number | null {
  if (!Number.isFinite(v)) return null;
  const fits = (p: number) => Math.fround(Number(v.toPrecision(p))) === v;
  // 9 significant digits always round-trip a float32; most values need 6 to 9.
  let p = 7;
  if (fits(p)) while (p > 1 && fits(p - 1)) p--;
  else while (p < 9 && !fits(p)) p++;
  return Number(v.toPrecision(p));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (no btoa: its binary-string detour is slow on large images). */
export function base64(bytes: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const x = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push(B64[x >> 18], B64[(x >> 12) & 63], B64[(x >> 6) & 63], B64[x & 63]);
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const x = bytes[i] << 16;
    out.push(B64[x >> 18], B64[(x >> 12) & 63], '==');
  } else if (rest === 2) {
    const x = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out.push(B64[x >> 18], B64[(x >> 12) & 63], B64[(x >> 6) & 63], '=');
  }
  return out.join('');
}
