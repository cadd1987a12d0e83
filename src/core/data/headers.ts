// Header clean-up: blank names get a position name, repeated names get _2, _3 ... so no
// column is silently dropped or picked twice.

export interface CleanHeaders {
  names: string[];
  warnings: string[];
}

export function cleanHeaders(raw: readonly string[]): CleanHeaders {
  const warnings: string[] = [];
  const used = new Set<string>();
  const renamed: string[] = [];
  const blank: number[] = [];
  const names = raw.map((h, i) => {
    let name = h.trim();
    if (name === '') {
      name = `column_${i + 1}`;
      blank.push(i + 1);
    }
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${name}_${k}`)) k++;
      renamed.push(`${name} → ${name}_${k}`);
      name = `${name}_${k}`;
    }
    used.add(name);
    return name;
  });
  if (blank.length) warnings.push(`unnamed columns at positions ${blank.join(', ')} named column_N`);
  if (renamed.length) warnings.push(`duplicate column names renamed: ${renamed.join(', ')}`);
  return { names, warnings };
}
