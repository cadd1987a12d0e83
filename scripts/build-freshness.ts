// Whether a build folder (dist/, dist-test/) is older than the sources it is built from. The
// browser tests and the page benches open a build; one left from before an edit tests old code
// and passes or measures it silently (it happened: an e2e run against a dist/ from before the
// change under test).
import fs from 'node:fs';
import path from 'node:path';

/** What a build is made of (the vite config imports the two scripts). */
const SOURCES = [
  'src',
  'workers',
  'index.html',
  'vite.config.ts',
  'svelte.config.js',
  'package-lock.json',
  'scripts/offline-sw.ts',
  'scripts/tfjs-wasm-threads.ts',
];

function newestUnder(p: string, best: { file: string; ms: number }): void {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p)) newestUnder(path.join(p, name), best);
  } else if (st.mtimeMs > best.ms) {
    best.file = p;
    best.ms = st.mtimeMs;
  }
}

/**
 * Null when `outDir` (relative to `root`) holds a build at least as new as every source file;
 * else why not ("missing", or the newest source file that is newer than the build).
 */
export function staleBuild(root: string, outDir: string): string | null {
  const built = fs.statSync(path.join(root, outDir, 'index.html'), { throwIfNoEntry: false });
  if (!built) return `${outDir}/ is missing`;
  const newest = { file: '', ms: -Infinity };
  for (const s of SOURCES) newestUnder(path.join(root, s), newest);
  return newest.ms > built.mtimeMs ? `${outDir}/ is older than ${path.relative(root, newest.file)}` : null;
}
