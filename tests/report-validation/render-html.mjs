// Renders an HTML report in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
// tests/peers), as a person would see and use it, and prints what it found as one JSON line:
//   node render-html.mjs --peers <tests/peers> --file report.html --screenshot screen.png --print-screenshot print.png
//        [--filter TEXT] [--find TEXT] [--chromium /usr/bin/chromium]
// Facts: the counts the page shows (cards, by section, by severity), the rows and their statuses, every request
// the page tried (it must try none), console and CSP errors, whether an injected script ran, the rows left by a
// filter, the order after clicking a column, how many detail rows print, and whether the page shows --find as text.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, index, all) => (index % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[index + 1]]] : pairs), []),
);
if (!args.file || !args.screenshot || !args['print-screenshot']) {
  console.error('usage: node render-html.mjs --peers <dir> --file <report.html> --screenshot <png> --print-screenshot <png> [--filter TEXT] [--find TEXT] [--chromium PATH]');
  process.exit(2);
}
const executablePath = args.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`Chromium is not installed at ${executablePath}. Debian: apt-get install chromium`);
  process.exit(3);
}

const require = createRequire(join(resolve(args.peers ?? join(here, '../peers')), 'package.json'));
const { chromium } = require('playwright-core');

// The flags this machine needs (no sandbox as root; no background traffic on a closed network).
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const fileUrl = pathToFileURL(resolve(args.file)).href;
  const requests = [];
  const consoleErrors = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === fileUrl) {
      return route.continue();
    }
    requests.push(url);
    return route.abort();
  });
  page.on('console', (message) => { if (message.type() === 'error') { consoleErrors.push(message.text()); } });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  await page.goto(fileUrl, { waitUntil: 'load' });
  const facts = await page.evaluate(() => {
    const number = (el) => Number(el.textContent.trim());
    const cards = {};
    document.querySelectorAll('#summary .card').forEach((card) => { cards[card.dataset.status] = number(card.querySelector('.count')); });
    const matrix = (id, key) => {
      const result = {};
      document.querySelectorAll(`#${id} td`).forEach((td) => {
        (result[td.getAttribute(key)] ??= {})[td.dataset.status] = number(td);
      });
      return result;
    };
    const rows = Array.from(document.querySelectorAll('#results tbody.finding'));
    const statuses = {};
    rows.forEach((row) => { statuses[row.dataset.status] = (statuses[row.dataset.status] ?? 0) + 1; });
    return {
      title: document.title,
      scriptRan: document.documentElement.classList.contains('js'),
      injected: typeof window.__xss !== 'undefined',
      verdict: document.getElementById('verdict').textContent.trim(),
      cards,
      bySection: matrix('by-section', 'data-section'),
      bySeverity: matrix('by-severity', 'data-severity'),
      rows: rows.length,
      rowStatuses: statuses,
      shown: number(document.getElementById('shown-count')),
      openDetails: rows.filter((r) => getComputedStyle(r.querySelector('tr.detail')).display !== 'none').length,
    };
  });
  await page.screenshot({ path: args.screenshot, fullPage: true });

  // Filter by text, then by status, as a person would type and pick.
  const filterText = args.filter ?? '';
  await page.fill('#filter', filterText);
  const filtered = await page.evaluate(() => Number(document.getElementById('shown-count').textContent));
  const filteredVisible = await page.locator('#results tbody.finding:visible').count();
  await page.fill('#filter', '');
  await page.selectOption('#filter-status', 'Failed').catch(() => {});
  const failedShown = await page.evaluate(() => Number(document.getElementById('shown-count').textContent));
  await page.selectOption('#filter-status', '');

  // Sort by Check (ascending, then descending).
  await page.click('#results th[data-key=check] button');
  const ascending = await page.$$eval('#results tbody.finding', (rows) => rows.map((r) => r.dataset.sortCheck));
  const ariaSort = await page.getAttribute('#results th[data-key=check]', 'aria-sort');
  await page.click('#results th[data-key=check] button');
  const descending = await page.$$eval('#results tbody.finding', (rows) => rows.map((r) => r.dataset.sortCheck));

  // Expanded, the page shows the text a person should read (for example a reason holding markup, as text).
  await page.click('#expand-all');
  const found = args.find ? await page.evaluate((text) => document.body.innerText.includes(text), args.find) : null;

  // Collapse everything on screen; print must still show every detail.
  await page.click('#collapse-all');
  const collapsedOnScreen = await page.$$eval('#results tr.detail', (rows) => rows.filter((r) => getComputedStyle(r).display !== 'none').length);
  await page.emulateMedia({ media: 'print' });
  const printedDetails = await page.$$eval('#results tr.detail', (rows) => rows.filter((r) => getComputedStyle(r).display !== 'none').length);
  const printedControls = await page.$$eval('.controls', (els) => els.filter((e) => getComputedStyle(e).display !== 'none').length);
  await page.screenshot({ path: args['print-screenshot'], fullPage: true });

  console.log(JSON.stringify({
    ...facts,
    filter: { text: filterText, shown: filtered, visible: filteredVisible, failedShown },
    sort: { ariaSort, ascending, descending },
    print: { collapsedOnScreen, printedDetails, printedControls },
    found,
    injectedLater: await page.evaluate(() => typeof window.__xss !== 'undefined'),
    requests,
    consoleErrors,
    chromium: browser.version(),
  }));
} finally {
  await browser.close();
}
