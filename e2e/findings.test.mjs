// Published findings: the printable infographic for staff, scrutineers and the public, and the
// results page young people reach from the poster link once a survey has closed. Each is checked
// with axe-core, left to right and right to left, and asks nothing of any other site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { launch, phone, checkA11y, shot, assertOnlyOwnOrigin, waitFor, responses, BASE } from './lib.mjs';

let browser;

// seed sends answers to the demo survey through the API, enough for some numbers to be shown
// and some suppressed.
async function seed() {
  const before = await responses();
  const areas = ['putney', 'putney', 'tooting', 'balham', 'battersea'];
  const safe = ['very_safe', 'safe', 'safe', 'okay', 'unsafe'];
  const n = 80;
  for (let i = 0; i < n; i++) {
    const answers = {
      area: areas[i % areas.length], age: i % 3 ? 'age_12_13' : 'age_14_15', safe_home: i % 7 ? 'yes' : 'sometimes',
      safe_area: safe[i % safe.length], travel: safe[(i + 1) % safe.length].replace('safe', 'comfortable'),
      feel_safer: i % 2 ? ['lighting', 'cctv'] : ['police'], talk_to: ['parent_carer', ...(i % 3 ? ['friend'] : [])],
    };
    const r = await fetch(`${BASE}/api/v1/surveys/community-safety/responses`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `e2e-findings-${Date.now()}-${i}` },
      body: JSON.stringify({ answers, lang: i % 4 ? 'en' : 'ar' }),
    });
    assert.ok(r.status === 201, `seed ${i}: ${r.status}`);
  }
  await waitFor(async () => (await responses()) >= before + n, 'the seeded answers to be counted');
}

before(async () => {
  browser = await launch();
  await seed();
});
after(async () => { await browser.close(); });

for (const lang of ['en', 'ar']) {
  test(`findings page in ${lang} has no accessibility violations`, async () => {
    const { context, page, requests } = await phone(browser);
    await page.goto(`${BASE}/s/community-safety/findings?lang=${lang}`);
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
    assert.ok(await page.locator('figure.chart svg[role=img]').count() >= 10, 'a chart per choice question');
    assert.equal(await page.locator('script').count(), 0);
    await checkA11y(page, `findings page (${lang})`);
    await shot(page, `findings-${lang}`);
    assertOnlyOwnOrigin(requests);
    await context.close();
  });
}

test('findings broken down by area, chosen without JavaScript', async () => {
  const { context, page, requests } = await phone(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/s/community-safety/findings?lang=en`);
  await page.selectOption('select#by', 'area');
  await page.click('form.by button');
  await page.waitForURL(/by=area/);
  assert.match(await page.textContent('figure.chart h3'), /split by/);
  await checkA11y(page, 'findings page by area');
  await shot(page, 'findings-by-area');
  assertOnlyOwnOrigin(requests);
  await context.close();
});

test('findings compared with the previous wave', async () => {
  const { context, page, requests } = await phone(browser);
  await page.goto(`${BASE}/s/youth-safety-2025/findings`);
  assert.equal(await page.textContent('#compare-title'), 'Compared with 2024');
  await checkA11y(page, 'findings page with the previous wave');
  assertOnlyOwnOrigin(requests);
  await context.close();
});

test('findings download as the one-page PDF, the image to share and the full report, in the page\'s language', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${BASE}/s/community-safety/findings?lang=ar`);
  for (const [file, name] of [['findings.pdf', 'findings-ar.pdf'], ['findings/share.png', 'findings-share-ar.png'], ['findings-report.pdf', 'findings-report-ar.pdf']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`.downloads a[href$="/${file}?lang=ar"]`)]);
    assert.equal(download.suggestedFilename(), `community-safety-${name}`);
    const { size } = await stat(await download.path());
    assert.ok(size > 10000, `${file} is ${size} bytes`);
  }
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.downloads').evaluate((e) => getComputedStyle(e).display), 'none');
  await context.close();
});

test('findings print on A4 without the tables, charts two abreast', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 1400 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/s/community-safety/findings?lang=en`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.numbers').first().evaluate((e) => getComputedStyle(e).display), 'none');
  assert.equal(await page.locator('header.bar').evaluate((e) => getComputedStyle(e).display), 'none');
  const columns = await page.locator('.figures').first().evaluate((e) => getComputedStyle(e).gridTemplateColumns.split(' ').length);
  assert.equal(columns, 2);
  await page.pdf({ path: new URL('./output/findings.pdf', import.meta.url).pathname, format: 'A4' });
  await context.close();
});

for (const lang of ['en', 'ar']) {
  test(`results page of a closed survey in ${lang} has no accessibility violations`, async () => {
    const { context, page, requests } = await phone(browser);
    await page.goto(`${BASE}/s/youth-safety-2024?lang=${lang}`);
    assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
    const heading = await page.textContent('h1');
    if (lang === 'en') assert.equal(heading, 'You said, we did');
    else assert.ok(heading && heading !== 'You said, we did', `the heading in ${lang} is ${heading}`);
    assert.match(await page.textContent('.support'), /0800 1111/);
    await checkA11y(page, `results page (${lang})`);
    await shot(page, `results-${lang}`);
    assertOnlyOwnOrigin(requests);
    await context.close();
  });
}
