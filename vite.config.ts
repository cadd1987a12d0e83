import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { offlineServiceWorker } from './scripts/offline-sw';

// The app is fully static: everything (wasm binaries included) is served from its own origin.
export default defineConfig({
  plugins: [svelte(), offlineServiceWorker()],
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, sourcemap: false },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
