// 1-based line numbers for character offsets, for error messages about text files.

/** Line number of each offset (offsets in ascending order), counting LF, CRLF and lone CR. */
export function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  for (const target of offsets) {
    for (; pos < target && pos < text.length; pos++) {
      const c = text.charCodeAt(pos);
      if (c === 10 || (c === 13 && text.charCodeAt(pos + 1) !== 10)) line++;
    }
    out.push(line);
  }
  return out;
}

/** Moves an offset past blank lines so it points at the record's first character. */
export function skipLineBreaks(text: string, offset: number): number {
  let p = offset;
  while (p < text.length && (text[p] === '\n' || text[p] === '\r')) p++;
  return p;
}
