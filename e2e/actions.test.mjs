// The actions editor ("you said, we did"): an admin adds an action in English and Arabic with
// JavaScript off, and the results page of the closed survey shows it to young people in Arabic.
// The editor and the page are checked with axe-core. The accounts are made by run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phone, checkA11y, shot, BASE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const SURVEY = 'youth-safety-2024'; // closed and published: its link shows the results page

test('an admin adds an action in English and Arabic and the results page shows it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  page.phoneOptions = { javaScriptEnabled: false };
  await page.goto(`${BASE}/staff/surveys/${SURVEY}/actions`);
  await page.fill('#email', process.env.ADMIN_EMAIL);
  await page.fill('#password', process.env.ADMIN_PASSWORD);
  await page.click('form[action="/staff/sign-in"] button[type=submit]');
  await page.waitForURL(/\/actions$/);
  await checkA11y(page, 'actions editor');

  // Without English the action is refused, and the field says so.
  await page.fill('[id="new-text.ar"]', 'إنارة أفضل في الحديقة');
  await page.click('#action-new button[type=submit]');
  await page.locator('.problem').waitFor();
  assert.equal(await page.getAttribute('[id="new-text.en"]', 'aria-invalid'), 'true');
  await checkA11y(page, 'actions editor with a problem');

  await page.fill('[id="new-you_said.en"]', 'The park is too dark at night');
  await page.fill('[id="new-text.en"]', 'Better lights in the park');
  await page.selectOption('#new-status', 'doing');
  await page.locator('#action-new input[name=question]').first().check();
  await page.click('#action-new button[type=submit]');
  await page.waitForURL(/notice=saved#action-1$/);
  assert.equal(await page.inputValue('[id="a1-text.ar"]'), 'إنارة أفضل في الحديقة');
  // The Arabic "you said" was left out: marked missing, in words.
  assert.equal(await page.locator('label[for="a1-you_said.ar"] .tag-missing').count(), 1);
  await checkA11y(page, 'actions editor with an action');
  await shot(page, 'actions-editor');
  await context.close();

  for (const [lang, text] of [['en', 'Better lights in the park'], ['ar', 'إنارة أفضل في الحديقة']]) {
    const young = await phone(browser);
    await young.page.goto(`${BASE}/s/${SURVEY}?lang=${lang}`);
    assert.match(await young.page.textContent('ul.did'), new RegExp(text));
    await checkA11y(young.page, `results page with the action (${lang})`);
    await young.context.close();
  }
});
