#!/usr/bin/env node
// Installs what `npm start` / `npm test` need on a fresh clone: npm packages when node_modules is
// missing or older than package-lock.json, and (with --browser) Debian's chromium when absent and
// apt is available. Never downloads a browser of Playwright's own.
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const run = (cmd) => execSync(cmd, { stdio: 'inherit' });
const stamp = 'node_modules/.package-lock.json';
const lockTime = fs.existsSync('package-lock.json') ? fs.statSync('package-lock.json').mtimeMs : 0;
if (!fs.existsSync(stamp) || fs.statSync(stamp).mtimeMs < lockTime) {
  console.error('[assay] installing npm packages (npm ci)…');
  run('npm ci --no-audit --no-fund');
}

if (process.argv.includes('--browser')) {
  const chromium = process.env.ASSAY_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(chromium)) {
    let hasApt;
    try {
      execSync('command -v apt-get', { stdio: 'ignore' });
      hasApt = true;
    } catch {
      hasApt = false;
    }
    if (!hasApt) {
      console.error(
        `[assay] ${chromium} is missing and apt-get is not available: install Chromium and set ASSAY_CHROMIUM`,
      );
      process.exit(1);
    }
    const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
    console.error("[assay] installing Debian's chromium for the browser tests…");
    run(
      `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`,
    );
  }
}
