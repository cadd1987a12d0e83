#!/usr/bin/env node
// `npm start` runs `vite build` and then this: serves dist/ with `vite preview` on 127.0.0.1
// (port from PORT, default 4173) and says where to point the browser. vite preview reads
// vite.config.ts, whose preview.headers make the page cross-origin isolated (COOP/COEP).
import { existsSync } from 'node:fs';
import { preview } from 'vite';

const host = '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`[assay] PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(1);
}
if (!existsSync('dist/index.html')) {
  console.error('[assay] dist/ is missing: run `npx vite build` first (npm start does it for you)');
  process.exit(1);
}

let server;
try {
  server = await preview({ logLevel: 'warn', preview: { host, port, strictPort: true, open: false } });
} catch (e) {
  const reason =
    e && typeof e === 'object' && 'code' in e && e.code === 'EADDRINUSE'
      ? `port ${port} is in use (set PORT)`
      : String(e?.message ?? e).split('\n')[0];
  console.error(`[assay] could not start the server: ${reason}`);
  process.exit(1);
}
const addr = server.httpServer.address();
const actual = addr && typeof addr === 'object' ? addr.port : port;
console.log(`Assay is running at http://${host}:${actual}/?demo (demo dataset) — Ctrl+C to stop`);

const stop = () => {
  server.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
