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
