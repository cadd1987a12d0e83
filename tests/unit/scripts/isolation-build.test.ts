// The build pieces behind cross-origin isolation and wasm threads: the service worker rebuilds what
// it answers with the isolation headers, and the threaded tfjs-wasm factory survives bundling.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, serviceWorkerSource } from '../../../scripts/offline-sw';
import { patchThreadedBuild } from '../../../scripts/tfjs-wasm-threads';

describe('offline service worker', () => {
  it('answers with the isolation headers added to the cached response', async () => {
    const source = serviceWorkerSource('v1', ['./']);
    const listeners: Record<string, (event: unknown) => void> = {};
    const cached = new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
    const self = {
      location: { origin: 'http://127.0.0.1:1' },
      addEventListener: (name: string, fn: (event: unknown) => void) => (listeners[name] = fn),
    };
    const caches = { open: () => Promise.resolve({ match: () => Promise.resolve(cached.clone()) }) };
    runInNewContext(source, {
      self,
      caches,
      Headers,
      Response,
      URL,
      Promise,
      fetch: () => Promise.reject(new Error('offline')),
    });
    let answered: Promise<Response> | undefined;
    listeners.fetch({
      request: { method: 'GET', url: 'http://127.0.0.1:1/?demo' },
      respondWith: (p: Promise<Response>) => (answered = p),
    });
    const response = await answered!;
    for (const [name, value] of Object.entries(ISOLATION_HEADERS))
      expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toBe('<!doctype html>');
  });

  it('sends COOP same-origin and COEP require-corp', () => {
    expect(ISOLATION_HEADERS['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(ISOLATION_HEADERS['Cross-Origin-Embedder-Policy']).toBe('require-corp');
  });
});

describe('threaded tfjs-wasm factory', () => {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const original = readFileSync(file, 'utf8');

  it('declares its own _scriptDir, so its text runs without the enclosing scope', () => {
    const patched = patchThreadedBuild(original);
    // What tfjs hands the pthread workers: the inner factory's text, on its own.
    const mod: { exports: unknown } = { exports: {} };
    runInNewContext(patched, { module: mod, exports: mod.exports });
    const text = String(mod.exports);
    expect(text).toMatch(/^function\(WasmBackendModuleThreadedSimd\) \{\n.*\nvar _scriptDir = /);
  });

  it('sizes the pthread pool and the core count from navigator.hardwareConcurrency', () => {
    const patched = patchThreadedBuild(original);
    expect(patched).not.toContain('var pthreadPoolSize=8;');
    expect(patched).toContain('return 2*Math.max(1,Math.min(8,');
  });

  it('fails loudly when tfjs changes the file', () => {
    expect(() => patchThreadedBuild('var x = 1;')).toThrow(/changed shape/);
  });
});
