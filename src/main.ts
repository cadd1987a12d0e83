import { mount } from 'svelte';
import App from './ui/App.svelte';
import { prepareMap } from './ui/map/prepare';
import './ui/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// The test build (`npm run build:test` → dist-test/) and the dev server (`npm run dev`) add the
// test hooks and the ?bench=map and ?preview=panels pages (src/test-build.ts). In the product build
// MODE is 'production' and DEV false, so the branch is dead and the module is never bundled.
const testPage =
  (import.meta.env.MODE === 'test' || import.meta.env.DEV) &&
  (await (await import('./test-build')).mountTestPage(target));
if (!testPage) {
  mount(App, { target });
  prepareMap();
}

// Offline: the built app registers the service worker that precaches it (scripts/offline-sw.ts).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((e: unknown) => {
    console.warn(`offline cache unavailable: ${e instanceof Error ? e.message : String(e)}`);
  });
}
