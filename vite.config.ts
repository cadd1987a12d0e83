import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { ISOLATION_HEADERS, offlineServiceWorker } from './scripts/offline-sw.ts';
import { tfjsWasmThreads } from './scripts/tfjs-wasm-threads.ts';

// The app is fully static: everything (wasm binaries included) is served from its own origin.
//
// Two builds: `vite build` is the product (dist/, what `npm start` serves and the service worker
// precaches); `vite build --mode test` (`npm run build:test`) writes dist-test/, the same app plus
// what only the tests and benches use: the map bench page (?bench=map), the panels preview
// (?preview=panels) and the test hooks on globalThis (src/test-build.ts). The product contains
// none of them; tests/e2e/dist.test.ts checks.
//
// Every server (dev, preview: `npm start`, the browser tests and benches, which start vite preview
// with this file) sends ISOLATION_HEADERS, and the offline service worker adds them to what it answers
// from its cache: the page and its workers are cross-origin isolated, so SharedArrayBuffer exists
// and the wasm backend can run its threaded build (src/core/model/backend.ts).
export default defineConfig(({ mode }) => ({
  plugins: [tfjsWasmThreads(), svelte(), offlineServiceWorker()],
  base: './',
  // Workers are bundled with their own plugin list: the engine worker is where tfjs-wasm runs.
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    outDir: mode === 'test' ? 'dist-test' : 'dist',
  },
  server: { host: '127.0.0.1', port: 5173, headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', port: 4173, headers: ISOLATION_HEADERS },
}));
