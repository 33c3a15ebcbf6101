// The survey with JavaScript off, as on the oldest phones: every screen works, is accessible and
// asks nothing of any other site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phone, checkA11y, shot, assertOnlyOwnOrigin, responses, waitFor, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test('completes the survey without JavaScript and stores one response', async () => {
  const { context, page, requests } = await phone(browser, { javaScriptEnabled: false });
  const before = await responses();
  await page.goto(`${BASE}/s/community-safety`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await checkA11y(page, 'survey page (no JS)');
  await shot(page, 'nojs-survey');
  await page.check('#a-area-putney');
  await page.check('#a-age-age_12_13');
  await page.check('#a-safe_home-yes');
  await page.check('#a-safe_area-safe');
  await page.check('#a-feel_safer-lighting');
  await page.check('#a-feel_safer-youth_clubs');
  await page.fill('#a-needs_done', 'More street lights by the towpath');
  await page.click('form#survey button.primary');
  await page.waitForSelector('h1:text("Thank you!")');
  // The thank-you page answers the form: the survey's own address, the same for every child.
  assert.equal(page.url(), `${BASE}/s/community-safety`);
  assert.equal(await page.locator('.concern:visible').count(), 0);
  assert.match(await page.textContent('.support'), /0800 1111/);
  await checkA11y(page, 'thank-you page');
  await shot(page, 'nojs-thanks');
  await waitFor(async () => (await responses()) === before + 1, 'the response to be counted');
  assertOnlyOwnOrigin(requests);
  await context.close();
});

test('keeps every answer after a validation error and points to the problem', async () => {
  const { context, page, requests } = await phone(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/s/community-safety`);
  for (const o of ['lighting', 'cctv', 'police', 'youth_clubs']) await page.check(`#a-feel_safer-${o}`);
  await page.check('#a-area-tooting');
  await page.fill('#a-anything_else', 'Buses at night');
  await page.click('form#survey button.primary');
  assert.match(await page.textContent('#q-feel_safer-error'), /no more than 3/);
  // The summary comes first and takes focus; its link names the question; the group says what is wrong.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'problem');
  assert.equal(await page.evaluate(() => document.querySelector('#main > *').id), 'problem');
  assert.match(await page.textContent('#problem a[href="#q-feel_safer"]'), /^What would make you feel safer\?: Please choose no more than 3\.$/);
  assert.match(await page.getAttribute('#q-feel_safer', 'aria-describedby'), /\bq-feel_safer-how\b.*\bq-feel_safer-error\b/);
  assert.equal(await page.getAttribute('#a-feel_safer-cctv', 'aria-invalid'), 'true');
  assert.equal(await page.isChecked('#a-area-tooting'), true);
  assert.equal(await page.isChecked('#a-feel_safer-youth_clubs'), true);
  assert.equal(await page.inputValue('#a-anything_else'), 'Buses at night');
  await checkA11y(page, 'survey page with an error');
  await shot(page, 'nojs-error');
  await page.uncheck('#a-feel_safer-cctv');
  await page.click('form#survey button.primary');
  await page.waitForSelector('h1:text("Thank you!")');
  assertOnlyOwnOrigin(requests);
  await context.close();
});

test('a worrying answer brings help to the top of the thank-you page', async () => {
  const { context, page } = await phone(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/s/community-safety`);
  await page.check('#a-safe_home-no');
  await page.click('form#survey button.primary');
  await page.waitForSelector('h1:text("Thank you!")');
  assert.equal(page.url(), `${BASE}/s/community-safety`, 'the address says nothing about help');
  assert.equal(await page.locator('.concern:visible').count(), 1);
  assert.match(await page.textContent('.concern'), /0800 1111/);
  await checkA11y(page, 'thank-you page after a concern');
  await shot(page, 'nojs-concern');
  await context.close();
});

test('without JavaScript, Back from the quick exit shows no answer', async () => {
  const { context, page } = await phone(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/healthz`);
  await page.goto(`${BASE}/s/community-safety`);
  await page.check('#a-safe_home-no');
  await page.click('#exit');
  await page.waitForURL('https://www.bbc.co.uk/weather');
  await page.goBack();
  // The best a plain link allows: the survey comes back, but empty (no-store, autocomplete off).
  assert.equal(page.url(), `${BASE}/s/community-safety`);
  assert.equal(await page.isChecked('#a-safe_home-no'), false, 'the answer is not shown again');
  await context.close();
});

test('help, not-found and quick-exit work without JavaScript', async () => {
  const { context, page, requests } = await phone(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/s/community-safety/help`);
  assert.equal(await page.locator('a[href="tel:08001111"]').count(), 1);
  await checkA11y(page, 'help page');
  await shot(page, 'help');
  const missing = await page.goto(`${BASE}/s/no-such-survey`);
  assert.equal(missing.status(), 404);
  await checkA11y(page, 'not-found page');
  await page.click('#exit');
  await page.waitForURL('https://www.bbc.co.uk/weather');
  assertOnlyOwnOrigin(requests);
  await context.close();
});

test('dark mode and 200% text stay accessible', async () => {
  const { context, page } = await phone(browser, { javaScriptEnabled: false, colorScheme: 'dark' });
  await page.goto(`${BASE}/s/community-safety`);
  await checkA11y(page, 'survey page in dark mode');
  await shot(page, 'dark');
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 200% text`);
  await shot(page, 'zoom-200');
  await context.close();
});
