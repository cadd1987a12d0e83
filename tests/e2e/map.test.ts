// The map (src/ui/map): opened through its bench page (?bench=map) with 20k synthetic points. It
// checks which renderer draws, that points really reach the screen in the label colours, that hover,
// click, rectangle and lasso report the rows a brute-force count over every point expects, that the
// selection dims the rest, and that zoom survives streaming positions. The map draws in a worker
// on an OffscreenCanvas in Chromium (data-render-path says offscreen-…); `map-thread=main` forces
// the main-thread fallback, and a page without transferControlToOffscreen gets it by the capability
// check; either must hover and select the same. (The map as users see it is kept
// as a screenshot by the scanReview test.)
import { decode } from 'fast-png';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';

const N = 20_000;
const TABLEAU10 = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
];

interface MapTest {
  n: number;
  clientOf(row: number): { x: number; y: number } | null;
  rowAt(x: number, y: number): number | null;
  selectedCount(): number;
  flaggedRows(limit?: number): number[];
  clusterSize(row: number): number;
  expectedInClientRect(x0: number, y0: number, x1: number, y1: number): number;
  expectedInClientPolygon(polygon: number[]): number;
  streamPositions(): void;
  drawn(): Promise<number>;
}
interface MapEvents {
  hovers: number;
  lastHover: number | null;
  picks: { row: number | null; shift: boolean; selected: number }[];
  areas: { count: number; mode: 'replace' | 'add'; first: number[] }[];
}

const hooks = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { __mapEvents: MapEvents };
    return JSON.parse(JSON.stringify(g.__mapEvents)) as MapEvents;
  });

async function openBench(app: App, query: string, page = app.page): Promise<void> {
  await page.goto(`${app.url}?bench=map&n=${N}&${query}`);
  const map = page.getByTestId('scatter-map');
  await map.waitFor();
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="scatter-map"]')?.getAttribute('data-renderer'),
  );
  await settled(page);
}

/** Draws the map's current state now, waits for the pixels (a worker's reply), then for the screen. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as { __mapTest: MapTest }).__mapTest.drawn());
  // Two frames: what was drawn (on this thread or in the worker) is composited by then.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Whether the plot's <canvas> has been handed to a worker (its contexts are then out of reach here). */
function transferred(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    try {
      (document.querySelector('[data-testid="scatter-map"] canvas') as HTMLCanvasElement).getContext('2d');
      return false;
    } catch {
      return true;
    }
  });
}

/** Waits until the bench has recorded more than `count` picks or areas. */
async function eventsAfter(page: Page, key: 'picks' | 'areas', count: number): Promise<MapEvents> {
  await page.waitForFunction(
    ([k, c]) => (globalThis as unknown as { __mapEvents: MapEvents }).__mapEvents[k].length > c,
    [key, count] as const,
  );
  return hooks(page);
}

async function plotBox(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.getByTestId('map-hit').boundingBox();
  if (!box) throw new Error('no plot area');
  return box;
}

function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Pixel census of the plot area (legend and button masked out by their boxes). */
async function census(
  page: Page,
): Promise<{ total: number; inked: number; saturated: number; palette: number[] }> {
  const box = await plotBox(page);
  const masks = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="map-legend"], [data-testid="map-reset"]')].map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.left, y: r.top, w: r.width, h: r.height };
    }),
  );
  const png = decode(await page.screenshot({ clip: box }));
  const channels = png.channels;
  const palette = TABLEAU10.map(rgbOf);
  const counts = palette.map(() => 0);
  let total = 0;
  let inked = 0;
  let saturated = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const cx = box.x + x;
      const cy = box.y + y;
      if (masks.some((m) => cx >= m.x - 2 && cx <= m.x + m.w + 2 && cy >= m.y - 2 && cy <= m.y + m.h + 2))
        continue;
      total++;
      const o = (y * png.width + x) * channels;
      const r = png.data[o];
      const g = png.data[o + 1];
      const b = png.data[o + 2];
      if (r < 245 || g < 245 || b < 245) inked++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) saturated++;
      palette.forEach(([pr, pg, pb], i) => {
        if (Math.abs(r - pr) + Math.abs(g - pg) + Math.abs(b - pb) < 24) counts[i]++;
      });
    }
  }
  return { total, inked, saturated, palette: counts };
}

describe('the map', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ build: 'test', viewport: { width: 1280, height: 860 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const drawn: Record<string, number> = {};

  for (const renderer of ['webgl', 'canvas'] as const) {
    it(`draws ${N.toLocaleString('en-US')} points with ${renderer}, in the label colours`, async () => {
      const { page } = app;
      await openBench(app, `renderer=${renderer}`);
      const map = page.getByTestId('scatter-map');
      expect(await map.getAttribute('data-renderer')).toBe(renderer);
      // Chromium draws the map in a worker: the page's <canvas> has handed its control over.
      expect(await map.getAttribute('data-render-path')).toBe(`offscreen-${renderer}`);
      expect(await transferred(page)).toBe(true);
      expect(await map.getAttribute('data-points')).toBe(String(N));
      const c = await census(page);
      drawn[renderer] = c.inked / c.total;
      // Blobs cover part of the plot, not all of it.
      expect(c.inked / c.total).toBeGreaterThan(0.04);
      expect(c.inked / c.total).toBeLessThan(0.7);
      // Every class colour shows up (the poisoned clusters add the target class, T-shirt).
      for (let i = 0; i < 10; i++) expect(c.palette[i], `${TABLEAU10[i]} pixels`).toBeGreaterThan(50);
      // Axes have tick labels, and the legend names the classes.
      expect(await page.locator('.axis .tick').count()).toBeGreaterThan(6);
      await expect(page.getByTestId('map-legend').textContent()).resolves.toContain('Sneaker');
    });
  }

  it('draws the same picture whichever renderer (about the same inked area)', () => {
    expect(drawn.webgl / drawn.canvas).toBeGreaterThan(0.75);
    expect(drawn.webgl / drawn.canvas).toBeLessThan(1.33);
  });

  it("'auto' picks canvas over software WebGL (SwiftShader) and WebGL on a real GPU", async () => {
    const { page } = app;
    await openBench(app, 'renderer=auto');
    const map = page.getByTestId('scatter-map');
    const gl = await page.evaluate(() => {
      const ctx = document.createElement('canvas').getContext('webgl2');
      const info = ctx?.getExtension('WEBGL_debug_renderer_info');
      return ctx && info ? String(ctx.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
    });
    const software = gl === '' || /swiftshader|llvmpipe|softpipe/i.test(gl);
    expect(await map.getAttribute('data-renderer')).toBe(software ? 'canvas' : 'webgl');
    expect(await map.getAttribute('data-render-path')).toBe(
      software ? 'offscreen-canvas' : 'offscreen-webgl',
    );
    console.log(`[e2e] map auto renderer on "${gl}": ${await map.getAttribute('data-renderer')}`);
  });

  for (const [query, path, without] of [
    ['renderer=webgl&colour=suspicion', 'offscreen-webgl', ''],
    // The fallback, forced: the main thread draws and hit-tests as before the worker existed.
    ['renderer=canvas&colour=suspicion&map-thread=main', 'canvas', ''],
    // The fallback a browser without transferControlToOffscreen gets (the capability check).
    ['renderer=canvas&colour=suspicion', 'canvas', 'transferControlToOffscreen'],
  ] as const) {
    const name = without ? `${path}, without ${without}` : path;
    it(`hovering a point shows its card; clicking a flagged point selects its flagged cluster (${name})`, async () => {
      // A page of its own when an API is taken away before the app starts.
      const page = without ? await app.context.newPage() : app.page;
      if (without) {
        await page.addInitScript((api) => {
          delete (HTMLCanvasElement.prototype as unknown as Record<string, unknown>)[api];
        }, without);
      }
      try {
        await hoverAndClick(page, query, path);
      } finally {
        if (without) await page.close();
      }
    });
  }

  /** Hover and click on the bench page opened with `query`, which must draw on `path`. */
  async function hoverAndClick(page: Page, query: string, path: string): Promise<void> {
    await openBench(app, query, page);
    expect(await page.getByTestId('scatter-map').getAttribute('data-render-path')).toBe(path);
    expect(await transferred(page)).toBe(path.startsWith('offscreen'));
    const row = await page.evaluate(() => {
      const t = (globalThis as unknown as { __mapTest: MapTest }).__mapTest;
      // A flagged row with a sizeable cluster, drawn where the pointer will find it.
      return t
        .flaggedRows(200)
        .find((r) => t.clusterSize(r) > 20 && t.rowAt(t.clientOf(r)!.x, t.clientOf(r)!.y) !== null)!;
    });
    const at = await page.evaluate(
      (r) => (globalThis as unknown as { __mapTest: MapTest }).__mapTest.clientOf(r),
      row,
    );
    expect(at).not.toBeNull();
    await page.mouse.move(at!.x - 30, at!.y - 30);
    await page.mouse.move(at!.x, at!.y, { steps: 4 });
    // Hover is resolved on the next animation frame: wait for the row under the pointer.
    const under = await page.evaluate(
      (p) => (globalThis as unknown as { __mapTest: MapTest }).__mapTest.rowAt(p.x, p.y),
      at!,
    );
    expect(under).not.toBeNull();
    await page.waitForFunction(
      (r) => (globalThis as unknown as { __mapEvents: MapEvents }).__mapEvents.lastHover === r,
      under,
    );
    const card = page.getByTestId('map-card');
    await card.waitFor();
    expect(await card.textContent()).toMatch(/suspicion 0\.\d{3}\s*flagged/);
    expect(await card.textContent()).toContain(`row ${under}`);
    const hovered = under;
    expect(await page.locator('.hover-ring').count()).toBe(1);

    await page.mouse.click(at!.x, at!.y);
    const events = await eventsAfter(page, 'picks', 0);
    const pick = events.picks.at(-1)!;
    expect(pick.row).toBe(hovered);
    const expected = await page.evaluate(
      (r) => (globalThis as unknown as { __mapTest: MapTest }).__mapTest.clusterSize(r),
      pick.row!,
    );
    expect(expected).toBeGreaterThan(20);
    expect(pick.selected).toBe(expected);
    await expect(page.getByTestId('scatter-map').getAttribute('data-selected')).resolves.toBe(
      String(expected),
    );
    await page.mouse.move(5, 5); // away: the card goes
    await page.getByTestId('map-card').waitFor({ state: 'detached' });

    // Clicking empty space clears the selection.
    const box = await plotBox(page);
    await page.mouse.click(box.x + 6, box.y + box.height - 6);
    expect((await eventsAfter(page, 'picks', 1)).picks.at(-1)!.row).toBeNull();
    await expect(page.getByTestId('scatter-map').getAttribute('data-selected')).resolves.toBe('0');
  }

  for (const query of ['renderer=canvas', 'renderer=canvas&map-thread=main']) {
    it(`a rectangle drag selects exactly the points inside it and dims the rest (${query})`, async () => {
      const { page } = app;
      await openBench(app, query);
      const before = await census(page);
      await page.getByTestId('tool-rect').click();
      const box = await plotBox(page);
      const [x0, y0, x1, y1] = [
        box.x + box.width * 0.3,
        box.y + box.height * 0.2,
        box.x + box.width * 0.62,
        box.y + box.height * 0.55,
      ];
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, { steps: 5 });
      await page.mouse.move(x1, y1, { steps: 5 });
      expect(await page.locator('path.drag').count()).toBe(1);
      await page.mouse.up();
      expect(await page.locator('path.drag').count()).toBe(0);
      const area = (await eventsAfter(page, 'areas', 0)).areas.at(-1)!;
      const expected = await page.evaluate(
        ([a, b, c, d]) =>
          (globalThis as unknown as { __mapTest: MapTest }).__mapTest.expectedInClientRect(a, b, c, d),
        [x0, y0, x1, y1],
      );
      expect(expected).toBeGreaterThan(100);
      expect(expected).toBeLessThan(N * 0.8);
      expect(area.count).toBe(expected);
      expect(area.mode).toBe('replace');
      await settled(page);
      const after = await census(page);
      // Most colour is gone: only the selected share keeps its saturation.
      expect(after.saturated).toBeLessThan(before.saturated * 0.75);
      expect(after.inked).toBeGreaterThan(before.inked * 0.8); // the dimmed points are still drawn
    });
  }

  it('a lasso selects the points inside the drawn shape; shift adds to the selection', async () => {
    const { page } = app;
    await openBench(app, 'renderer=webgl');
    await page.getByTestId('tool-lasso').click();
    const box = await plotBox(page);
    const polygon = [
      [0.25, 0.15],
      [0.55, 0.1],
      [0.7, 0.45],
      [0.45, 0.4],
      [0.3, 0.7],
    ].flatMap(([fx, fy]) => [box.x + fx * box.width, box.y + fy * box.height]);
    const drawLasso = async (points: number[], shift: boolean) => {
      if (shift) await page.keyboard.down('Shift');
      await page.mouse.move(points[0], points[1]);
      await page.mouse.down();
      for (let i = 2; i <= points.length; i += 2) {
        await page.mouse.move(points[i % points.length], points[(i + 1) % points.length], { steps: 12 });
      }
      await page.mouse.up();
      if (shift) await page.keyboard.up('Shift');
    };
    await drawLasso(polygon, false);
    const first = (await eventsAfter(page, 'areas', 0)).areas.at(-1)!;
    const expected = await page.evaluate(
      (p) => (globalThis as unknown as { __mapTest: MapTest }).__mapTest.expectedInClientPolygon(p),
      polygon,
    );
    expect(expected).toBeGreaterThan(100);
    // The lasso follows the pointer's events, which land on whole pixels: allow a sliver.
    expect(Math.abs(first.count - expected)).toBeLessThanOrEqual(Math.max(3, expected * 0.01));
    expect(first.mode).toBe('replace');

    // A second, disjoint lasso with Shift adds.
    const second = [
      [0.75, 0.6],
      [0.95, 0.6],
      [0.95, 0.95],
      [0.75, 0.95],
    ].flatMap(([fx, fy]) => [box.x + fx * box.width, box.y + fy * box.height]);
    await drawLasso(second, true);
    const added = (await eventsAfter(page, 'areas', 1)).areas.at(-1)!;
    expect(added.mode).toBe('add');
    const selected = await page.evaluate(() =>
      (globalThis as unknown as { __mapTest: MapTest }).__mapTest.selectedCount(),
    );
    expect(selected).toBe(first.count + added.count);
  });

  it('wheel zoom and pan move the axes; streaming positions keep the view; reset view refits', async () => {
    const { page } = app;
    await openBench(app, 'renderer=canvas');
    const ticks = () => page.locator('.axis').first().locator('.tick text').allTextContents();
    const initial = await ticks();
    const box = await plotBox(page);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
    await page.waitForFunction((t) => {
      const now = [...document.querySelectorAll('.axis')][0]?.querySelectorAll('.tick text');
      return now && [...now].map((e) => e.textContent).join() !== t;
    }, initial.join());
    const zoomed = await ticks();
    expect(zoomed).not.toEqual(initial);

    // Drag to pan (the pan tool is the default).
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    const panned = await ticks();
    expect(panned).not.toEqual(zoomed);

    // The layout streams new positions: the view stays where the user put it.
    await page.evaluate(() => (globalThis as unknown as { __mapTest: MapTest }).__mapTest.streamPositions());
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await ticks()).toEqual(panned);

    await page.getByTestId('map-reset').click();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    const reset = await ticks();
    expect(reset.length).toBeGreaterThan(3);
    expect(reset).not.toEqual(panned);
    // The data were nudged by ≤ 0.05, so the refit axis ends up where it started.
    expect(reset).toEqual(initial);
  });

  it('has no console or page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
