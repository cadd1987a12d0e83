// What the bench scripts share: their flags, rounding, peak memory, a free port, Chromium's flags.
import fs from 'node:fs';
import { createServer } from 'node:net';

/** The value after `--name` on the command line, if any. */
export const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

export const round = (v: number, digits = 0) => Number(v.toFixed(digits));

/**
 * Peak resident memory of this process in MB. On Linux VmHWM (the high-water mark of this
 * address space): getrusage's maxRSS survives exec, so a child would inherit the parent's peak.
 */
export const peakRssMb = () => {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
};

/** A TCP port free on 127.0.0.1 just now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The browser tests' flags (tests/e2e/harness.ts), repeated here so the benches need no vitest. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];
