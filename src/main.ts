import { mount } from 'svelte';
import App from './ui/App.svelte';
import { session } from './state/session.svelte';
import { prepareMap } from './ui/map/prepare';
import './ui/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// `?bench=map` opens the map benchmark/test page instead of the app (bench/map.ts, tests/e2e/map.test.ts).
if (new URLSearchParams(location.search).get('bench') === 'map') {
  const { default: MapBench } = await import('./ui/map/MapBench.svelte');
  mount(MapBench, { target });
} else if (new URLSearchParams(location.search).get('preview') === 'panels') {
  // `?preview=panels` shows the inspection panels with made-up data (tests/e2e/panels.test.ts).
  const { default: PanelsPreview } = await import('./ui/PanelsPreview.svelte');
  mount(PanelsPreview, { target });
} else {
  mount(App, { target });
  prepareMap();
}

// A handle for the browser console and the end-to-end tests (e.g. assay.session.matmulCheck('wasm')).
(globalThis as { assay?: unknown }).assay = { session };

// Offline: the built app registers the service worker that precaches it (scripts/offline-sw.ts).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    console.warn(`offline cache unavailable: ${e instanceof Error ? e.message : String(e)}`);
  });
}
