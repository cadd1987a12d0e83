// CSV writing (RFC 4180) with spreadsheet formula neutralisation: a cell that starts with
// = + - @ tab or CR would run as a formula in Excel/Sheets, so it gets a leading single quote.
// Numbers are written as numbers (a negative number is data, not a formula).

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: unknown[]): string {
  return cells.map(csvCell).join(',');
}
