// Path helpers for names relative to what the user dropped ("images/1.png", "Sneaker/001.png").

export function normalisePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, rel: string): string {
  return normalisePath(dir ? `${dir}/${rel}` : rel);
}

export const IMAGE_PATH = /\.(png|jpe?g)$/i;

/**
 * Why a path named inside a dataset may not be followed, or null when it may: only relative
 * paths that stay inside what the user gave are resolved. A URL, an absolute path (POSIX, a
 * Windows drive or UNC share) or one that climbs above `dir` with `..` is reported and skipped,
 * never opened or fetched.
 */
export function unsafePathReason(p: string, dir = ''): string | null {
  const s = p.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || /^(data|blob|file|javascript):/i.test(s)) return 'a URL';
  if (s.startsWith('/') || s.startsWith('\\') || /^[a-z]:[\\/]/i.test(s) || /^[a-z]:$/i.test(s))
    return 'an absolute path';
  let depth = dir ? normalisePath(dir).split('/').filter(Boolean).length : 0;
  for (const part of s.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      depth--;
      if (depth < 0) return 'outside the dataset folder';
    } else depth++;
  }
  return null;
}
