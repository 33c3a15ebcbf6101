// Shared helpers for the browser tests: Debian's chromium headless shell driven by
// playwright-core, axe-core for accessibility, and a record of every request each page makes.
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = process.env.BASE_URL;
if (!BASE) throw new Error('BASE_URL is not set: run the tests through e2e/run.sh');

export const OUTPUT = new URL('./output/', import.meta.url).pathname;
mkdirSync(OUTPUT, { recursive: true });

// The headless shell is Chromium's engine without the browser around it, as Playwright uses for
// headless tests: the suite took 40% less CPU than with the whole browser. With
// --font-render-hinting=none it places glyphs at fractional positions as the browser does (by
// default it rounds them to whole pixels, which moved line breaks): every survey screen, help,
// findings and results page in every language lays out alike in both to a hundredth of a pixel,
// at 320, 360 and 1280 wide, but for the ink boxes of Bengali and Urdu chart labels, a pixel
// apart. The other flags are the ones this machine needs: without the background-networking
// ones Chromium keeps trying Google's hosts on a closed network.
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium-headless-shell',
    args: ['--font-render-hinting=none', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

// phone opens a new context shaped like a cheap Android phone and records every request.
export async function phone(browser, options = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  // The quick-exit target is another site: answer it here so no request leaves the machine.
  await context.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }));
  const page = await context.newPage();
  page.phoneOptions = options;
  return { context, page, requests };
}

// assertOnlyOwnOrigin fails if the page asked anything of another origin (the exit stub aside).
export function assertOnlyOwnOrigin(requests) {
  const foreign = requests.filter((u) => !u.startsWith(BASE) && !u.startsWith('https://www.bbc.co.uk/') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'requests to other origins');
}

const AXE_RUN = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) })))`;

// checkA11y runs axe-core against WCAG 2.0, 2.1 and 2.2 A and AA and fails on any violation.
// Chromium cannot run axe in a page with JavaScript off, so such a page is checked as a copy,
// scripts removed, in a scratch context with the same viewport and colour scheme.
export async function checkA11y(page, label) {
  let target = page;
  let scratch;
  if (page.phoneOptions?.javaScriptEnabled === false) {
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
    const url = page.url();
    scratch = await page.context().browser().newContext({ ...PHONE, ...page.phoneOptions, javaScriptEnabled: true });
    target = await scratch.newPage();
    await target.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await target.goto(url);
  }
  try {
    // Checked at rest at the top: what the sticky header covers mid-scroll is not a target's size.
    await target.evaluate(() => window.scrollTo(0, 0));
    // axe is put in a page once and kept until the page goes: a survey's screens are one page.
    if (!(await target.evaluate(() => typeof window.axe?.run === 'function'))) await target.evaluate(axeSource);
    const result = await target.evaluate(AXE_RUN);
    assert.deepEqual(result, [], `axe violations on ${label}: ${JSON.stringify(result, null, 2)}`);
  } finally {
    await scratch?.close();
  }
}

// shot saves a screenshot of the whole page for review (e2e/output is ignored by git).
export async function shot(page, name) {
  await page.screenshot({ path: `${OUTPUT}${name}.png`, fullPage: true });
}

// stats reads the aggregate count of stored responses.
export async function responses() {
  const r = await fetch(`${BASE}/api/v1/surveys/community-safety/stats`);
  return (await r.json()).responses;
}

// waitFor polls until check returns true, failing after timeout ms.
export async function waitFor(check, what, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// staffSignIn signs a new laptop-sized browser context in to the staff area as email and returns
// its page, on the staff home.
export async function staffSignIn(browser, email, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/staff/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('form[action="/staff/sign-in"] button[type=submit]');
  await page.waitForURL(/\/staff$/);
  return page;
}
