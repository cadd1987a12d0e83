// The audit report as one printable, self-contained HTML page: inline CSS, no script, no font or
// image from anywhere (the map is a data: URI), and a Content-Security-Policy that forbids
// loading anything even if a string slipped through. Every string that may come from a dataset
// (file, column, class, annotator and sample names, reasons, notes) goes through escapeHtml.
import type { AtlasTechnique } from './atlas';
import type { AuditFinding, AuditJournalEntry, AuditReport } from './audit';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const esc = escapeHtml;
const fixed3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** Base64 of UTF-8 text without Buffer (the worker has none); chunked so btoa gets short strings. */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x6000) {
    out += btoa(String.fromCharCode(...bytes.subarray(i, i + 0x6000)));
  }
  return out;
}

const PNG_DATA_URI = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/;

/**
 * The map as an <img>: an SVG in an <img> cannot run script or fetch anything, so even an SVG
 * from elsewhere is inert here. A PNG must be a real base64 data: URI, else it is left out.
 */
function mapImg(map: AuditReport['map']): string {
  if (!map) return '<p class="muted">No map was included.</p>';
  const src =
    'svg' in map
      ? `data:image/svg+xml;base64,${base64Utf8(map.svg)}`
      : PNG_DATA_URI.test(map.pngDataUri)
        ? map.pngDataUri
        : null;
  if (!src) return '<p class="muted">The map image was not a PNG data URI and was left out.</p>';
  const caption = map.caption ? `<figcaption>${esc(map.caption)}</figcaption>` : '';
  return `<figure><img class="map" alt="Map of the samples coloured by suspicion" src="${src}">${caption}</figure>`;
}

function table(headers: string[], rows: unknown[][], className = ''): string {
  if (!rows.length) return '<p class="muted">None.</p>';
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${esc(className)}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const bytes = (n: number | undefined) =>
  n === undefined
    ? ''
    : n < 1024
      ? `${n} B`
      : n < 1024 ** 2
        ? `${(n / 1024).toFixed(1)} KiB`
        : `${(n / 1024 ** 2).toFixed(1)} MiB`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function paramText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      return `${k}=${s && s.length > 80 ? `${s.slice(0, 80)}…` : s}`;
    })
    .join(', ');
}

const ACTIONS: Record<string, string> = {
  relabel: 'relabelled',
  quarantine: 'quarantined',
  ok: 'marked OK',
  clear: 'cleared',
  undo: 'undid',
};

/** Old labels of a journal entry: one value when all agree, else each with its count. */
function oldLabels(e: AuditJournalEntry): string {
  const counts = new Map<string, number>();
  for (const f of e.from) counts.set(f ?? '(none)', (counts.get(f ?? '(none)') ?? 0) + 1);
  if (counts.size <= 1) return [...counts.keys()].join('');
  return [...counts].map(([label, n]) => `${label} ×${n}`).join(', ');
}

/** MITRE ATLAS tags as chips: the id, and the technique's name beside it (printed too). */
function atlasChips(tags: readonly AtlasTechnique[] | undefined): string {
  if (!tags?.length) return '';
  return `<span class="atlas-tags">${tags
    .map(
      (t) =>
        `<span class="atlas" title="MITRE ATLAS ${esc(t.id)}: ${esc(t.name)}">${esc(t.id)} ${esc(t.name)}</span>`,
    )
    .join(' ')}</span>`;
}

function finding(f: AuditFinding): string {
  const items = f.items?.length
    ? `<ul class="items">${f.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`
    : '';
  return `<li class="finding ${esc(f.severity)}" data-finding="${esc(f.id)}"><span class="sev">${esc(f.severity)}</span> <strong>${esc(f.title)}</strong>: ${esc(f.count)} ${atlasChips(f.atlas)}<p>${esc(f.explanation)}</p>${items}</li>`;
}

const pctOrDash = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(0)}%`);

/** The rule checks: one row per rule, then the pairs of rules that disagree. */
function rulesSection(rules: AuditReport['rules']): string {
  if (!rules) return '<p class="muted">No rules were given.</p>';
  const rows = rules.rules.map((r) => [
    r.name,
    r.text,
    r.covered,
    pctOrDash(r.agreement),
    r.expects === 'invalid' ? '—' : pctOrDash(r.agreementLow),
    r.contradict,
    r.precise ? 'yes' : 'no',
    r.modelChecked ? pctOrDash((r.modelAgree ?? 0) / r.modelChecked) : '—',
  ]);
  const conflicts = rules.conflicts.map((c) => [c.a, c.b, c.rows]);
  return `<p>Rules from ${esc(rules.file)}: ${esc(rules.flagged)} rows flagged. A rule is <em>precise</em> when the 95 % lower bound of its agreement with the labels it covers is above one half; only a precise rule's contradictions flag a row, and the row's reason names the rule. ${atlasChips(rules.atlas)}</p>
${table(['rule', 'text', 'covers', 'agrees', 'agrees (95 % lower bound)', 'contradicts', 'precise', 'model agrees'], rows)}
${
  conflicts.length
    ? `<h3>Rules that disagree</h3>
${table(['rule', 'rule', 'rows'], conflicts)}`
    : ''
}`;
}

/** Source vetting of the manifest's files. */
function vettingSection(manifest: AuditReport['manifest']): string {
  if (!manifest) return '';
  if (!manifest.vetting.length) return '<p class="muted">Source vetting: no finding.</p>';
  const rows = manifest.vetting
    .map(
      (f) =>
        `<tr><td class="nowrap">${esc(f.kind)}</td><td>${esc(f.path)}</td><td>${esc(f.message)}</td><td>${atlasChips(f.atlas)}</td></tr>`,
    )
    .join('\n');
  return `<h3>Source vetting</h3>
<table><thead><tr><th>finding</th><th>file</th><th>what is wrong</th><th>MITRE ATLAS</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: 12px; }
th, td { border: 1px solid #ddd; padding: .2rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f3f3; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.hash, .mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px; }
.muted { color: #666; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.findings { list-style: none; padding: 0; }
.finding { border-left: 4px solid #999; padding: .3rem .6rem; margin: .5rem 0; background: #fafafa; }
.finding p { margin: .2rem 0; }
.finding.high { border-color: #b30000; }
.finding.medium { border-color: #e6550d; }
.finding.low { border-color: #fdae6b; }
.finding.info { border-color: #6baed6; }
.sev { text-transform: uppercase; font-size: 10px; font-weight: 700; letter-spacing: .05em; }
.items { margin: .2rem 0; font-size: 12px; }
tr.modified td, tr.unknown td { background: #fdecea; }
.atlas { display: inline-block; font-size: 10px; padding: 0 .35rem; margin: 0 .15rem .1rem 0; border: 1px solid #7b61a8; border-radius: 3px; color: #4b3a6e; background: #f4f0fa; white-space: nowrap; }
img.map { max-width: 100%; height: auto; border: 1px solid #ddd; }
figcaption { font-size: 12px; color: #555; }
@page { margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; }
  table, figure, .finding { break-inside: avoid; }
  thead { display: table-header-group; }
}
`;

export function auditHtml(audit: AuditReport): string {
  const a = audit;
  const s = a.settings;
  const classes = a.perClass.map((c) => [
    c.label,
    c.count,
    c.flagged,
    c.count ? pct(c.flagged / c.count) : '',
    Object.entries(c.verdicts)
      .map(([d, v]) => `${d}: ${v}`)
      .join('; '),
  ]);
  const annotators = a.annotators.map((r) => [
    r.annotator,
    r.items,
    r.flagged,
    pct(r.modelDisagreement),
    pct(r.neighbourDisagreement),
    r.score.toFixed(3),
  ]);
  const manifest = a.manifest;
  const manifestRows = manifest
    ? manifest.results
        .map(
          (r) =>
            `<tr class="${esc(r.status)}"><td class="nowrap">${esc(r.status)}</td><td>${esc(r.path)}${r.matchedPath ? ` <span class="muted">(manifest: ${esc(r.matchedPath)})</span>` : ''}</td><td>${esc(bytes(r.size))}</td><td class="hash">${esc(r.expected ?? '')}</td><td class="hash">${esc(r.actual ?? '')}</td></tr>`,
        )
        .join('\n')
    : '';
  const journal = a.journal.map((e) => [
    e.seq,
    e.at,
    ACTIONS[e.kind] ?? e.kind,
    e.ids.join(', '),
    oldLabels(e),
    e.to ?? '',
    e.note ?? '',
  ]);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Assay audit report: ${esc(a.input.name)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>Assay audit report</h1>
<p class="muted">${esc(a.input.name)} · generated ${esc(a.generatedAt)} · Assay ${esc(a.assay.version)}</p>

<h2>Summary</h2>
<dl>
<dt>Dataset</dt><dd>${esc(a.input.name)} (${esc(a.input.format)}, ${esc(a.input.rows)} rows)</dd>
<dt>Dataset SHA-256</dt><dd class="hash">${esc(a.input.datasetHash)}</dd>
<dt>Flagged</dt><dd>${esc(a.flagged.total)} of ${esc(a.input.rows)} samples (${esc(pct(a.flagged.share))})</dd>
<dt>Manifest</dt><dd>${
    manifest
      ? `${esc(manifest.source ?? 'given')}: ${esc(manifest.counts.verified)} verified, ${esc(manifest.counts.modified)} modified, ${esc(manifest.counts.unknown)} unknown, ${esc(manifest.counts.missing)} missing`
      : 'none given: the files were not checked against a vetted list'
  }</dd>
<dt>Review actions</dt><dd>${esc(a.journal.length)}</dd>
<dt>Backend</dt><dd>${esc(a.backend.name)}${a.backend.reason ? ` (${esc(a.backend.reason)})` : ''}</dd>
<dt>Assay version</dt><dd>${esc(a.assay.version)}</dd>
</dl>

<h2>What was checked</h2>
<p>Assay read the input files below and recorded their SHA-256 hashes${manifest ? ', compared them with the manifest,' : ''} and trained a small probe model on the data with ${esc(s.folds)}-fold cross-validation, so every sample was scored by a model that had not seen it. Each sample's ${esc(s.k)} nearest neighbours were found in the model's internal representation (the embeddings) and in the raw input. The checks below look for backdoor triggers, wrong labels, conflicting duplicates, outliers and unreliable annotators; a sample is flagged when at least one check flags it by its own rule (the outlier check only informs). Seed ${esc(s.seed)}: the same files, seed and backend give the same scores. Everything ran on the local machine; no data left it.</p>
<table><thead><tr><th>check</th><th>what it looks for</th><th>parameters</th><th>flagged</th><th>MITRE ATLAS</th></tr></thead><tbody>
${a.checks
  .map(
    (c) =>
      `<tr><td>${esc(c.name)}</td><td>${esc(c.description)}</td><td>${esc(paramText(c.params))}</td><td>${esc(c.flagged)}</td><td>${atlasChips(c.atlas)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>

<h2>Findings</h2>
<p class="muted">Each finding carries the MITRE ATLAS (release ${esc(a.atlasVersion)}) techniques it is evidence of: AML.T0020 Poison Training Data (labels or content planted to mislead training), AML.T0018.000 Poison AI Model (a backdoor the trained model would carry), AML.T0010.002 AI Supply Chain Compromise: Data (files not as vetted, or from unvetted sources), AML.T0019 Publish Poisoned Datasets (a public source serving other bytes), AML.T0059 Erode Dataset Integrity (data that cannot be read or vetted).</p>
<ul class="findings">
${a.findings.map(finding).join('\n')}
</ul>

<h2>Rule checks</h2>
${rulesSection(a.rules)}

<h2>Provenance</h2>
${
  manifest
    ? `<p>Each input file against the manifest${manifest.created ? ` made ${esc(manifest.created)}` : ''}. <em>modified</em>: the content differs from what was vetted; <em>unknown</em>: not in the manifest; <em>missing</em>: in the manifest, not scanned.</p>
<table><thead><tr><th>status</th><th>file</th><th>size</th><th>expected SHA-256</th><th>actual SHA-256</th></tr></thead><tbody>
${manifestRows}
</tbody></table>
${vettingSection(manifest)}`
    : '<p class="muted">No manifest was given.</p>'
}

<h2>Input files</h2>
${table(
  ['file', 'size', 'bytes', 'SHA-256'],
  a.input.files.map((f) => [f.path, bytes(f.size), f.size, f.sha256]),
  'files',
)}
<h3>Columns</h3>
${table(
  ['column', 'type', 'role'],
  a.input.columns.map((c) => [c.name, c.type, c.role]),
)}

<h2>Settings</h2>
${table(
  ['setting', 'value'],
  [
    ['seed', s.seed],
    ['folds', s.folds],
    ['neighbours (k)', s.k],
    ['epochs', s.epochs || 'chosen by data size'],
    ['embeddings', s.embeddingSource],
    ['role overrides', JSON.stringify(s.roles)],
    ['rules', s.rules ? s.rules.name : 'none'],
    ['backend', a.backend.name],
  ],
)}

<h2>Map</h2>
${mapImg(a.map)}

<h2>Per class</h2>
${table(['class', 'samples', 'flagged', 'share', 'verdicts'], classes)}

<h2>Per annotator</h2>
${a.annotators.length ? table(['annotator', 'items', 'flagged', 'model disagrees', 'neighbours disagree', 'score'], annotators) : '<p class="muted">The data has no annotator column.</p>'}

<h2>Flagged samples</h2>
<p>${a.flagged.samplesShown < a.flagged.total ? `The ${esc(a.flagged.samplesShown)} most suspect of ${esc(a.flagged.total)}; scores.csv lists them all.` : `All ${esc(a.flagged.total)}, most suspect first.`}</p>
${table(
  ['row', 'id', 'label', 'predicted', 'suspicion', 'reasons'],
  a.flagged.samples.map((r) => [r.row, r.id, r.label, r.predicted, r.suspicion.toFixed(3), r.reasons]),
)}

<h2>Red-team runs</h2>
${
  a.redteam.length
    ? `<p>Attacks planted into a copy of this dataset (never into the file itself), each copy scanned with the same settings: how well the scan found what was planted. Poison already in the data counts as clean here.</p>
${table(
  ['attack', 'planted', 'AUROC', 'recall@k', 'flagged (true)', 'precision', 'F1', 'best check', 'scan'],
  a.redteam.map((r) => [
    r.description,
    r.planted,
    fixed3(r.auroc),
    r.recallAtK === null ? '—' : `${fixed3(r.recallAtK)} (k = ${r.k})`,
    `${r.flagged.count} (${r.flagged.truePositives})`,
    fixed3(r.flagged.precision),
    fixed3(r.flagged.f1),
    r.bestCheck ? `${r.bestCheck.name} (${fixed3(r.bestCheck.auroc)})` : '—',
    `${(r.scanMs / 1000).toFixed(1)} s`,
  ]),
)}`
    : '<p class="muted">No red-team run was made.</p>'
}

<h2>Review journal</h2>
<p>Every review action, in order${a.journal.length ? '' : ': none was taken'}.</p>
${a.journal.length ? table(['#', 'when', 'action', 'samples', 'old label', 'new label', 'note'], journal) : ''}

<h2>Warnings and unreadable rows</h2>
${a.warnings.length ? `<ul>${a.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '<p class="muted">No warnings.</p>'}
${
  a.rowErrors.length
    ? table(
        ['row', 'problem'],
        a.rowErrors.map((e) => [e.row, e.message]),
      )
    : ''
}

<h2>Timings</h2>
${table(
  ['stage', 'ms'],
  Object.entries(a.timingsMs).map(([k, v]) => [k, v]),
)}
</body>
</html>
`;
}
