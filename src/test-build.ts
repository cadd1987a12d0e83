// What only the test build (`npm run build:test`, i.e. `vite build --mode test`, into dist-test/)
// and the dev server carry: main.ts imports this module behind `import.meta.env.MODE === 'test' ||
// import.meta.env.DEV`, so the product build (dist/, precached by the service worker) has none of
// it; tests/e2e/dist.test.ts checks.
//   - `globalThis.assay = { session }` (and `assay.map`, set by MapPanel): a handle for the
//     end-to-end tests and benches, e.g. assay.session.matmulCheck('wasm').
//   - `?bench=map`: the map benchmark/test page (bench/map.ts, tests/e2e/map.test.ts), with its
//     hooks on globalThis.__mapTest / __mapEvents / __mapBench.
//   - `?preview=panels`: the inspection panels with made-up data (tests/e2e/panels.test.ts), with
//     its hooks on globalThis.__panels.
import { mount } from 'svelte';
import { session } from './state/session.svelte';

/** Installs the test hooks; mounts the bench or preview page the URL asks for and says whether it did. */
export async function mountTestPage(target: HTMLElement): Promise<boolean> {
  (globalThis as { assay?: unknown }).assay = { session };
  const params = new URLSearchParams(location.search);
  if (params.get('bench') === 'map') {
    const { default: MapBench } = await import('./ui/map/MapBench.svelte');
    mount(MapBench, { target });
    return true;
  }
  if (params.get('preview') === 'panels') {
    const { default: PanelsPreview } = await import('./ui/PanelsPreview.svelte');
    mount(PanelsPreview, { target });
    return true;
  }
  return false;
}
