// What the page benches share: a vite preview of the test build (dist-test, which carries the
// globalThis.assay hook), Debian's Chromium on a fresh profile, a dataset served from disk on the
// app's origin, the waiting for the page's backend, and the renderer process's memory from /proc.
// bench/scan.ts, map-offscreen.ts, map-settle.ts, page-budget.ts and million.ts use it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { staleBuild } from '../scripts/build-freshness';
import { CHROMIUM_ARGS, freePort } from './common';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export interface PreviewServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves dist-test with vite preview. `headers`: 'config' takes vite.config.ts's (isolation on);
 * 'isolated' and 'none' serve without the config file, with exactly those headers.
 */
export async function servePreview(
  headers: 'config' | 'isolated' | 'none' = 'config',
): Promise<PreviewServer> {
  // A build from before the last edit would be measured silently.
  const stale = staleBuild(process.cwd(), 'dist-test');
  if (stale) throw new Error(`${stale}: run \`npm run build:test\` first`);
  const { preview } = await import('vite');
  const port = await freePort();
  const server = await preview({
    ...(headers === 'config' ? {} : { configFile: false as const, base: './' }),
    logLevel: 'warn',
    build: { outDir: 'dist-test' },
    preview: {
      host: '127.0.0.1',
      port,
      strictPort: true,
      open: false,
      ...(headers === 'isolated' ? { headers: ISOLATION_HEADERS } : {}),
    },
  });
  return { origin: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

export interface BrowserRun {
  context: BrowserContext;
  page: Page;
  /** The profile folder: the renderer processes carry it in their command lines (rendererPids). */
  profile: string;
  /** Page errors and console errors seen so far. */
  errors: string[];
}

/**
 * Runs `job` in a fresh Chromium profile (no service workers: the app's offline worker would
 * answer the data request before page.route could), closing and removing it afterwards.
 */
export async function withChromium<T>(
  job: (run: BrowserRun) => Promise<T>,
  opts: { initScript?: string; args?: string[] } = {},
): Promise<T> {
  const { chromium } = await import('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-bench-page-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.ASSAY_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    serviceWorkers: 'block',
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
    viewport: { width: 1280, height: 800 },
  });
  const errors: string[] = [];
  try {
    if (opts.initScript) await context.addInitScript(opts.initScript);
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return await job({ context, page, profile, errors });
  } finally {
    await context.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Serves `file` at `<origin>__bench__/<name>` from disk (same origin, so the page may fetch it). */
export async function routeData(page: Page, origin: string, file: string): Promise<string> {
  const url = `${origin}__bench__/${path.basename(file)}`;
  await page.route(url, (route) =>
    route.fulfill({
      path: file,
      contentType: 'application/octet-stream',
      headers: { 'Cross-Origin-Resource-Policy': 'same-origin' },
    }),
  );
  return url;
}

/** Opens the app (with `query`, no leading '?') and waits for the test hook. */
export async function openApp(page: Page, origin: string, query = ''): Promise<void> {
  await page.goto(`${origin}${query ? `?${query}` : ''}`);
  await page.waitForFunction(() => (globalThis as { assay?: unknown }).assay !== undefined);
}

/**
 * Page-side text (evaluated as a function body's prelude): waits for the backend the page picks
 * on start, then switches to wasm unless told otherwise — a second pick while the first runs
 * could race it.
 */
export const WAIT_FOR_WASM = `
  const session = globalThis.assay.session;
  const waitStart = performance.now();
  while ((session.backendBusy || !session.backend) && performance.now() - waitStart < 60000)
    await new Promise((r) => setTimeout(r, 100));
  if (!session.backend || session.backend.backend !== 'wasm') await session.selectBackend('wasm');
`;

/** Records the main thread's long tasks from the page's start in globalThis.__longTasks (an init script). */
export const LONG_TASKS = `(() => {
  const tasks = (globalThis.__longTasks = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
})()`;

/** Pids of the renderer processes of the Chromium using `profile` (Linux; [] elsewhere). */
export function rendererPids(profile: string): number[] {
  const pids: number[] = [];
  try {
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let cmd: string;
      try {
        // Chromium rewrites its children's command lines into one space-separated string.
        cmd = ` ${fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')} `;
      } catch {
        continue; // gone
      }
      if (cmd.includes(' --type=renderer ') && cmd.includes(` --user-data-dir=${profile} `))
        pids.push(Number(pid));
    }
  } catch {
    // not Linux
  }
  return pids;
}

/** VmHWM (peak) or VmRSS (now) of a process in MB; null when it is gone or off Linux. */
export function processMb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * Largest peak RSS among the profile's renderer processes, in MB: the page's renderer holds its
 * main thread and its dedicated workers, the engine's heap and wasm memory included.
 */
export function rendererPeakMb(profile: string): number | null {
  const peaks = rendererPids(profile).map((pid) => processMb(pid, 'VmHWM') ?? 0);
  return peaks.length ? Math.max(...peaks) : null;
}

/** Samples the largest renderer's RSS every `everyMs` until stopped: where in a run the peak is. */
export function sampleRendererRss(profile: string, everyMs = 250) {
  const t0 = performance.now();
  const samples: { ms: number; mb: number }[] = [];
  const timer = setInterval(() => {
    const now = rendererPids(profile).map((pid) => processMb(pid, 'VmRSS') ?? 0);
    if (now.length) samples.push({ ms: Math.round(performance.now() - t0), mb: Math.max(...now) });
  }, everyMs);
  return {
    t0,
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}
