// Label QA inputs for the CLI tests, written to a temporary folder: the first mails of spam-flip
// (their original labels), judged by five simulated annotators, three per item (simulate.ts:
// a1–a4 honest, a5 marks every spam as ham), as a Label Studio JSON export, the same judgements
// as a Label Studio CSV export, and as a long table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHARED } from '../consensus/real-items';
import { simulate } from '../consensus/simulate';

export interface LabelQaFixtures {
  dir: string;
  json: string;
  csv: string;
  long: string;
  /** Majority of honest annotators aside: the truth per item id. */
  truth: Map<string, string>;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (ch !== '\r') cell += ch;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function writeLabelQaFixtures(items = 300): LabelQaFixtures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-label-qa-'));
  const data = path.join(SHARED, 'spam-flip');
  const truthJson = JSON.parse(fs.readFileSync(path.join(data, 'truth.json'), 'utf8'));
  const original = truthJson.original_label_by_id as Record<string, string>;
  const rows = parseCsv(fs.readFileSync(path.join(data, 'data.csv'), 'utf8')).slice(1, items + 1);
  const mails = rows.map(([id, text, label]) => ({
    id,
    text: text.slice(0, 600),
    label: original[id] ?? label,
  }));
  const truthLabels = mails.map((m) => m.label);
  const sim = simulate(truthLabels, ['ham', 'spam'], { from: 'spam', to: 'ham', twoWay: false }, 0, 7);
  const cols = Object.fromEntries(sim.frame.columns.map((c) => [c.name, c.values as string[]]));
  const judgements = cols.item.map((item, j) => ({
    item: Number(item),
    annotator: cols.annotator[j],
    label: cols.label[j],
  }));
  // Label Studio JSON: one task per mail, one annotation per judgement (completed_by = user id).
  const userId = (a: string) => Number(a.slice(1));
  const tasks = mails.map((m, i) => ({
    id: i + 1,
    data: { text: m.text },
    annotations: judgements
      .filter((j) => j.item === i)
      .map((j, k) => ({
        id: (i + 1) * 10 + k,
        completed_by: userId(j.annotator),
        was_cancelled: false,
        result: [{ type: 'choices', from_name: 'sentiment', to_name: 'text', value: { choices: [j.label] } }],
      })),
  }));
  const json = path.join(dir, 'project-1-export.json');
  fs.writeFileSync(json, JSON.stringify(tasks));
  // Label Studio CSV: one row per annotation; the annotator by e-mail.
  const csvLines = ['annotation_id,annotator,created_at,id,lead_time,sentiment,text,updated_at'];
  judgements.forEach((j, k) =>
    csvLines.push(
      [
        k + 1,
        `${j.annotator}@example.com`,
        '2026-11-30T10:00:00Z',
        j.item + 1,
        3.5,
        j.label,
        q(mails[j.item].text),
        '2026-11-30T10:00:00Z',
      ].join(','),
    ),
  );
  const csv = path.join(dir, 'project-1-export.csv');
  fs.writeFileSync(csv, csvLines.join('\n') + '\n');
  const longLines = ['item,text,annotator,label'];
  for (const j of judgements)
    longLines.push([j.item + 1, q(mails[j.item].text), j.annotator, j.label].join(','));
  const long = path.join(dir, 'judgements-long.csv');
  fs.writeFileSync(long, longLines.join('\n') + '\n');
  return { dir, json, csv, long, truth: new Map(mails.map((m, i) => [String(i + 1), m.label])) };
}
