// A scripted update of penguins-flip's CSV with known changes: rows removed, relabelled, edited
// and added. The diff tests check that the diff finds exactly these.
import fs from 'node:fs';
import path from 'node:path';
import { SHARED } from '../cli/run-cli';

export const PENGUINS_CSV = path.join(SHARED, 'datasets/penguins-flip/data.csv');

export interface ScriptedUpdate {
  csv: string;
  removed: string[];
  relabelled: Map<string, [string, string]>;
  /** id -> column names edited. */
  edited: Map<string, string[]>;
  added: string[];
}

const OTHER_SPECIES: Record<string, string> = { Adelie: 'Gentoo', Gentoo: 'Chinstrap', Chinstrap: 'Adelie' };

export function scriptedUpdate(): ScriptedUpdate {
  const lines = fs.readFileSync(PENGUINS_CSV, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const col = (name: string) => header.indexOf(name);
  const rows = lines.slice(1).map((l) => l.split(','));
  const byId = new Map(rows.map((r) => [r[0], r]));
  const removed = ['5', '17', '100'];
  const relabelled = new Map<string, [string, string]>();
  for (const id of ['3', '40', '200']) {
    const r = byId.get(id)!;
    const from = r[col('species')];
    relabelled.set(id, [from, OTHER_SPECIES[from]]);
    r[col('species')] = OTHER_SPECIES[from];
  }
  const edited = new Map<string, string[]>([
    ['10', ['bill_length_mm']],
    ['77', ['island', 'body_mass_g']],
    // Relabelled and edited at once: in both lists.
    ['40', ['flipper_length_mm']],
  ]);
  byId.get('10')![col('bill_length_mm')] = '61.5';
  byId.get('77')![col('island')] = byId.get('77')![col('island')] === 'Dream' ? 'Biscoe' : 'Dream';
  byId.get('77')![col('body_mass_g')] = '9999';
  byId.get('40')![col('flipper_length_mm')] = '250';
  // Added: copies of existing penguins under new ids, with another species (the kind of row a
  // poisoned update slips in: the duplicate detector sees the conflict).
  const added = ['1000', '1001', '1002', '1003'];
  const copies = ['20', '21', '22', '23'].map((id, i) => {
    const r = [...byId.get(id)!];
    r[0] = added[i];
    r[col('species')] = OTHER_SPECIES[r[col('species')]];
    return r;
  });
  const kept = rows.filter((r) => !removed.includes(r[0]));
  // The update also reorders rows: matching is by id, not position.
  kept.reverse();
  const csv = [header, ...kept, ...copies].map((r) => r.join(',')).join('\n') + '\n';
  return { csv, removed, relabelled, edited, added };
}
