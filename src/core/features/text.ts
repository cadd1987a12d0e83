// Text -> hashed word uni- and bigram TF-IDF, L2-normalised. Hashing keeps memory fixed whatever
// the vocabulary, and needs no fitted vocabulary to ship with the scores.
import { fnv1aString } from './hashing';

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu;
/** Longer texts are cut: the start of a document carries most of its topic, and cost stays bounded. */
const MAX_CHARS = 20_000;

export function tokenize(text: string): string[] {
  return (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text).toLowerCase().match(TOKEN) ?? [];
}

/** Bucket ids of a document's unigrams and bigrams (with repeats: they are term counts). */
function terms(text: string, dims: number): number[] {
  const toks = tokenize(text);
  const out: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    out.push(fnv1aString(toks[i]) % dims);
    if (i > 0) out.push(fnv1aString(toks[i], fnv1aString(toks[i - 1] + ' ')) % dims);
  }
  return out;
}

/**
 * Writes TF-IDF features of `texts` into `out` (row-major, `stride` floats a row, starting at
 * column `offset`, `dims` columns). Sublinear tf (1 + log count), smooth idf, per-row L2 norm.
 */
export function hashedTfidf(
  texts: (string | null)[],
  dims: number,
  out: Float32Array,
  stride: number,
  offset: number,
): void {
  const n = texts.length;
  const docs: Map<number, number>[] = new Array(n);
  const df = new Float64Array(dims);
  for (let i = 0; i < n; i++) {
    const counts = new Map<number, number>();
    const t = texts[i];
    if (t) for (const b of terms(t, dims)) counts.set(b, (counts.get(b) ?? 0) + 1);
    for (const b of counts.keys()) df[b] += 1;
    docs[i] = counts;
  }
  const idf = new Float64Array(dims);
  for (let b = 0; b < dims; b++) idf[b] = Math.log((1 + n) / (1 + df[b])) + 1;
  for (let i = 0; i < n; i++) {
    let norm = 0;
    const base = i * stride + offset;
    for (const [b, c] of docs[i]) {
      const v = (1 + Math.log(c)) * idf[b];
      out[base + b] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const s = 1 / Math.sqrt(norm);
      for (const b of docs[i].keys()) out[base + b] *= s;
    }
  }
}
