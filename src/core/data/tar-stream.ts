// A streaming reader of tar archives (ustar, GNU long names, pax path headers): members are
// yielded one at a time as the chunks arrive, so a shard is never held whole in memory.

export interface TarMember {
  name: string;
  data: Uint8Array;
}

/** A member cut short by the end of the file, or a header that is not a tar header. */
export class TarError extends Error {
  constructor(
    message: string,
    /** The member that was cut short, when the cut fell inside one. */
    readonly member?: string,
  ) {
    super(message);
  }
}

const BLOCK = 512;

/** Reads exact byte counts from a chunk stream. */
class Reader {
  private chunks: Uint8Array[] = [];
  private have = 0;
  private done = false;
  /** Bytes left over after the stream ended short of a read. */
  get leftover(): number {
    return this.have;
  }
  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  /** Exactly n bytes, or null when the stream ends first (`short` tells how many there were). */
  async read(n: number): Promise<Uint8Array | null> {
    while (this.have < n && !this.done) {
      const next = await this.it.next();
      if (next.done) this.done = true;
      else if (next.value.byteLength) {
        this.chunks.push(next.value);
        this.have += next.value.byteLength;
      }
    }
    if (this.have < n) return null;
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const c = this.chunks[0];
      const take = Math.min(c.byteLength, n - o);
      out.set(c.subarray(0, take), o);
      o += take;
      if (take === c.byteLength) this.chunks.shift();
      else this.chunks[0] = c.subarray(take);
    }
    this.have -= n;
    return out;
  }
}

function text(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
}

function octal(b: Uint8Array): number {
  if (b[0] & 0x80) {
    // GNU base-256 for sizes over 8 GB.
    let n = 0;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i];
    return n;
  }
  const s = text(b).trim();
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return sum === octal(h.subarray(148, 156));
}

export async function* tarMembers(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<TarMember> {
  const reader = new Reader(chunks[Symbol.asyncIterator]());
  let longName: string | null = null;
  let offset = 0;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (!header) {
      // A tar may end without its two zero blocks, but not inside a header.
      if (reader.leftover > 0) throw new TarError(`a member header at byte ${offset} is truncated`);
      return;
    }
    if (header.every((b) => b === 0)) return;
    if (!checksumOk(header)) throw new TarError(`not a tar header at byte ${offset} (bad checksum)`);
    offset += BLOCK;
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    const magic = text(header.subarray(257, 263));
    const prefix = magic.startsWith('ustar') ? text(header.subarray(345, 500)) : '';
    let name =
      longName ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    longName = null;
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const body = padded ? await reader.read(padded) : new Uint8Array(0);
    if (!body)
      throw new TarError(
        `member "${name}" is truncated (${size} bytes announced, the file ends first)`,
        name,
      );
    offset += padded;
    const data = body.subarray(0, size);
    if (type === 'L') {
      longName = text(data);
      continue;
    }
    if (type === 'x') {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(new TextDecoder().decode(data))?.[1];
      if (path) longName = path;
      continue;
    }
    if (type !== '0' && type !== '\u0000' && type !== '7') continue; // directories, links, …
    if (name.startsWith('./')) name = name.slice(2);
    yield { name, data };
  }
}

/** A ustar (POSIX or GNU) header says "ustar" at byte 257. */
export function isTar(head: Uint8Array): boolean {
  if (head.length < 263) return false;
  return text(head.subarray(257, 262)) === 'ustar';
}
