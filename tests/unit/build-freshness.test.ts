import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBuild } from '../../scripts/build-freshness';

describe('staleBuild (the browser tests and page benches refuse or rebuild an old build)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-freshness-'));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, secondsAgo: number) => {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, rel);
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(p, t, t);
  };

  it('says missing, then fresh, then names the source edited after the build', () => {
    write('src/ui/App.svelte', 100);
    write('workers/engine.worker.ts', 90);
    write('vite.config.ts', 200);
    expect(staleBuild(root, 'dist')).toBe('dist/ is missing');
    write('dist/index.html', 50);
    expect(staleBuild(root, 'dist')).toBeNull();
    // Files outside what a build is made of do not count.
    write('tests/e2e/demo.test.ts', 10);
    write('README.md', 10);
    expect(staleBuild(root, 'dist')).toBeNull();
    write('src/core/detect/spectral.ts', 10);
    expect(staleBuild(root, 'dist')).toBe(
      `dist/ is older than ${path.join('src', 'core', 'detect', 'spectral.ts')}`,
    );
  });
});
