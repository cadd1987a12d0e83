import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { HashedFile } from '../../../src/core/provenance/manifest';
import { fileNameOfUrl, parseUrlList, verifyUrlList } from '../../../src/core/provenance/url-list';
import { InputError } from '../../../src/core/types';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const hashed = (name: string, content: string): HashedFile => ({
  name,
  size: content.length,
  sha256: sha(content),
});

/** A URL-list dataset of five images, as listed when it was published. */
const images = ['cat', 'dog', 'owl', 'fox', 'elk'].map((n) => ({
  url: `https://cdn.example.net/img/${n}.png?v=1`,
  content: `pixels of a ${n}`,
}));
const list = ['url,sha256', ...images.map((i) => `${i.url},${sha(i.content)}`)].join('\n');

function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).line;
  }
  throw new Error('expected an InputError');
}

describe('URL lists', () => {
  it('maps each URL to its last path segment, or to a file column', () => {
    expect(fileNameOfUrl('https://cdn.example.net/img/cat%20one.png?x=1#y')).toBe('cat one.png');
    expect(fileNameOfUrl('not a url')).toBe('');
    expect(parseUrlList(list, 'urls.csv').map((e) => e.file)).toEqual([
      'cat.png',
      'dog.png',
      'owl.png',
      'fox.png',
      'elk.png',
    ]);
    const withFile = parseUrlList(
      `"url","sha256","file"\nhttps://x.test/a?id=1,${sha('a')},shards/0001.jpg\n`,
      'u.csv',
    );
    expect(withFile[0]).toMatchObject({ file: 'shards/0001.jpg', line: 2 });
  });

  it('one swapped file is a mismatch finding tagged with ATLAS; the rest verify', () => {
    const downloaded = images.map((i) => hashed(`${fileNameOfUrl(i.url)}`, i.content));
    downloaded[2] = hashed('owl.png', 'pixels of an owl with a trigger'); // the domain changed hands
    const { checks, findings } = verifyUrlList(parseUrlList(list, 'urls.csv'), downloaded);
    expect(checks.map((c) => c.status)).toEqual(['verified', 'verified', 'mismatch', 'verified', 'verified']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'url-hash-mismatch', path: 'owl.png' });
    expect(findings[0].message).toMatch(
      /^differs from the hash listed for https:\/\/cdn\.example\.net\/img\/owl\.png\?v=1 \(line 4\)/,
    );
    expect(findings[0].atlas.map((t) => t.id)).toEqual(['AML.T0010.002', 'AML.T0019', 'AML.T0020']);
  });

  it('a file not downloaded is missing, an extra one unlisted; files in sub-folders match by basename', () => {
    const downloaded = images.slice(1).map((i) => hashed(`dl/${fileNameOfUrl(i.url)}`, i.content));
    downloaded.push(hashed('dl/extra.png', 'who put this here'));
    const { checks, findings } = verifyUrlList(parseUrlList(list, 'urls.csv'), downloaded);
    expect(checks.filter((c) => c.status === 'verified')).toHaveLength(4);
    expect(findings.map((f) => [f.kind, f.path])).toEqual([
      ['url-file-missing', 'cat.png'],
      ['url-file-unlisted', 'dl/extra.png'],
    ]);
  });

  it('bad lists are one-line errors naming the line', () => {
    expect(inputError(() => parseUrlList('', 'u.csv'))).toBe('u.csv: empty URL list');
    expect(inputError(() => parseUrlList('link,hash\nx,y\n', 'u.csv'))).toMatch(
      /expected a header with "url" and "sha256"/,
    );
    expect(inputError(() => parseUrlList('url,sha256\nhttps://x.test/a,abc\n', 'u.csv'))).toBe(
      'u.csv: line 2: sha256 must be 64 hex digits',
    );
    expect(
      inputError(() =>
        parseUrlList(`url,sha256\nhttps://x.test/a.png,${sha('a')}\nhttps://x.test/,${sha('b')}\n`, 'u.csv'),
      ),
    ).toMatch(/line 3: the URL names no file/);
    const twice = `url,sha256\nhttps://a.test/x.png,${sha('a')}\nhttps://b.test/x.png,${sha('b')}\n`;
    expect(inputError(() => parseUrlList(twice, 'u.csv'))).toBe(
      'u.csv: line 3: file "x.png" is also named on line 2; add a "file" column',
    );
  });
});
