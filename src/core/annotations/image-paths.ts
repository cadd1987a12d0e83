// Resolving the image an export names against the files the user gave, and only those: a URL is
// never fetched (nothing leaves the machine, and nothing outside is read), an absolute path or one
// that climbs out of the folder is refused, and an image not among the files is reported missing.
import { basename, dirname, joinPath, normalisePath } from '../data/paths';

export type ImageRef =
  { kind: 'found'; path: string } | { kind: 'missing'; path: string } | { kind: 'refused'; reason: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Label Studio's own upload URL: /data/upload/<project>/<file>. */
const LS_UPLOAD = /^\/data\/upload\/\d+\/(.+)$/;
/** Label Studio's local-files storage URL: /data/local-files/?d=<path>. */
const LS_LOCAL = /^\/data\/local-files\/?\?d=(.+)$/;
/** Label Studio names an upload "<8 hex>-<original name>". */
const LS_PREFIX = /^[0-9a-f]{8}-/;

/**
 * `ref` as the export wrote it; `exportFile` the export's own path among `files` (paths relative
 * to what the user dropped); `files` every file given. Tries the path next to the export, then as
 * given, then an images/ folder next to the export, then a unique file of the same name.
 */
export function resolveImage(ref: string, exportFile: string, files: ReadonlySet<string>): ImageRef {
  let rel: string;
  const upload = LS_UPLOAD.exec(ref);
  const local = LS_LOCAL.exec(ref);
  if (upload) rel = upload[1];
  else if (local) rel = safeDecode(local[1]);
  else if (/^[a-z]:[\\/]/i.test(ref) || ref.startsWith('/') || ref.startsWith('\\'))
    return { kind: 'refused', reason: `${ref} is an absolute path outside the folder given; skipped` };
  else if (SCHEME.test(ref)) return { kind: 'refused', reason: `${ref} is a URL; not fetched` };
  else rel = ref;
  if (climbs(rel)) return { kind: 'refused', reason: `${ref} points outside the folder given; skipped` };
  const dir = dirname(exportFile);
  const name = basename(normalisePath(rel));
  const candidates = [joinPath(dir, rel), normalisePath(rel), joinPath(dir, `images/${name}`)];
  if (LS_PREFIX.test(name)) candidates.push(joinPath(dir, name.replace(LS_PREFIX, '')));
  for (const c of candidates) if (files.has(c)) return { kind: 'found', path: c };
  const sameName = [...files].filter(
    (f) => basename(f) === name || basename(f) === name.replace(LS_PREFIX, ''),
  );
  if (sameName.length === 1) return { kind: 'found', path: sameName[0] };
  return { kind: 'missing', path: normalisePath(rel) };
}

/** True when the path leaves its folder at some point ("../x", "a/../../x"). */
function climbs(p: string): boolean {
  let depth = 0;
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
