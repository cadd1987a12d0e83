// The product ships the product. dist/ (`npm run build`: what `npm start` serves and what the
// offline service worker precaches) has no map bench page, no panels preview and no test hook;
// those live only in the test build, dist-test/ (`npm run build:test`, src/test-build.ts). Every
// marker below is also looked for in dist-test/, where it must be found, so a marker that the
// minifier rewrote cannot pass here by matching nothing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBuilt } from './harness';

/** What only the test build may contain: in file names or in file contents. */
const MARKERS: [string, RegExp][] = [
  ['the map bench page', /MapBench/],
  ['the panels preview page', /PanelsPreview/],
  ['the test-build module', /test-build|mountTestPage/],
  ['the ?bench=map route', /["'`]bench["'`]\)\s*===?\s*["'`]map["'`]/],
  ['the ?preview=panels route', /["'`]preview["'`]\)\s*===?\s*["'`]panels["'`]/],
  ['the globalThis.assay hook', /globalThis\.assay\b/],
  ['the map bench hooks', /__mapTest|__mapEvents|__mapBench/],
  ['the panels preview hook', /__panels/],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every text file of a build (relative path → contents); binaries (wasm, arrow, png) by name only. */
function readBuild(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of filesUnder(dir)) {
    const rel = relative(dir, path).split(sep).join('/');
    out.set(rel, /\.(js|mjs|css|html|json|txt|svg|webmanifest)$/.test(rel) ? readFileSync(path, 'utf8') : '');
  }
  return out;
}

/** Which markers a build shows, each with the first file that shows it. */
function markersIn(build: Map<string, string>): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name, re] of MARKERS) {
    for (const [file, text] of build) {
      if (re.test(file) || re.test(text)) {
        found[name] = file;
        break;
      }
    }
  }
  return found;
}

/** The URLs the service worker precaches (the FILES list that scripts/offline-sw.ts writes). */
function precacheOf(dir: string): string[] {
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const m = /^const FILES = (\[.*\]);$/m.exec(sw);
  if (!m) throw new Error(`${dir}/sw.js has no FILES list`);
  return JSON.parse(m[1]) as string[];
}

describe('the product build', () => {
  const dist = ensureBuilt('product');
  const distTest = ensureBuilt('test');
  const product = readBuild(dist);
  const test = readBuild(distTest);

  it('the test build has every test-only marker (so the search finds them where they are)', () => {
    expect(Object.keys(markersIn(test)).sort()).toEqual(MARKERS.map(([name]) => name).sort());
  });

  it('contains no bench or preview page and no test hook', () => {
    expect(product.size).toBeGreaterThan(5);
    expect(markersIn(product)).toEqual({});
    // The bench and preview chunks of the test build have no counterpart in the product.
    const chunks = [...product.keys()].filter((f) => f.startsWith('assets/') && f.endsWith('.js'));
    expect(chunks.some((f) => /^assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    for (const f of chunks) expect(f).not.toMatch(/MapBench|PanelsPreview|test-build/);
  });

  it('precaches exactly its own files, none of them a bench, preview or test chunk', () => {
    const urls = precacheOf(dist);
    const files = [...product.keys()].filter((f) => f !== 'sw.js').sort();
    expect(urls[0]).toBe('./');
    expect(
      urls
        .slice(1)
        .map((u) => u.slice(2))
        .sort(),
    ).toEqual(files);
    for (const u of urls) {
      expect(u).not.toMatch(/MapBench|PanelsPreview|test-build/);
      if (u !== './') expect(existsSync(join(dist, u))).toBe(true);
    }
    // The test build's own precache does name them: the list is not blind to them.
    expect(precacheOf(distTest).some((u) => /MapBench/.test(u))).toBe(true);
  });
});
