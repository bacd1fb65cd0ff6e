// Records a HAR of a real login in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
// tests/peers), the way an admin would export one from the developer tools after signing in:
//   node record-login-har.mjs --peers <tests/peers> --login <app login URL> --har <out.har> [--then <URL>]... [--chromium PATH]
// Opens the login URL in a fresh profile, lets the app and the environment redirect it through sign-in, then opens
// each --then URL (for example the protected API), closes the context so Playwright writes the HAR, and prints one
// JSON line: the final URL, the pages' statuses and how many entries the HAR holds. Cookie values are never printed.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const args = { then: [] };
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i].replace(/^--/, '');
  if (name === 'then') { args.then.push(argv[i + 1]); } else { args[name] = argv[i + 1]; }
}
if (!args.login || !args.har) {
  console.error('usage: node record-login-har.mjs --peers <dir> --login <URL> --har <file> [--then <URL>]... [--chromium PATH]');
  process.exit(2);
}
const executablePath = args.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium is not installed at ${executablePath}. Debian: apt-get install chromium`);
  process.exit(3);
}

const require = createRequire(join(resolve(args.peers ?? join(here, '../peers')), 'package.json'));
const { chromium } = require('playwright-core');

// A fresh profile, and the flags this machine needs (no sandbox as root; no background traffic on a closed network).
const profile = mkdtempSync(join(tmpdir(), 'skr-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  ignoreHTTPSErrors: true, // the test deployment's certificate comes from a throwaway CA
  recordHar: { path: resolve(args.har), content: 'embed' },
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  const statuses = [];
  const login = await page.goto(args.login, { waitUntil: 'load' });
  statuses.push({ url: page.url(), status: login?.status() ?? 0 });
  for (const url of args.then) {
    const response = await page.goto(url, { waitUntil: 'load' });
    statuses.push({ url: page.url(), status: response?.status() ?? 0 });
  }
  const cookieNames = (await context.cookies()).map((c) => c.name).sort();
  await context.close();
  const har = JSON.parse(readFileSync(resolve(args.har), 'utf8'));
  console.log(JSON.stringify({
    pages: statuses,
    cookieNames,
    entries: har.log.entries.length,
    creator: har.log.creator,
    browser: har.log.browser ?? null,
  }));
} finally {
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
