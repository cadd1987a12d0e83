// Shared browser-test harness: serves a built app with `vite preview` on a free port, drives
// Debian's Chromium through playwright-core, records console errors, page errors and every network
// request, and tears it all down.
//
// Two builds (vite.config.ts): the product, dist/ (`npm run build`), which the shell, offline and
// demo tests open, so what users get is what is tested for privacy and offline use; and the test
// build, dist-test/ (`npm run build:test`), the same app plus the test hooks (globalThis.assay) and
// the ?bench=map and ?preview=panels pages, for the tests that need those.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { staleBuild } from '../../scripts/build-freshness';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

export interface App {
  /** Origin of the preview server, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The app's start URL (origin + '/'). */
  url: string;
  context: BrowserContext;
  page: Page;
  /** console.error messages and uncaught page/worker errors, in order. */
  errors: string[];
  /** Every request URL the page and its workers made. */
  requests: string[];
  /** Opens the app (optionally with a query such as '?demo') and waits for the shell. */
  open(query?: string): Promise<void>;
  close(): Promise<void>;
}

export function repoRoot(): string {
  return process.cwd();
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Which build a test opens: the product (dist/) or the test build with hooks (dist-test/). */
export type Build = 'product' | 'test';

const BUILDS: Record<Build, { dir: string; command: string }> = {
  product: { dir: 'dist', command: 'npx vite build' },
  test: { dir: 'dist-test', command: 'npx vite build --mode test' },
};

/**
 * The environment for a build started from a test: without vitest's NODE_ENV=test and VITEST*
 * variables, which made `vite build` put the test-only pages into the product build.
 */
function buildEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && k !== 'TEST' && !k.startsWith('VITEST')),
  );
}

/**
 * The folder of a build, built when it is missing or older than the sources (`npm test` builds
 * both just before the browser tests, so there it is never rebuilt).
 */
export function ensureBuilt(build: Build = 'product'): string {
  const { dir, command } = BUILDS[build];
  const out = resolve(repoRoot(), dir);
  const stale = staleBuild(repoRoot(), dir);
  if (stale) {
    console.warn(`[e2e] ${stale}: ${command}`);
    execSync(command, { cwd: repoRoot(), stdio: 'inherit', env: buildEnv() });
  }
  return out;
}

/**
 * Builds the app with tests/e2e/fake/pipeline.ts in place of the engine's pipeline, into a
 * temporary folder; returns that folder (for startApp's `dist`).
 */
export function buildWithFakePipeline(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'assay-fake-dist-'));
  execSync(
    `npx vite build --config tests/e2e/fake/vite.config.ts --outDir ${JSON.stringify(outDir)} --emptyOutDir`,
    {
      cwd: repoRoot(),
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return outDir;
}

/**
 * Serves a build and opens Chromium on it: `build` picks the product (default) or the test build;
 * `dist` serves another folder (e.g. buildWithFakePipeline's).
 */
export async function startApp(
  opts: { viewport?: { width: number; height: number }; dist?: string; build?: Build } = {},
): Promise<App> {
  const outDir = opts.dist ?? ensureBuilt(opts.build);
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: repoRoot(),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const origin = `http://127.0.0.1:${port}`;
  const profile = mkdtempSync(join(tmpdir(), 'assay-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.ASSAY_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1280, height: 800 },
    });
  } catch (e) {
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const errors: string[] = [];
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('worker', (w) => {
    w.on('console', (m) => {
      if (m.type() === 'error') errors.push(`worker console: ${m.text()}`);
    });
  });

  return {
    origin,
    url: `${origin}/`,
    context,
    page,
    errors,
    requests,
    async open(query = '') {
      await page.goto(`${origin}/${query}`);
      await page.getByRole('heading', { name: 'Assay' }).waitFor();
    },
    async close() {
      await context.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the backend badge names the backend in use and returns it. */
export async function waitForBackend(page: Page, timeout = 60_000): Promise<string> {
  const name = page.getByTestId('backend-name');
  await name.waitFor({ timeout });
  return (await name.textContent())?.trim() ?? '';
}

/**
 * Starts recording whether an element matching `selector` ever appears (even briefly); returns a
 * function that reports it. Useful for progress that may come and go faster than a poll.
 */
export async function watchFor(page: Page, selector: string): Promise<() => Promise<boolean>> {
  const key = `__seen_${Math.random().toString(36).slice(2)}`;
  await page.evaluate(
    ({ selector, key }) => {
      const g = globalThis as unknown as Record<string, boolean>;
      g[key] = document.querySelector(selector) !== null;
      const obs = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          g[key] = true;
          obs.disconnect();
        }
      });
      obs.observe(document.body, { childList: true, subtree: true });
    },
    { selector, key },
  );
  return () => page.evaluate((key) => (globalThis as unknown as Record<string, boolean>)[key] === true, key);
}

/**
 * The few important views leave a screenshot for people to look at, at
 * test-results/screenshots/assay-NAME.png (git-ignored), and only once the DOM the view must show
 * is there: every test id in `mustShow` visible and no error banner. (The tests assert what they
 * show; a picture nobody opens is not kept.)
 */
export async function keepView(
  page: Page,
  name: string,
  mustShow: string[],
  opts: { fullPage?: boolean } = {},
): Promise<void> {
  for (const id of mustShow) {
    expect(await page.getByTestId(id).first().isVisible(), `${name}: [data-testid=${id}] is shown`).toBe(
      true,
    );
  }
  expect(await page.getByTestId('error-banner').count(), `${name}: no error banner`).toBe(0);
  const dir = resolve('test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `assay-${name}.png`), fullPage: opts.fullPage ?? false });
}

/**
 * Starts the built app (the product unless `build` says 'test') in Chromium before a file's tests
 * (backend chosen) and closes it after. Returns a getter, since the app exists only once beforeAll
 * has run.
 */
export function useApp(build: Build = 'product'): () => App {
  let app: App | undefined;
  beforeAll(async () => {
    app = await startApp({ build });
    await app.open();
    await waitForBackend(app.page);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the app is not started yet');
    return app;
  };
}
